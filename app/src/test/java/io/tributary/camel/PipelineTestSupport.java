package io.tributary.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.TributaryConfig;
import io.tributary.aws.StateLedger;
import io.tributary.aws.TestTables;
import jakarta.inject.Inject;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.S3Object;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What the end-to-end tests share: drop a file in the inbox, wait for it to be cleaned, read what landed. */
abstract class PipelineTestSupport {

    @Inject
    S3Client s3;
    @Inject
    DynamoDbClient dynamodb;
    @Inject
    TributaryConfig config;
    @Inject
    MockProfiles profiles;

    Path inbox() {
        return Path.of(config.inbox().dir());
    }

    /** Drops a file the way a user's copy would land: written elsewhere, then moved in. */
    void drop(Path source, String name) throws IOException {
        Files.createDirectories(inbox());
        Path tmp = Files.createTempFile(inbox().getParent() == null ? Path.of(".") : inbox().getParent(), name, ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    void awaitInboxEmpty(String name) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !Files.exists(inbox().resolve(name)));
    }

    Map<String, AttributeValue> awaitCleaned(String rawKey) {
        Map<String, AttributeValue> item = awaitOutcome(rawKey, Duration.ofSeconds(180));
        if ("failed".equals(item.get("status").s())) {
            throw new AssertionError("cleaning failed: " + item.get("reason").s());
        }
        return item;
    }

    /** A raw object's item in the state table once its cleaning has ended, cleaned or failed. */
    Map<String, AttributeValue> awaitOutcome(String rawKey, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> dynamodb.getItem(g -> g.tableName(config.stateTable())
                                .key(Map.of(StateLedger.KEY, AttributeValue.fromS("object#" + rawKey)))).item(),
                        item -> item != null && item.containsKey("status")
                                && ("cleaned".equals(item.get("status").s()) || "failed".equals(item.get("status").s())));
    }

    JsonNode json(String key) throws IOException {
        return new ObjectMapper().readTree(s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(key)).asByteArray());
    }

    static JsonNode column(JsonNode report, String name) {
        for (JsonNode c : report.get("columns")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name + " in the report");
    }

    List<String> lines(String key) {
        return text(key).lines().toList();
    }

    String text(String key) {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(key));
        return bytes.asUtf8String();
    }

    /** The keys under a prefix of the bucket, sorted. */
    List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(l -> l.bucket(config.bucket()).prefix(prefix)).contents().stream()
                .map(o -> o.key()).sorted().toList();
    }

    /** Downloads every object under a prefix into a folder, keeping the key's path below the prefix. */
    Path download(String prefix, Path folder) throws IOException {
        for (String key : keys(prefix)) {
            Path target = folder.resolve(key.substring(prefix.length()));
            Files.createDirectories(target.getParent());
            Files.write(target, s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(key)).asByteArray());
        }
        return folder;
    }

    long countItems(String table, String rawKey) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            final Map<String, AttributeValue> from = start;
            var page = dynamodb.scan(s -> s.tableName(table).select(Select.COUNT)
                    .filterExpression("begins_with(row_id, :p)")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(rawKey + "#")))
                    .exclusiveStartKey(from));
            count += page.count();
            start = page.lastEvaluatedKey() == null || page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
        } while (start != null);
        return count;
    }

    Map<String, AttributeValue> item(String rowId) {
        return item(HotelBookingsEndToEndTest.TABLE, Map.of("row_id", AttributeValue.fromS(rowId)));
    }

    Map<String, AttributeValue> item(String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamodb.getItem(g -> g.tableName(table)
                .key(key)).item();
        assertNotNull(item);
        assertFalse(item.isEmpty(), "no item " + key + " in " + table);
        return item;
    }

    /** The table whose changes the tests stream (tributary.changes.tables in the test profile). */
    static final String CHANGES_TABLE = "tributary-changes-test";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Creates the changes table, with its stream, unless it exists. */
    void ensureTable() {
        try {
            dynamodb.describeTable(d -> d.tableName(CHANGES_TABLE));
        } catch (ResourceNotFoundException e) {
            TestTables.create(dynamodb, CHANGES_TABLE, "id", true);
        }
    }

    /** Inserts a profile like the generator's, with this id, into the changes table. */
    void insert(long id) {
        insert(CHANGES_TABLE, id);
    }

    /** Inserts a profile like the generator's, with this id, into a table keyed by id. */
    void insert(String table, long id) {
        Map<String, AttributeValue> item = new HashMap<>(profiles.profile());
        item.put("id", AttributeValue.fromN(Long.toString(id)));
        dynamodb.putItem(p -> p.tableName(table).item(item));
    }

    /**
     * A thousand changes to a table keyed by id: 500 INSERT (ids 1-500), 300 MODIFY (ids 1-300, age
     * set to {@code modifiedAge}, which the generator never gives, so each really changes the item),
     * 200 REMOVE (ids 301-500).
     */
    void aThousandChanges(String table, int modifiedAge) {
        for (long id = 1; id <= 500; id++) {
            insert(table, id);
        }
        for (long id = 1; id <= 300; id++) {
            final long key = id;
            dynamodb.updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromN(Long.toString(key))))
                    .updateExpression("SET age = :a").expressionAttributeValues(Map.of(":a",
                            AttributeValue.fromN(Integer.toString(modifiedAge)))));
        }
        for (long id = 301; id <= 500; id++) {
            final long key = id;
            dynamodb.deleteItem(d -> d.tableName(table).key(Map.of("id", AttributeValue.fromN(Long.toString(key)))));
        }
    }

    /**
     * A restart of the stream consumers: their source routes stop mid-run and everything they held in
     * memory (shard iterators, records read but not archived, the recent-id window) is gone; they
     * start again from their checkpoints.
     */
    static void restartTheStreamConsumers(org.apache.camel.CamelContext camel, ChangeStreams changeStreams,
                                          StreamArchive streamArchive) throws Exception {
        camel.getRouteController().stopRoute("dynamodb-streams");
        camel.getRouteController().stopRoute("kinesis-stream");
        changeStreams.forget();
        streamArchive.forget();
        Thread.sleep(1500);
        camel.getRouteController().startRoute("dynamodb-streams");
        camel.getRouteController().startRoute("kinesis-stream");
    }

    /** How many times each inserted profile's id is in the archive (its INSERT rows). */
    Map<Long, Long> archivedIds() throws IOException {
        return archiveLines(config.archive().prefix()).stream().filter(l -> l.has("id") && l.has("email"))
                .filter(l -> !l.has("change_type") || l.get("change_type").asText().equals("INSERT"))
                .collect(Collectors.groupingBy(l -> l.get("id").asLong(), Collectors.counting()));
    }

    /** Every line of the gzip JSON Lines objects under a prefix. */
    List<JsonNode> archiveLines(String prefix) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(config.bucket()).prefix(prefix)).contents()) {
            if (!o.key().endsWith(".jsonl.gz")) {
                continue; // S3Proxy lists a temporary object while a PUT is under way
            }
            byte[] gz;
            try {
                gz = s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(o.key())).asByteArray();
            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException gone) {
                continue;
            }
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(JSON.readTree(line));
                    }
                }
            }
        }
        return lines;
    }
}
