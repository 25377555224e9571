package io.tributary.aws;

import io.tributary.TributaryConfig;
import io.tributary.api.ApiExtractor;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each scheduled job of a dataset stopped, in the state table ({@code <job>#<dataset>}): an
 * API source's incremental cursor and its boundary keys ({@link #API}), an export's watermark
 * ({@link #EXPORT}), and when it last ran. Saved only after the run's objects are written, so a run
 * that fails or is killed is simply repeated.
 */
@Singleton
public class JobStates {

    public static final String API = "api";
    public static final String EXPORT = "export";

    /** A job's state: its cursor (null before the first run that took a record) and its last run. */
    public record State(ApiExtractor.Cursor cursor, Instant lastRun) {
    }

    private final DynamoDbClient dynamodb;
    private final String table;

    public JobStates(DynamoDbClient dynamodb, TributaryConfig config) {
        this.dynamodb = dynamodb;
        this.table = config.stateTable();
    }

    public Optional<State> get(String job, String dataset) {
        Map<String, AttributeValue> item = dynamodb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of(StateLedger.KEY, AttributeValue.fromS(key(job, dataset))))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue cursor = item.get("cursor");
        AttributeValue keys = item.get("boundary_keys");
        AttributeValue lastRun = item.get("last_run");
        return Optional.of(new State(cursor == null ? null : new ApiExtractor.Cursor(cursor.s(),
                keys == null ? List.of() : keys.l().stream().map(AttributeValue::s).toList()),
                lastRun == null ? null : Instant.parse(lastRun.s())));
    }

    public void save(String job, String dataset, State state) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(StateLedger.KEY, AttributeValue.fromS(key(job, dataset)));
        if (state.cursor() != null && state.cursor().value() != null) {
            item.put("cursor", AttributeValue.fromS(state.cursor().value()));
            item.put("boundary_keys", AttributeValue.fromL(state.cursor().boundaryKeys().stream()
                    .map(AttributeValue::fromS).toList()));
        }
        if (state.lastRun() != null) {
            item.put("last_run", AttributeValue.fromS(state.lastRun().toString()));
        }
        dynamodb.putItem(p -> p.tableName(table).item(item));
    }

    static String key(String job, String dataset) {
        return job + "#" + dataset;
    }
}
