package io.tributary.aws;

import io.tributary.TributaryConfig;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tributary's own durable state, one DynamoDB table ({@code tributary.state-table}), so that
 * restarts neither upload a file twice nor clean an object twice:
 * <ul>
 *   <li>{@code file#<sha256>}: a file with this content is in raw/ (attribute {@code raw_key});</li>
 *   <li>{@code object#<raw key>}: the raw object with this ETag was cleaned, or failed, with its
 *       summary or the reason.</li>
 * </ul>
 */
@Singleton
public class StateLedger {

    public static final String KEY = "pk";

    /** What the ledger knows about one raw object. */
    public record ObjectState(String etag, String status, Map<String, AttributeValue> attributes) {
        public boolean cleaned(String currentEtag) {
            return "cleaned".equals(status) && etag.equals(currentEtag);
        }
    }

    private final DynamoDbClient dynamodb;
    private final String table;

    public StateLedger(DynamoDbClient dynamodb, TributaryConfig config) {
        this.dynamodb = dynamodb;
        this.table = config.stateTable();
    }

    /** The raw key already holding a file with this content, if any. */
    public Optional<String> rawKeyOf(String sha256) {
        Map<String, AttributeValue> item = get("file#" + sha256);
        return item == null ? Optional.empty() : Optional.of(item.get("raw_key").s());
    }

    public void recordRawFile(String sha256, String rawKey, String originalName, long size) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s("file#" + sha256));
        item.put("raw_key", s(rawKey));
        item.put("original_name", s(originalName));
        item.put("size", n(size));
        item.put("ingested_at", s(Instant.now().toString()));
        dynamodb.putItem(p -> p.tableName(table).item(item));
    }

    public Optional<ObjectState> objectState(String rawKey) {
        Map<String, AttributeValue> item = get("object#" + rawKey);
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new ObjectState(item.get("etag").s(), item.get("status").s(), item));
    }

    public void recordCleaned(String rawKey, String etag, Map<String, AttributeValue> summary) {
        Map<String, AttributeValue> item = new HashMap<>(summary);
        item.put(KEY, s("object#" + rawKey));
        item.put("etag", s(etag));
        item.put("status", s("cleaned"));
        item.put("at", s(Instant.now().toString()));
        dynamodb.putItem(p -> p.tableName(table).item(item));
    }

    public void recordFailed(String rawKey, String etag, String reason) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s("object#" + rawKey));
        item.put("etag", s(etag == null ? "" : etag));
        item.put("status", s("failed"));
        item.put("reason", s(reason));
        item.put("at", s(Instant.now().toString()));
        dynamodb.putItem(p -> p.tableName(table).item(item));
    }

    private Map<String, AttributeValue> get(String key) {
        Map<String, AttributeValue> item = dynamodb.getItem(g -> g.tableName(table)
                .key(Map.of(KEY, s(key))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
