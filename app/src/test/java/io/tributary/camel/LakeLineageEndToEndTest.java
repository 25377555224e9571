package io.tributary.camel;

import io.quarkus.test.junit.QuarkusTest;
import io.tributary.LogCapture;
import io.tributary.lake.DuckDb;
import io.tributary.sinks.CleanFile;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lineage: a raw object cleaned again (a new version written over it) replaces its outputs. The
 * lake then holds the new version's rows only: its partitions, none of the old version's files,
 * and no rejected-rows list the new version no longer has.
 */
@QuarkusTest
class LakeLineageEndToEndTest extends PipelineTestSupport {

    private static final String RAW_KEY = "raw/orders/orders-lineage.json";

    private static String order(long id, String date, String sku) {
        return "{\"order_id\": " + id + ", \"order_date\": \"" + date + "T12:00:00Z\", \"customer\": {\"id\": \"C-9\","
                + " \"name\": \"Ines\", \"email\": \"ines@example.com\", \"address\": {\"city\": \"Faro\","
                + " \"country\": \"PT\"}}, \"products\": [{\"sku\": \"" + sku + "\", \"price\": \"2.50\","
                + " \"quantity\": 2}]}";
    }

    private Map<String, AttributeValue> putAndAwaitClean(String json, String previousEtag) {
        String etag = s3.putObject(p -> p.bucket(config.bucket()).key(RAW_KEY), RequestBody.fromString(json)).eTag()
                .replace("\"", "");
        return Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> awaitCleaned(RAW_KEY), item -> !item.get("etag").s().equals(previousEtag)
                        && item.get("etag").s().equals(etag));
    }

    private List<String> lakeFiles() {
        return keys("curated/orders/").stream().filter(k -> k.contains("/orders-lineage-")).toList();
    }

    @Test
    void aNewVersionOfARawObjectReplacesItsPartitionsAndItsRejectedRows() throws Exception {
        // version 1: orders on two days, and one without an id (rejected)
        Map<String, AttributeValue> v1 = putAndAwaitClean("[" + order(3001, "2024-04-01", "A") + ","
                + order(3002, "2024-04-02", "B") + "," + order(3003, "2024-04-02", "C").replace("\"order_id\": 3003,",
                "\"order_id\": null,") + "]", "");
        String version1 = CleanFile.versionOf(v1.get("etag").s());
        assertEquals(List.of("curated/orders/order_day=2024-04-01/orders-lineage-" + version1 + ".parquet",
                "curated/orders/order_day=2024-04-02/orders-lineage-" + version1 + ".parquet"), lakeFiles());
        assertFalse(keys("rejected/orders/orders-lineage.csv").isEmpty(), "version 1 rejects the order without an id");

        // version 2, written over it: one day gone, one kept, one new; nothing rejected
        try (LogCapture log = new LogCapture("tributary.summary")) {
            Map<String, AttributeValue> v2 = putAndAwaitClean("[" + order(3002, "2024-04-02", "B") + ","
                    + order(3004, "2024-04-03", "D") + "," + order(3005, "2024-04-03", "E") + "]", v1.get("etag").s());
            String version2 = CleanFile.versionOf(v2.get("etag").s());
            assertFalse(version1.equals(version2));
            assertEquals(List.of("curated/orders/order_day=2024-04-02/orders-lineage-" + version2 + ".parquet",
                    "curated/orders/order_day=2024-04-03/orders-lineage-" + version2 + ".parquet"), lakeFiles(),
                    "the lake holds version 2's files only");
            assertTrue(keys("rejected/orders/orders-lineage.csv").isEmpty(), "version 2 rejects nothing");
            // the summary line follows the state record
            String summary = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
                    .filter(l -> l.contains(RAW_KEY)).reduce((a, b) -> b).orElse(null), l -> l != null);
            assertTrue(summary.contains("deleted 3 outputs of an earlier clean"), summary);

            // the lineage in the state table: every output of version 2, with its rows
            List<String> written = v2.get("written").l().stream().map(w -> w.m().get("sink").s() + " "
                    + w.m().get("uri").s() + " " + w.m().get("rows").n()).toList();
            String bucket = "s3://" + config.bucket() + "/";
            assertEquals(List.of("csv " + bucket + "clean/orders/orders-lineage.csv 3",
                    "jsonl " + bucket + "clean/orders/orders-lineage.jsonl 3",
                    "parquet " + bucket + "curated/orders/order_day=2024-04-02/orders-lineage-" + version2 + ".parquet 1",
                    "parquet " + bucket + "curated/orders/order_day=2024-04-03/orders-lineage-" + version2 + ".parquet 2",
                    "dynamodb dynamodb:tributary-orders 3"), written);
            assertEquals(4, v2.get("output_keys").ss().size(), "csv, jsonl and two Parquet files");
        }

        // an independent reader sees version 2's rows only
        Path lake = Files.createTempDirectory("lake");
        for (String key : lakeFiles()) {
            Path target = lake.resolve(key);
            Files.createDirectories(target.getParent());
            Files.write(target, s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(key)).asByteArray());
        }
        assertEquals(List.of(Map.of("ids", "3002,3004,3005")), DuckDb.query("SELECT string_agg(CAST(order_id AS"
                + " VARCHAR), ',' ORDER BY order_id) AS ids FROM " + DuckDb.lake(lake)));
    }
}
