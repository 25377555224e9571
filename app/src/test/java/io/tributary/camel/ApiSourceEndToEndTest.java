package io.tributary.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.LogCapture;
import io.tributary.api.MovingClock;
import io.tributary.aws.JobStates;
import io.tributary.local.LocalStack;
import io.tributary.local.MockFlowersApi;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flowers API source end to end: the mock API (started here, with a clock the test moves) is
 * pulled through the production flow (routes/flows/extract-api, routes/datasets/flowers.yaml) into
 * raw/, cleaned into DynamoDB and the Parquet lake by colour, run after run.
 */
@QuarkusTest
class ApiSourceEndToEndTest extends PipelineTestSupport {
    private static final String KEY = "local-demo-key"; // %test.FLOWERS_API_KEY, as in local mode
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ApiSources apiSources;
    @Inject
    JobStates cursors;
    @Inject
    ProducerTemplate flows;
    @Inject
    DatasetExports exports;
    @Inject
    io.tributary.aws.AwsClients clients;

    private final MovingClock clock = new MovingClock();
    private MockFlowersApi mock;
    private String stackMock;

    @BeforeEach
    void startMock() throws IOException {
        mock = MockFlowersApi.start(0, 7, clock, KEY, 0);
        stackMock = System.getProperty(LocalStack.MOCK_API_URL);
        System.setProperty(LocalStack.MOCK_API_URL, mock.url()); // what flowers.yaml's url names in local mode
    }

    @AfterEach
    void stopMock() {
        mock.close();
        if (stackMock != null) {
            System.setProperty(LocalStack.MOCK_API_URL, stackMock);
        }
    }

    private List<String> rawKeys() {
        return keys(config.rawPrefix() + "flowers/");
    }

    /** The flowers DynamoDB holds, by id. */
    private Map<Long, Map<String, AttributeValue>> table() {
        Map<Long, Map<String, AttributeValue>> items = new HashMap<>();
        dynamodb.scanPaginator(s -> s.tableName("tributary-flowers")).items()
                .forEach(i -> items.put(Long.parseLong(i.get("id").n()), i));
        return items;
    }

