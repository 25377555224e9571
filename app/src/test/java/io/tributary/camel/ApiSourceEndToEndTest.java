package io.tributary.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.LogCapture;
import io.tributary.api.MovingClock;
import io.tributary.aws.ApiCursors;
import io.tributary.local.LocalStack;
import io.tributary.local.MockFlowersApi;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
    ApiCursors cursors;
    @Inject
    ProducerTemplate flows;

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
            assertEquals(cursors.get("flowers").orElseThrow().cursor().value(), head.metadata().get("cursor-to"));
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
            ApiCursors.State before = cursors.get("flowers").orElseThrow();
            mock.refuseAfter(1);
            flows.sendBody("direct:extract-api", "flowers");
            assertTrue(log.contains("API flowers failed: " + mock.url() + "/flowers?updated_since="), log.lines().toString());
            assertEquals(before.cursor(), cursors.get("flowers").orElseThrow().cursor());
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
