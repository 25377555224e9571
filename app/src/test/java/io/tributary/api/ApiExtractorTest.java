package io.tributary.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tributary.clean.DatasetSpec;
import io.tributary.local.MockFlowersApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run of an API source against the local mock API (the real server, a clock the test moves)
 * and against small servers playing the other pagination styles.
 */
class ApiExtractorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "s3cr3t-key";
    private final List<Long> slept = new CopyOnWriteArrayList<>();
    private final ApiExtractor extractor = new ApiExtractor(HttpClient.newHttpClient(), slept::add);
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private static DatasetSpec.Api flowersApi(int retries, int maxPages) {
        return new DatasetSpec.Api("unused", "/flowers", Map.of(), Map.of(),
                new DatasetSpec.ApiKey("FLOWERS_API_KEY", null, null, "X-Api-Key", null, ""), "/data",
                new DatasetSpec.Pagination(DatasetSpec.PageType.PAGE, 10, "per_page", "page", 1, "offset",
                        "/next_cursor", "cursor"),
                new DatasetSpec.Incremental("updated_at", "updated_since", null, "id"),
                io.tributary.clean.CronSchedule.parse("0 * * * *"), 5, retries, maxPages, 1_000_000);
    }

    private static List<JsonNode> lines(ByteArrayOutputStream out) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                records.add(JSON.readTree(line));
            }
        }
        return records;
    }

    @Test
    void theFirstRunReadsEveryPageAndTheNextOnlyWhatIsNewOrChanged() throws Exception {
        MovingClock clock = new MovingClock();
        MockFlowersApi mock = MockFlowersApi.start(0, 42, clock, KEY, 0);
        servers.add(mock);
        DatasetSpec.Api api = flowersApi(5, 1000);

        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ApiExtractor.Run run1 = extractor.run(api, mock.url(), KEY, null, first);
        List<JsonNode> all = lines(first);
        assertEquals(40, all.size(), "every flower of minute 0");
        assertEquals(40, all.stream().map(r -> r.get("id").asLong()).distinct().count());
        assertEquals(5, run1.pages(), "four full pages of 10, then an empty one");
        assertEquals(mock.url() + "/flowers?page=1&per_page=10", run1.url());
        String cursor1 = run1.next().value();
        assertEquals(all.stream().map(r -> r.get("updated_at").asText()).max(String::compareTo).orElseThrow(), cursor1);

        // nothing changed: the records at the boundary were taken, so nothing comes twice
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ApiExtractor.Run run2 = extractor.run(api, mock.url(), KEY, run1.next(), again);
        assertEquals(0, run2.records());
        assertEquals(run1.next(), run2.next());
        assertTrue(run2.skipped() > 0, "the boundary's records were answered and left out");
        assertTrue(run2.url().contains("updated_since=" + cursor1.replace(":", "%3A")), run2.url());

        // three minutes later: 9 new flowers, and up to 6 changed ones
        clock.advance(Duration.ofMinutes(3));
        ByteArrayOutputStream later = new ByteArrayOutputStream();
        ApiExtractor.Run run3 = extractor.run(api, mock.url(), KEY, run2.next(), later);
        List<JsonNode> changes = lines(later);
        long fresh = changes.stream().filter(r -> r.get("id").asLong() > 40).count();
        assertEquals(9, fresh);
        long changed = changes.stream().filter(r -> r.get("id").asLong() <= 40).count();
        assertTrue(changed >= 1 && changed <= 6, "changed: " + changed);
        for (JsonNode r : changes.stream().filter(r -> r.get("id").asLong() <= 40).toList()) {
            JsonNode before = all.stream().filter(a -> a.get("id").equals(r.get("id"))).findFirst().orElseThrow();
            assertTrue(r.get("updated_at").asText().compareTo(before.get("updated_at").asText()) > 0);
            assertEquals(before.get("created_at"), r.get("created_at"));
        }
        assertTrue(run3.next().value().compareTo(cursor1) > 0);
    }

    @Test
    void throttlingAndServerErrorsAreRetriedHonouringRetryAfter() throws Exception {
        MockFlowersApi mock = MockFlowersApi.start(0, 42, new MovingClock(), KEY, 3);
        servers.add(mock);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiExtractor.Run run = extractor.run(flowersApi(5, 1000), mock.url(), KEY, null, out);
        assertEquals(40, lines(out).size(), "every record once, whatever failed on the way");
        assertEquals(2, run.retries(), "the 3rd request got 429 and the 6th 500, each tried again");
        assertEquals(List.of(1000L, 1000L), slept, "Retry-After: 1 for the 429; the first backoff for the 500");
    }

    @Test
    void aRunThatCannotFinishFailsNamingTheUrlButNeverTheKey() throws Exception {
        MockFlowersApi mock = MockFlowersApi.start(0, 42, new MovingClock(), KEY, 0);
        servers.add(mock);
        mock.refuseAfter(2);
        ApiExtractor.ApiException refused = assertThrows(ApiExtractor.ApiException.class,
                () -> extractor.run(flowersApi(5, 1000), mock.url(), KEY, null, new ByteArrayOutputStream()));
        assertEquals(mock.url() + "/flowers?page=3&per_page=10: HTTP 403: {\"error\":\"refused\"}", refused.getMessage());

        mock.refuseAfter(-1);
        ApiExtractor.ApiException wrongKey = assertThrows(ApiExtractor.ApiException.class,
                () -> extractor.run(flowersApi(5, 1000), mock.url(), "wrong", null, new ByteArrayOutputStream()));
        assertTrue(wrongKey.getMessage().contains("HTTP 401"), wrongKey.getMessage());

        // a key sent as a parameter is in no URL a run reports
        HttpServer echo = server(exchange -> respond(exchange, 500, "{\"error\":\"bad key " + KEY + "\"}"));
        DatasetSpec.Api param = withKey(flowersApi(1, 1000), new DatasetSpec.ApiKey("K", null, null, null, "api_key", ""));
        ApiExtractor.ApiException failed = assertThrows(ApiExtractor.ApiException.class,
                () -> extractor.run(param, url(echo), KEY, null, new ByteArrayOutputStream()));
        assertFalse(failed.getMessage().contains(KEY), failed.getMessage());
        assertTrue(failed.getMessage().contains("(after 2 tries)"), failed.getMessage());
    }

    @Test
    void maxPagesStopsTheRunAndSaysSo() throws Exception {
        MockFlowersApi mock = MockFlowersApi.start(0, 42, new MovingClock(), KEY, 0);
        servers.add(mock);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiExtractor.Run run = extractor.run(flowersApi(5, 2), mock.url(), KEY, null, out);
        assertEquals(20, run.records());
        assertTrue(run.capped());
        // sorted by updated_at, so the next run goes on where this one stopped
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        ApiExtractor.Run next = extractor.run(flowersApi(5, 1000), mock.url(), KEY, run.next(), rest);
        assertEquals(20, next.records());
    }

    @Test
    void offsetCursorAndLinkPaginationReadEveryPage() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer offset = server(exchange -> {
            String q = exchange.getRequestURI().getQuery();
            seen.add(q);
            int from = Integer.parseInt(q.replaceAll(".*offset=(\\d+).*", "$1"));
            respond(exchange, 200, "{\"items\": " + range(from, Math.min(25, from + 10)) + "}");
        });
        DatasetSpec.Api byOffset = paged(DatasetSpec.PageType.OFFSET, "/items");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(25, extractor.run(byOffset, url(offset), null, null, out).records());
        assertEquals(List.of("offset=0&limit=10", "offset=10&limit=10", "offset=20&limit=10"), seen);

        HttpServer cursor = server(exchange -> {
            String q = exchange.getRequestURI().getQuery();
            int from = q.contains("after=") ? Integer.parseInt(q.replaceAll(".*after=(\\d+).*", "$1")) : 0;
            String next = from + 10 < 25 ? "\"" + (from + 10) + "\"" : "null";
            respond(exchange, 200, "{\"items\": " + range(from, Math.min(25, from + 10)) + ", \"meta\": {\"next\": "
                    + next + "}}");
        });
        ByteArrayOutputStream viaCursor = new ByteArrayOutputStream();
        ApiExtractor.Run c = extractor.run(paged(DatasetSpec.PageType.CURSOR, "/items"), url(cursor), null, null,
                viaCursor);
        assertEquals(25, c.records());
        assertEquals(3, c.pages());

        HttpServer link = server(exchange -> {
            String q = exchange.getRequestURI().getQuery();
            int page = q == null || !q.contains("p=") ? 1 : Integer.parseInt(q.replaceAll(".*p=(\\d+).*", "$1"));
            if (page < 3) {
                exchange.getResponseHeaders().set("Link", "</items?p=" + (page + 1) + ">; rel=\"next\", </items?p=1>;"
                        + " rel=\"first\"");
            }
            respond(exchange, 200, "{\"items\": " + range((page - 1) * 10, Math.min(25, page * 10)) + "}");
        });
        ByteArrayOutputStream viaLink = new ByteArrayOutputStream();
        assertEquals(25, extractor.run(paged(DatasetSpec.PageType.LINK, "/items"), url(link), null, null, viaLink)
                .records());
        assertEquals(25, lines(viaLink).stream().map(r -> r.get("id").asInt()).distinct().count());
    }

    @Test
    void anAnswerWithoutRecordsWhereTheSpecSaysFailsSayingWhere() throws Exception {
        HttpServer html = server(exchange -> respond(exchange, 200, "<html>maintenance</html>"));
        IOException notJson = assertThrows(IOException.class, () -> extractor.run(paged(DatasetSpec.PageType.NONE,
                "/items"), url(html), null, null, new ByteArrayOutputStream()));
        assertTrue(notJson.getMessage().startsWith(url(html) + "/items (page 1): the answer is not JSON"),
                notJson.getMessage());
        HttpServer other = server(exchange -> respond(exchange, 200, "{\"results\": []}"));
        IOException noArray = assertThrows(IOException.class, () -> extractor.run(paged(DatasetSpec.PageType.NONE,
                "/items"), url(other), null, null, new ByteArrayOutputStream()));
        assertTrue(noArray.getMessage().endsWith("(page 1): no array of records at '/items' in the answer"),
                noArray.getMessage());
    }

    @Test
    void retryAfterAndBackoff() {
        assertEquals(7000, ApiExtractor.retryAfter("7", 0));
        assertEquals(300_000, ApiExtractor.retryAfter("86400", 0), "at most five minutes");
        assertEquals(4000, ApiExtractor.retryAfter(null, 2));
        assertEquals(ApiExtractor.MAX_BACKOFF_MILLIS, ApiExtractor.backoff(30));
        assertTrue(ApiExtractor.compare("10", "9") > 0, "numbers as numbers");
        assertTrue(ApiExtractor.compare("2026-12-04T10:00:00Z", "2026-12-04T09:59:59Z") > 0);
    }

    // ------------------------------------------------------------------ helpers

    private static String range(int from, int to) {
        StringBuilder s = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            s.append(i > from ? "," : "").append("{\"id\": ").append(i).append('}');
        }
        return s.append(']').toString();
    }

    private static DatasetSpec.Api paged(DatasetSpec.PageType type, String records) {
        return new DatasetSpec.Api("unused", "/items", Map.of(), Map.of(), null, records,
                new DatasetSpec.Pagination(type, 10, "limit", "page", 1, "offset", "/meta/next", "after"), null,
                io.tributary.clean.CronSchedule.parse("0 * * * *"), 5, 0, 100, 1_000_000);
    }

    private static DatasetSpec.Api withKey(DatasetSpec.Api a, DatasetSpec.ApiKey key) {
        return new DatasetSpec.Api(a.url(), a.path(), a.params(), a.headers(), key, a.records(), a.pagination(),
                a.incremental(), a.schedule(), a.timeoutSeconds(), a.retries(), a.maxPages(), a.maxRecords());
    }

    interface Handler {
        void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
    }

    private HttpServer server(Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        server.start();
        servers.add(() -> server.stop(0));
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
