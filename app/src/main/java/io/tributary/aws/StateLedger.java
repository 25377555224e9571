package io.tributary.aws;

import io.tributary.TributaryConfig;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/**
 * Tributary's own durable state, one DynamoDB table ({@code tributary.state-table}), so that
 * restarts neither upload a file twice nor clean an object twice:
 * <ul>
 *   <li>{@code file#<sha256>}: a file with this content is in raw/ (attribute {@code raw_key});</li>
 *   <li>{@code object#<raw key>}: the raw object with this ETag was cleaned, or failed, with its
 *       summary or the reason; and its lineage: {@code written} (each output of the last clean:
 *       sink, URI, rows) and {@code output_keys} (every object key written for the raw object and
 *       not yet deleted: a key is added before its object is written, so a clean that fails half
 *       way leaves nothing the next clean does not know to replace).</li>
 * </ul>
 */
@Singleton
public class StateLedger {

    public static final String KEY = "pk";
    private static final String OUTPUT_KEYS = "output_keys";

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
        if (item == null || !item.containsKey("status")) {
            return Optional.empty(); // never cleaned nor failed (a first clean under way has recorded keys only)
        }
        return Optional.of(new ObjectState(item.get("etag").s(), item.get("status").s(), item));
    }

    /** Records, before it is written, an object key written for a raw object (its lineage). */
    public void addOutput(String rawKey, String key) {
        dynamodb.updateItem(u -> u.tableName(table).key(Map.of(KEY, s("object#" + rawKey)))
                .updateExpression("ADD " + OUTPUT_KEYS + " :k")
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromSs(List.of(key)))));
    }

    /**
     * Every object key written for a raw object and not deleted since: recorded keys, and the S3
     * objects a record of an earlier Tributary lists in {@code outputs}.
     */
    public Set<String> outputsOf(String rawKey) {
        Map<String, AttributeValue> item = get("object#" + rawKey);
        Set<String> keys = new LinkedHashSet<>();
        if (item == null) {
            return keys;
        }
        AttributeValue recorded = item.get(OUTPUT_KEYS);
        if (recorded != null && recorded.hasSs()) {
            keys.addAll(recorded.ss());
        }
        AttributeValue older = item.get("outputs");
        if (older != null && older.hasSs()) {
            for (String uri : older.ss()) {
                if (uri.startsWith("s3://")) {
                    keys.add(uri.substring(uri.indexOf('/', "s3://".length()) + 1));
                }
            }
        }
        return keys;
    }

    /**
     * Records a clean of a raw object: its summary, and as its lineage the object keys it wrote
     * (which replace those recorded before: the earlier ones are deleted by then).
     */
    public void recordCleaned(String rawKey, String etag, Map<String, AttributeValue> summary, Set<String> keys) {
        Map<String, AttributeValue> item = new HashMap<>(summary);
        item.put(KEY, s("object#" + rawKey));
        item.put("etag", s(etag));
        item.put("status", s("cleaned"));
        item.put("at", s(Instant.now().toString()));
        if (!keys.isEmpty()) {
            item.put(OUTPUT_KEYS, AttributeValue.fromSs(List.copyOf(keys)));
        }
        dynamodb.putItem(p -> p.tableName(table).item(item));
    }

    /** Records a failed clean; the lineage stays (what was written stays known, to be replaced). */
    public void recordFailed(String rawKey, String etag, String reason) {
        dynamodb.updateItem(u -> u.tableName(table).key(Map.of(KEY, s("object#" + rawKey)))
                .updateExpression("SET etag = :e, #s = :s, reason = :r, #at = :a")
                .expressionAttributeNames(Map.of("#s", "status", "#at", "at"))
                .expressionAttributeValues(Map.of(":e", s(etag == null ? "" : etag), ":s", s("failed"),
                        ":r", s(reason), ":a", s(Instant.now().toString()))));
    }

    /** Every raw object's state (its item: dataset, status, counts, report, reason), by raw key, in key order. */
    public java.util.SortedMap<String, Map<String, AttributeValue>> objects() {
        java.util.SortedMap<String, Map<String, AttributeValue>> objects = new java.util.TreeMap<>();
        dynamodb.scanPaginator(s -> s.tableName(table).filterExpression("begins_with(#k, :p)")
                        .expressionAttributeNames(Map.of("#k", KEY)).expressionAttributeValues(Map.of(":p", s("object#"))))
                .items().forEach(item -> objects.put(item.get(KEY).s().substring("object#".length()), item));
        return objects;
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
