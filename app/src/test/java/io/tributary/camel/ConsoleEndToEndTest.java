package io.tributary.camel;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local console as a person reads it, over HTTP from the running application: the datasets,
 * a dataset's files with their status, the link from a file to its report's page, and a failed
 * file's reason; nothing but outputs is served from the bucket.
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(ConsoleEndToEndTest.OwnStack.class)
class ConsoleEndToEndTest extends PipelineTestSupport {

    /** An application of its own: its files are no other test's business (and theirs not its). */
    public static class OwnStack implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // every clean tells how far it is, four times a second (ConsoleBrowserTest reads the log)
            return Map.of("tributary.inbox.dir", "target/test-inbox-console", "tributary.spool-dir", "target/spool-console",
                    "tributary.progress.min-size-mb", "0", "tributary.progress.log-every", "250ms");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @jakarta.inject.Inject
    io.tributary.aws.StateLedger ledger;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(root.toString()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The status line of GET / with this Host header (which java.net.http does not let a caller set). */
    private String statusLine(String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(root.getHost(), root.getPort())) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void aCleanedAndAFailedFileAreThereWithTheirStatusAndTheReportPageIsOneClickAway() throws Exception {
        List<String> lines = Files.readAllLines(HotelBookingsEndToEndTest.HOTEL, StandardCharsets.UTF_8);
        String good = "raw/hotel_bookings/hotel_bookings_console.csv";
        s3.putObject(p -> p.bucket(config.bucket()).key(good), RequestBody.fromString(
                String.join("\n", lines.subList(0, 1001)) + "\n"));
        // bytes that are no text: the file fails, with the reason
        String bad = "raw/hotel_bookings/hotel_bookings_console_bad.csv";
        s3.putObject(p -> p.bucket(config.bucket()).key(bad), RequestBody.fromBytes(new byte[]{(byte) 0xff, 0, 0x41}));
        Map<String, AttributeValue> cleaned = awaitCleaned(good);
        Map<String, AttributeValue> failed = awaitOutcome(bad, Duration.ofSeconds(60));

        HttpResponse<String> home = get("/");
        assertEquals(200, home.statusCode(), home.body());
        assertTrue(home.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(home.body().contains("<a href=\"/datasets/hotel_bookings\">hotel_bookings</a>"), home.body());
        assertTrue(home.body().contains("<a href=\"/datasets/user_profiles\">user_profiles</a>"),
                "every dataset with a spec, files or not");
        assertTrue(!home.body().contains("<script"), "readable with JavaScript off: there is none");
        assertEquals(java.util.Optional.of(io.tributary.console.LocalConsole.CONTENT_SECURITY_POLICY),
                home.headers().firstValue("Content-Security-Policy"), "and none could run");

        String page = get("/datasets/hotel_bookings").body();
        Matcher row = Pattern.compile("<tr class=\"file\" data-key=\"" + Pattern.quote(good) + "\">(.*?)</tr>",
                Pattern.DOTALL).matcher(page);
        assertTrue(row.find(), page);
        assertTrue(row.group(1).contains("<td class=\"cleaned\">cleaned</td>"), row.group(1));
        assertTrue(row.group(1).contains("<td class=\"n\">" + cleaned.get("rows_out").n() + "</td>"), row.group(1));
        Matcher link = Pattern.compile("<a class=\"report\" href=\"([^\"]+)\">page</a>").matcher(row.group(1));
        assertTrue(link.find(), row.group(1));
        assertEquals("/s3/reports/hotel_bookings/hotel_bookings_console.html", link.group(1));
        HttpResponse<String> report = get(link.group(1));
        assertEquals(200, report.statusCode());
        assertTrue(report.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(report.body().contains("id=\"column-adr\"") && report.body().contains("<svg class=\"chart histogram\""));

        Matcher failedRow = Pattern.compile("<tr class=\"file\" data-key=\"" + Pattern.quote(bad) + "\">(.*?)</tr>",
                Pattern.DOTALL).matcher(page);
        assertTrue(failedRow.find(), page);
        assertTrue(failedRow.group(1).contains("<td class=\"failed\">failed: "), failedRow.group(1));
        String reason = failed.get("reason").s();
        assertTrue(failedRow.group(1).contains(io.tributary.report.Svg.escape(reason)), failedRow.group(1) + " / " + reason);
        // and when it is cleaned again (tributary.retry-failed-after, 10 min here, after its failure)
        Matcher retry = Pattern.compile("cleaned again at (\\S+), or as soon as the file changes").matcher(failedRow.group(1));
        assertTrue(retry.find(), failedRow.group(1));
        java.time.Instant failedAt = java.time.Instant.parse(failed.get("at").s());
        long minutes = java.time.Duration.between(failedAt, java.time.Instant.parse(retry.group(1))).toMinutes();
        assertTrue(minutes >= 9 && minutes <= 10, "about 10 min after the failure: " + retry.group(1) + " / " + failedAt);

        // every link of the pages leads somewhere
        for (String html : List.of(home.body(), page, get("/lake").body())) {
            Matcher href = Pattern.compile("href=\"(/[^\"]*)\"").matcher(html);
            while (href.find()) {
                String target = href.group(1).replace("&amp;", "&");
                assertEquals(200, get(target).statusCode(), "the link " + target);
            }
        }

        // the lake: its tables with as many rows as the cleans put there, and the SQL box
        String lake = get("/lake").body();
        long cleanedRows = ledger.objects().entrySet().stream().filter(e -> e.getKey().startsWith("raw/hotel_bookings/")
                && e.getValue().containsKey("status") && "cleaned".equals(e.getValue().get("status").s())).mapToLong(e -> Long.parseLong(
                e.getValue().get("rows_out").n())).sum();
        Matcher hotelTable = Pattern.compile("<tr class=\"lake-table\" data-table=\"hotel_bookings\">.*?"
                + "<td class=\"n rows\">([0-9,]+)</td>", Pattern.DOTALL).matcher(lake);
        assertTrue(hotelTable.find(), lake);
        assertEquals(cleanedRows, Long.parseLong(hotelTable.group(1).replace(",", "")), "every cleaned row, in the lake");
        String bars = get("/lake?chart=bar&sql=" + java.net.URLEncoder.encode("SELECT hotel, count(*) AS bookings FROM"
                + " hotel_bookings GROUP BY hotel ORDER BY hotel", StandardCharsets.UTF_8)).body();
        assertTrue(bars.contains("<figcaption>bookings by hotel</figcaption>"), bars);
        Matcher resultRow = Pattern.compile("<tr><td>([^<]+)</td><td class=\"n\">(\\d+)</td></tr>").matcher(bars);
        long total = 0;
        while (resultRow.find()) {
            assertTrue(bars.contains("text-anchor=\"end\">" + resultRow.group(1) + "</text>"), "a bar for " + resultRow.group(1));
            total += Long.parseLong(resultRow.group(2));
        }
        assertEquals(cleanedRows, total, "the result table: bookings per hotel, all of them");
        // a histogram of every row (the table shows only the first 200): its bins hold as many values as count(adr)
        String histogram = get("/lake?chart=histogram&sql=SELECT+adr+FROM+hotel_bookings").body();
        Matcher bin = Pattern.compile("<rect class=\"bin\"[^>]*><title>[^<]*\\): (\\d+)</title>").matcher(histogram);
        long binned = 0;
        while (bin.find()) {
            binned += Long.parseLong(bin.group(1));
        }
        Matcher counted = Pattern.compile("<tr><td class=\"n\">(\\d+)</td></tr>").matcher(
                get("/lake?sql=SELECT+count(adr)+FROM+hotel_bookings").body());
        assertTrue(counted.find());
        assertEquals(Long.parseLong(counted.group(1)), binned, "every adr value in a bin");
        assertTrue(binned > 200, "more values than the rows shown");
        String unknown = get("/lake?sql=SELECT+*+FROM+nope").body();
        assertTrue(unknown.contains("<p class=\"failed query-error\">Unknown table nope: the lake&#39;s tables are "),
                unknown);

        // the console's SQL reads the lake and nothing else of the machine
        String passwd = get("/lake?sql=" + java.net.URLEncoder.encode("SELECT * FROM read_csv('/etc/passwd')",
                StandardCharsets.UTF_8)).body();
        assertTrue(passwd.contains("<p class=\"failed query-error\">The query failed: Permission Error"), passwd);
        // a query from another site's page is not run (a link or an image there could carry one)
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(root.toString())
                .resolve("/lake?sql=SELECT+1")).header("Sec-Fetch-Site", "cross-site").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(403, crossSite.statusCode());
        assertTrue(crossSite.body().contains("Not run: the query came from another site"), crossSite.body());
        // nor is any page served to a name pointed at this machine by someone else (DNS rebinding)
        assertEquals("HTTP/1.1 403 Forbidden", statusLine("evil.example:" + root.getPort()));
        assertEquals("HTTP/1.1 200 OK", statusLine("127.0.0.1:" + root.getPort()));

        assertEquals(404, get("/s3/" + good).statusCode(), "raw data is not served");
        assertEquals(404, get("/s3/reports/../raw/x").statusCode());
        assertEquals(404, get("/s3/reports/hotel_bookings/nothing.html").statusCode());
    }
}
