package io.tributary.aws;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The loader against DynamoDB Local: parallel calls, and still the later row of a repeated key. */
@QuarkusTest
class DynamoDbLoaderTest {

    @Inject
    DynamoDbLoader loader;
    @Inject
    DynamoDbClient dynamodb;

    @Test
    void aKeyWrittenTwiceEndsWithItsLaterRowWhateverTheParallelism() throws Exception {
        String table = "loader-order-test";
        dynamodb.createTable(c -> c.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("k").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("k").keyType(KeyType.HASH)));
        Path rows = Files.createTempFile("items", ".jsonl");
        StringBuilder jsonl = new StringBuilder();
        Map<Integer, Integer> last = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            int k = (i * 7) % 400;
            jsonl.append("{\"k\":").append(k).append(",\"v\":").append(i).append("}\n");
            last.put(k, i);
        }
        Files.writeString(rows, jsonl);

        loader.load(rows, table, List.of("k"));

        Map<Integer, Integer> stored = new HashMap<>();
        dynamodb.scanPaginator(s -> s.tableName(table)).items().forEach(item ->
                stored.put(Integer.parseInt(item.get("k").n()), Integer.parseInt(item.get("v").n())));
        assertEquals(last, stored);
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
