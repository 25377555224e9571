package io.tributary.aws;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loader against DynamoDB Local: parallel calls, and still the later row of a repeated key;
 * items a throttled table leaves unprocessed retried, a load that cannot finish failed, and a load
 * stopped when Tributary stops.
 */
@QuarkusTest
class DynamoDbLoaderTest {

    @Inject
    DynamoDbLoader loader;
    @Inject
    DynamoDbClient dynamodb;

    @Test
    void aKeyWrittenTwiceEndsWithItsLaterRowWhateverTheParallelism() throws Exception {
        String table = "loader-order-test";
        createTable(table);
        Path rows = Files.createTempFile("items", ".jsonl");
        StringBuilder jsonl = new StringBuilder();
        Map<Integer, Integer> last = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            int k = (i * 7) % 400;
            jsonl.append("{\"k\":").append(k).append(",\"v\":").append(i).append("}\n");
            last.put(k, i);
        }
        Files.writeString(rows, jsonl);

        DynamoDbLoader.Loaded loaded = loader.load(rows, table, List.of("k"));
        assertEquals(new DynamoDbLoader.Loaded(400, 2600), loaded, "400 keys; 2,600 rows replaced by a later one");
        assertEquals("400 items; 2600 rows shared a key with a later row", loaded.describe());

        Map<Integer, Integer> stored = new HashMap<>();
        dynamodb.scanPaginator(s -> s.tableName(table)).items().forEach(item ->
                stored.put(Integer.parseInt(item.get("k").n()), Integer.parseInt(item.get("v").n())));
        assertEquals(last, stored);
    }

    private Path items(int count) throws IOException {
        Path rows = Files.createTempFile("items", ".jsonl");
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < count; i++) {
            jsonl.append("{\"k\":").append(i).append(",\"v\":\"item ").append(i).append("\"}\n");
        }
        Files.writeString(rows, jsonl);
        return rows;
    }

    private void createTable(String table) {
        TestTables.create(dynamodb, table, "k", false);
    }

    @Test
    void itemsATableLeavesUnprocessedAreWrittenOnRetry() throws Exception {
        String table = "loader-throttled-test";
        createTable(table);
        URI local = dynamodb.serviceClientConfiguration().endpointOverride().orElseThrow();
        try (FaultyDynamoDbProxy proxy = new FaultyDynamoDbProxy(local, 400, false);
             DynamoDbClient client = proxy.dynamodb()) {
            long written = new DynamoDbLoader(client, 3, 1).load(items(1000), table, List.of("k")).items();
            assertEquals(1000, written);
            assertTrue(proxy.withheld() >= 400, "items came back unprocessed: " + proxy.withheld());
            assertTrue(proxy.batchCalls() > 40, "40 calls of 25, and the retries: " + proxy.batchCalls());
        }
        Map<Integer, String> stored = new HashMap<>();
        dynamodb.scanPaginator(s -> s.tableName(table)).items().forEach(item ->
                stored.put(Integer.parseInt(item.get("k").n()), item.get("v").s()));
        assertEquals(1000, stored.size());
        assertEquals("item 999", stored.get(999));
    }

    @Test
    void itemsThatStayUnprocessedFailTheLoadNamingTheTable() throws Exception {
        String table = "loader-refusing-test";
        createTable(table);
        URI local = dynamodb.serviceClientConfiguration().endpointOverride().orElseThrow();
        try (FaultyDynamoDbProxy proxy = new FaultyDynamoDbProxy(local, Integer.MAX_VALUE, true);
             DynamoDbClient client = proxy.dynamodb()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new DynamoDbLoader(client, 1, 1).load(items(30), table, List.of("k")));
            assertTrue(e.getMessage().contains("25 items stayed unprocessed by table " + table + " after "
                    + DynamoDbLoader.MAX_ATTEMPTS + " attempts"), e.getMessage());
            assertEquals(DynamoDbLoader.MAX_ATTEMPTS, proxy.batchCalls(), "the first batch, tried and retried");
        }
        assertEquals(0, dynamodb.scan(s -> s.tableName(table)).count(), "nothing was written");
    }

    @Test
    void aLoadStopsWhenTributaryStopsAndLoadingTheFileAgainWritesEveryItem() throws Exception {
        String table = "loader-stop-test";
        createTable(table);
        Path rows = items(2000);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

        Stopped stopped = assertThrows(Stopped.class,
                () -> loader.load(rows, table, List.of("k"), () -> asked.incrementAndGet() > 500));
        assertEquals("stopped while loading loader-stop-test: Tributary is stopping (500 items handed to the writers)",
                stopped.getMessage());
        int partial = dynamodb.scan(s -> s.tableName(table)).count();
        assertTrue(partial <= 500, "no item after the stop was handed out: " + partial);

        assertEquals(new DynamoDbLoader.Loaded(2000, 0), loader.load(rows, table, List.of("k")));
        assertEquals(2000, dynamodb.scan(s -> s.tableName(table)).count());
    }

    @Test
    void aMissingTableFailsTheLoadWithTheTableName() throws Exception {
        Path rows = Files.createTempFile("items", ".jsonl");
        Files.writeString(rows, "{\"row_id\":\"a#2\",\"v\":1}\n".repeat(60));
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> loader.load(rows, "no-such-table", List.of("row_id")));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("non-existent table"), e.getMessage());
    }
}