    /** The mock's flowers as it serves them now, by id. */
    private Map<Long, JsonNode> served() throws Exception {
        Map<Long, JsonNode> byId = new HashMap<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int page = 1; ; page++) {
            JsonNode body = JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(mock.url() + "/flowers?per_page=1000&page=" + page))
                    .header("X-Api-Key", KEY).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            if (body.get("data").isEmpty()) {
                return byId;
            }
            body.get("data").forEach(f -> byId.put(f.get("id").asLong(), f));
        }
    }

    @Test
    void runAfterRunTheApiIsPulledIncrementallyCleanedAndLoadedWithNothingTwiceAndTheKeyNowhere() throws Exception {
        try (LogCapture log = new LogCapture("io.tributary", "tributary")) {
            // the first run: every flower of minute 0, one raw object with where it came from
            apiSources.extract("flowers");
            List<String> first = rawKeys();
            assertEquals(1, first.size());
            String rawKey = first.get(0);
            assertTrue(rawKey.matches("raw/flowers/flowers-\\d{8}T\\d{9}Z\\.jsonl"), rawKey);
            assertEquals(40, lines(rawKey).size());
            HeadObjectResponse head = s3.headObject(h -> h.bucket(config.bucket()).key(rawKey));
            assertEquals(mock.url() + "/flowers?page=1&per_page=100", head.metadata().get("source-url"));
            assertEquals("", head.metadata().get("cursor-from"));
            assertEquals("1", head.metadata().get("pages"));
            assertEquals("40", head.metadata().get("records"));
            assertEquals(cursors.get(JobStates.API, "flowers").orElseThrow().cursor().value(), head.metadata().get("cursor-to"));
            assertFalse(apiSources.due().contains("flowers"), "ran: next due at the top of the hour");

            // cleaned: the flower with a price typo is rejected alone, with the reason; the rest flow
            Map<String, AttributeValue> outcome = awaitCleaned(rawKey);
            assertEquals("cleaned", outcome.get("status").s());
            String rejected = text(config.rejectedPrefix() + "flowers/" + rawKey.substring(rawKey.lastIndexOf('/') + 1)
                    .replace(".jsonl", ".csv"));
            assertTrue(rejected.contains("column price") && rejected.contains("$"), rejected);
            assertEquals(2, rejected.lines().count(), "a header and flower 7: " + rejected);
            Map<Long, Map<String, AttributeValue>> loaded = table();
            assertEquals(39, loaded.size());
            assertFalse(loaded.containsKey(7L));
            Map<String, AttributeValue> three = loaded.get(3L); // served without a colour
            assertEquals("undefined", three.get("color").s());
            Map<Long, JsonNode> served = served();
            JsonNode one = served.get(1L);
            assertPrice(one, loaded.get(1L));
            String[] place = one.get("location").asText().split(", ");
            assertEquals(place[0], loaded.get(1L).get("city").s());
            assertEquals(place[1], loaded.get(1L).get("country").s());
            // the lake: partitioned by colour, one folder per colour the clean rows have
            Set<String> folders = keys(config.curatedPrefix() + "flowers/").stream()
                    .map(k -> k.substring((config.curatedPrefix() + "flowers/").length(), k.lastIndexOf('/')))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> colors = loaded.values().stream().map(i -> "color=" + i.get("color").s())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(colors, folders);
            assertTrue(folders.contains("color=undefined"));

            // nothing changed: nothing written
            apiSources.extract("flowers");
            assertEquals(first, rawKeys());
            assertTrue(log.contains("API flowers: nothing new"), log.lines().toString());

            // two minutes on: new flowers and changed prices, only those fetched
            clock.advance(Duration.ofMinutes(2));
            apiSources.extract("flowers");
            List<String> second = rawKeys().stream().filter(k -> !first.contains(k)).toList();
            assertEquals(1, second.size());
            List<String> changes = lines(second.get(0));
            assertTrue(changes.size() >= 7 && changes.size() <= 10, "6 new, up to 4 changed: " + changes.size());
            awaitCleaned(second.get(0));

            // a run that fails part-way (the API refuses its second page) writes nothing, keeps the cursor
            clock.advance(Duration.ofMinutes(40));
            JobStates.State before = cursors.get(JobStates.API, "flowers").orElseThrow();
            mock.refuseAfter(1);
            flows.sendBody("direct:extract-api", "flowers");
            assertTrue(log.contains("API flowers failed: " + mock.url() + "/flowers?updated_since="), log.lines().toString());
            assertEquals(before.cursor(), cursors.get(JobStates.API, "flowers").orElseThrow().cursor());
            assertEquals(first.size() + second.size(), rawKeys().size());
            // the next run takes all of it, through the flow
            mock.refuseAfter(-1);
            flows.sendBody("direct:extract-api", "flowers");
            List<String> third = rawKeys().stream().filter(k -> !first.contains(k) && !second.contains(k)).toList();
            assertEquals(1, third.size());
            assertTrue(lines(third.get(0)).size() > 100, "40 minutes of changes, over two pages");
            awaitCleaned(third.get(0));

            // DynamoDB holds every flower the API serves once, with its latest version (but the rejected one)
            served = served();
            loaded = table();
            assertEquals(served.size() - served.keySet().stream().filter(id -> id % 50 == 7).count(), loaded.size());
            for (Map.Entry<Long, JsonNode> f : served.entrySet()) {
                if (f.getKey() % 50 == 7) {
                    continue;
                }
                Map<String, AttributeValue> item = loaded.get(f.getKey());
                assertEquals(f.getValue().get("updated_at").asText(), item.get("updated_at").s(), "flower " + f.getKey());
                assertPrice(f.getValue(), item);
            }

            // exports: each window's changes, their latest version by id, by colour; nothing twice
            List<List<String>> windows = new java.util.ArrayList<>();
            windows.add(rawKeys());                                     // the three runs so far
            export();
            clock.advance(Duration.ofMinutes(5));
            windows.add(List.of(extractAndClean()));
            export();
            export();                                                  // nothing new: no file, the watermark moves
            clock.advance(Duration.ofMinutes(3));                      // "downtime": two runs, then one export
            String a = extractAndClean();
            clock.advance(Duration.ofMinutes(4));
            windows.add(List.of(a, extractAndClean()));
            export();
            // an export that fails (the lake's table unreadable) keeps its watermark and names the object...
            clock.advance(Duration.ofMinutes(2));
            String late = extractAndClean();
            JobStates.State mark = cursors.get(JobStates.EXPORT, "flowers").orElseThrow();
            String ddlKey = config.catalogPrefix() + "flowers.sql";
            String ddl = text(ddlKey);
            s3.putObject(p -> p.bucket(config.bucket()).key(ddlKey), RequestBody.fromString("CREATE TABLE oops"));
            Thread.sleep(2500);
            flows.sendBody("direct:export-increments", "flowers");
            assertTrue(log.contains("Export flowers failed: s3://" + config.bucket() + "/" + ddlKey
                    + ": not a CREATE EXTERNAL TABLE statement; the watermark stays"), log.lines().toString());
            assertEquals(mark.cursor(), cursors.get(JobStates.EXPORT, "flowers").orElseThrow().cursor());
            // ...and what a run interrupted after writing left for that watermark is replaced, not added to
            s3.putObject(p -> p.bucket(config.bucket()).key(ddlKey), RequestBody.fromString(ddl));
            String leftover = config.exportPrefix() + "flowers_export/color=red/flowers-"
                    + mark.cursor().value().replace("-", "").replace(":", "") + "-20991231T235959Z.parquet";
            s3.putObject(p -> p.bucket(config.bucket()).key(leftover), RequestBody.fromString("half an export"));
            windows.add(List.of(late));
            export();
            assertFalse(keys(config.exportPrefix()).contains(leftover), leftover);
            assertExportsHoldEachWindowsLatestChangesOnce(windows);

            // the key: in no log line, no raw object, no metadata, no output
            assertTrue(log.lines().stream().noneMatch(l -> l.contains(KEY)), "the key in a log line");
            for (String prefix : List.of(config.rawPrefix() + "flowers/", config.cleanPrefix() + "flowers/",
                    config.rejectedPrefix() + "flowers/", config.reportsPrefix() + "flowers/")) {
                for (String key : keys(prefix)) {
                    assertFalse(text(key).contains(KEY), key);
                    assertFalse(s3.headObject(h -> h.bucket(config.bucket()).key(key)).metadata().toString()
                            .contains(KEY), key);
                }
            }
        }
    }

    /** One run of the API source, and its clean; the raw object's key. */
    private String extractAndClean() throws Exception {
        List<String> before = rawKeys();
        apiSources.extract("flowers");
        String key = rawKeys().stream().filter(k -> !before.contains(k)).findFirst().orElseThrow();
        awaitCleaned(key);
        return key;
    }

    /** One export, once the cleans before it are past the settle time (1 s in tests; the window ends on a whole second). */
    private void export() throws Exception {
        Thread.sleep(2500);
        exports.export("flowers");
    }

    /**
     * The exports hold, for each window of raw objects, the latest version of each flower those
     * objects' clean rows hold (by updated_at), with its colour as its folder says: no change
     * twice, none skipped.
     */
    private void assertExportsHoldEachWindowsLatestChangesOnce(List<List<String>> windows) throws Exception {
        Map<String, String> expected = new java.util.TreeMap<>();    // "id updated_at" → colour
        for (List<String> window : windows) {
            Map<Long, JsonNode> latest = new HashMap<>();
            for (String raw : window) {
                String clean = config.cleanPrefix() + "flowers/" + raw.substring(raw.lastIndexOf('/') + 1);
                for (String line : lines(clean)) {
                    JsonNode row = JSON.readTree(line);
                    latest.merge(row.get("id").asLong(), row, (x, y) ->
                            y.get("updated_at").asText().compareTo(x.get("updated_at").asText()) >= 0 ? y : x);
                }
            }
            for (JsonNode row : latest.values()) {
                String change = row.get("id").asLong() + " " + row.get("updated_at").asText();
                assertTrue(expected.put(change, row.get("color").asText()) == null, "one change in two windows: " + change);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = io.tributary.cli.LakeQuery.run(new io.tributary.cli.LakeQuery.Options(
                "SELECT id, strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS at, color FROM flowers_export",
                "csv", null, clients.emulated().orElseThrow().start().s3(), config.bucket(), config.catalogPrefix(),
                java.nio.file.Files.createTempDirectory("export-query")), new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true));
        assertEquals(0, code, err.toString());
        Map<String, String> exported = new java.util.TreeMap<>();
        for (String line : out.toString().lines().skip(1).toList()) {
            String[] f = line.split(",");
            assertTrue(exported.put(f[0] + " " + f[1], f[2]) == null, "exported twice: " + line);
        }
        assertEquals(expected, exported);
        // one file per colour and export with rows, named by the export's watermark range
        for (String key : keys(config.exportPrefix() + "flowers_export/")) {
            assertTrue(key.matches("exports/flowers_export/color=[a-z]+/flowers-\\d{8}T\\d{6}Z-\\d{8}T\\d{6}Z"
                    + "(-\\d+)?\\.parquet"), key);
        }
        assertTrue(text(config.catalogPrefix() + "flowers_export.sql").contains("PARTITIONED BY (\n  `color` string\n)"));
    }

    /** The item's price is the served one ("$12.50" → 12.5). */
    private static void assertPrice(JsonNode served, Map<String, AttributeValue> item) {
        BigDecimal want = new BigDecimal(served.get("price").asText().substring(1));
        BigDecimal got = new BigDecimal(item.get("price").n());
        assertEquals(0, want.compareTo(got), "flower " + served.get("id") + ": " + want + " served, " + got + " loaded");
    }

    @Test
    void aSpecWithoutAnApiOrAnUnknownDatasetIsRefusedByName() {
        assertEquals("no dataset spec named hotel_bookings has an api key", assertThrows(IllegalArgumentException.class,
                () -> apiSources.extract("hotel_bookings")).getMessage());
    }
}
