package io.tributary.sinks;

import io.tributary.aws.DynamoDbItemCheck;
import io.tributary.aws.DynamoDbLoader;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.OutputCheck;
import io.tributary.clean.RowSink;
import io.tributary.format.FileCleaning;
import io.tributary.format.JsonLinesRowWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code output.dynamodb}: one item per clean row in the dataset's table, keyed by the declared
 * key columns, or by a stable row id ({@code <raw key>#<line>-<n>}) when the spec declares none.
 * What DynamoDB would refuse (an item over 400 KB, a bad key or number) is rejected row by row.
 */
final class DynamoDbSink implements Sink {

    private final CleanFile file;
    private final DatasetSpec spec;
    private final DatasetSpec.DynamoDb table;
    private final Path local;

    DynamoDbSink(CleanFile file, DatasetSpec spec) {
        this.file = file;
        this.spec = spec;
        this.table = spec.dynamodb();
        this.local = file.folder().resolve("items.jsonl");
    }

    @Override
    public String key() {
        return "dynamodb";
    }

    private boolean keyed() {
        return table.partitionKey() != null;
    }

    @Override
    public RowSink writer() throws IOException {
        return keyed() ? new JsonLinesRowWriter(FileCleaning.buffered(local))
                : new JsonLinesRowWriter(FileCleaning.buffered(local), DynamoDbLoader.ROW_ID, file.rawKey());
    }

    @Override
    public List<OutputCheck> checks() {
        return List.of(keyed() ? new DynamoDbItemCheck(table.partitionKey(), table.sortKey(), null)
                : new DynamoDbItemCheck(null, null, DynamoDbLoader.ROW_ID + file.rawKey()));
    }

    @Override
    public List<Written> publish(Target target) throws IOException {
        List<String> keys = !keyed() ? List.of(DynamoDbLoader.ROW_ID)
                : table.sortKey() == null ? List.of(table.partitionKey())
                : List.of(table.partitionKey(), table.sortKey());
        Target.Loaded loaded = target.load(spec, local, keys);
        return List.of(new Written(key(), "dynamodb:" + table.table(), loaded.items(), loaded.detail()));
    }
}
