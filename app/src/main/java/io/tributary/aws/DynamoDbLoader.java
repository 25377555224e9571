package io.tributary.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loads rows (JSON Lines, typed) into a DynamoDB table with BatchWriteItem, 25 items a call;
 * UnprocessedItems are retried with exponential backoff and jitter. Items have deterministic keys,
 * so loading the same rows again overwrites instead of adding.
 */
@Singleton
public class DynamoDbLoader {

    /** The key attribute of tables without declared key columns: {@code <raw key>#<line>}. */
    public static final String ROW_ID = "row_id";
    static final int BATCH = 25;
    static final int MAX_ATTEMPTS = 10;

    private static final Logger LOG = Logger.getLogger(DynamoDbLoader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamodb;

    public DynamoDbLoader(DynamoDbClient dynamodb) {
        this.dynamodb = dynamodb;
    }

    /**
     * @param keyColumns the table's key attributes; items in one call must differ in them, so a later
     *                   row with the same key replaces an earlier one in the same batch (last wins,
     *                   as it would across batches)
     * @return the number of items written
     */
    public long load(Path rows, String table, List<String> keyColumns) throws IOException {
        long written = 0;
        Map<List<AttributeValue>, WriteRequest> batch = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(rows, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode row = JSON.readTree(line);
                Map<String, AttributeValue> item = ItemMapper.item(row);
                List<AttributeValue> key = new ArrayList<>(keyColumns.size());
                for (String k : keyColumns) {
                    key.add(item.get(k));
                }
                batch.put(key, WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                if (batch.size() == BATCH) {
                    written += write(table, new ArrayList<>(batch.values()));
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            written += write(table, new ArrayList<>(batch.values()));
        }
        return written;
    }

    private int write(String table, List<WriteRequest> requests) {
        int total = requests.size();
        List<WriteRequest> pending = requests;
        for (int attempt = 1; ; attempt++) {
            final List<WriteRequest> toSend = pending;
            BatchWriteItemResponse response = dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table, toSend)));
            List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
            if (unprocessed.isEmpty()) {
                return total;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException(unprocessed.size() + " items stayed unprocessed by table " + table
                        + " after " + MAX_ATTEMPTS + " attempts (throttled: raise its capacity or retry later)");
            }
            long backoff = Math.min(5_000, 50L << (attempt - 1));
            long sleep = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            LOG.debugf("%d unprocessed items for %s, retry %d in %d ms", unprocessed.size(), table, attempt, sleep);
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing to " + table, e);
            }
            pending = unprocessed;
        }
    }
}
