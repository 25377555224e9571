package io.tributary.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.TributaryConfig;
import io.tributary.aws.StateLedger;
import jakarta.inject.Inject;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;
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
        return await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, AttributeValue> item = dynamodb.getItem(g -> g.tableName(config.stateTable())
                    .key(Map.of(StateLedger.KEY, AttributeValue.fromS("object#" + rawKey)))).item();
            if (item != null && item.containsKey("status") && "failed".equals(item.get("status").s())) {
                throw new AssertionError("cleaning failed: " + item.get("reason").s());
            }
            return item;
        }, item -> item != null && !item.isEmpty() && "cleaned".equals(item.get("status").s()));
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
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(key));
        return bytes.asUtf8String().lines().toList();
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

}
