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
            return Map.of("tributary.inbox.dir", "target/test-inbox-console", "tributary.spool-dir", "target/spool-console");
        }
    }

    @TestHTTPResource("/")
    URL root;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(root.toString()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aCleanedAndAFailedFileAreThereWithTheirStatusAndTheReportPageIsOneClickAway() throws Exception {
        List<String> lines = Files.readAllLines(HotelBookingsEndToEndTest.HOTEL, StandardCharsets.UTF_8);
        String good = "raw/hotel_bookings/hotel_bookings_console.csv";
        s3.putObject(p -> p.bucket(config.bucket()).key(good), RequestBody.fromString(
                String.join("\n", lines.subList(0, 101)) + "\n"));
        // bytes that are no text: the file fails, with the reason
        String bad = "raw/hotel_bookings/hotel_bookings_console_bad.csv";
        s3.putObject(p -> p.bucket(config.bucket()).key(bad), RequestBody.fromBytes(new byte[]{(byte) 0xff, 0, 0x41}));
        Map<String, AttributeValue> cleaned = awaitCleaned(good);
        Map<String, AttributeValue> failed = awaitOutcome(bad, Duration.ofSeconds(60));

        HttpResponse<String> home = get("/");
        assertEquals(200, home.statusCode());
        assertTrue(home.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(home.body().contains("<a href=\"/datasets/hotel_bookings\">hotel_bookings</a>"), home.body());
        assertTrue(home.body().contains("<a href=\"/datasets/user_profiles\">user_profiles</a>"),
                "every dataset with a spec, files or not");
        assertTrue(!home.body().contains("<script"), "readable with JavaScript off: there is none");

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

        // every link of the two pages leads somewhere
        for (String html : List.of(home.body(), page)) {
            Matcher href = Pattern.compile("href=\"(/[^\"]*)\"").matcher(html);
            while (href.find()) {
                String target = href.group(1).replace("&amp;", "&");
                assertEquals(200, get(target).statusCode(), "the link " + target);
            }
        }

        assertEquals(404, get("/s3/" + good).statusCode(), "raw data is not served");
        assertEquals(404, get("/s3/reports/../raw/x").statusCode());
        assertEquals(404, get("/s3/reports/hotel_bookings/nothing.html").statusCode());
    }
}
