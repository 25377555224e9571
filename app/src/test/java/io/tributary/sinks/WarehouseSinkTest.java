package io.tributary.sinks;

import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;
import io.tributary.format.FileCleaning;
import io.tributary.warehouse.Staged;
import io.tributary.warehouse.Warehouse;
import io.tributary.warehouse.WarehouseTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the warehouse sink stages and asks the warehouse to load, and what it does where there is none. */
class WarehouseSinkTest {

    @TempDir
    Path dir;

    /** Records what the sinks publish; a warehouse or none. */
    private static final class Recorded extends NowhereTarget {
        final boolean warehouse;
        WarehouseTable table;
        Staged staged;
        String stagedText;

        Recorded(boolean warehouse) {
            this.warehouse = warehouse;
        }

        @Override
        public boolean hasWarehouse() {
            return warehouse;
        }

        @Override
        public Warehouse.Loaded loadWarehouse(WarehouseTable table, Staged staged) throws IOException {
            this.table = table;
            this.staged = staged;
            try (InputStream in = staged.bytes().open()) {
                stagedText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Warehouse.Loaded(2, false);
        }
    }

    private List<Written> publish(String spec, String data, Target target) throws IOException {
        DatasetSpec parsed = DatasetSpec.parse("name: people\nmatch: p.csv\n" + spec, "p.yaml", "t-");
        Path raw = dir.resolve("raw");
        Files.writeString(raw, data, StandardCharsets.UTF_8);
        Sinks sinks = new Sinks(new CleanFile("people", "p", "raw/people/p.csv", "0badcafe", Instant.now(), dir,
                new CleanFile.Layout("clean/", "curated/", "catalog/", "staging/", 1 << 20)));
        FileCleaning.clean(parsed, "people", "p.csv", "t-", raw, dir.resolve("rejected.csv"), sinks, r -> {
        });
        List<Written> written = new ArrayList<>();
        for (Sink sink : sinks.all()) {
            written.addAll(sink.publish(target));
        }
        return written;
    }

    @Test
    void theRowsAreStagedAsCsvWithTheirOrderAndLoadedIntoTheSpecsTableByItsKey() throws IOException {
        Recorded target = new Recorded(true);
        List<Written> written = publish("columns: {id: long, born: date, score: \"decimal(5,1)\"}\n"
                + "duplicates: {columns: [id], keep: last}\noutput: {warehouse: {table: persons}}\n",
                "id,name,born,score\n1,Ana,2001-02-03,9.5\n2,\"Bo, Jr\",,\n", target);
        assertEquals(List.of("staging/people/p-0badcafe.csv"), target.uploads);
        assertEquals("s3://bench/staging/people/p-0badcafe.csv", target.staged.uri());
        assertEquals("id,name,born,score,tributary_row\n1,Ana,2001-02-03,9.5,1\n2,\"Bo, Jr\",,,2\n", target.stagedText);
        assertEquals(64, target.staged.sha256().length());
        assertEquals(new WarehouseTable("public", "persons", List.of(
                new WarehouseTable.Column("id", ColumnType.LONG, null),
                new WarehouseTable.Column("name", ColumnType.STRING, null),
                new WarehouseTable.Column("born", ColumnType.DATE, null),
                new WarehouseTable.Column("score", ColumnType.DECIMAL, new DatasetSpec.Decimal(5, 1))),
                List.of("id"), WarehouseTable.Mode.UPSERT, null), target.table);
        assertEquals(List.of(new Written("warehouse", "warehouse:public.persons", 2, "2 rows")), written);
    }

    @Test
    void whereNoWarehouseIsConfiguredTheOtherSinksPublishAndTheSummarySaysItWasNotLoaded() throws IOException {
        Recorded target = new Recorded(false);
        List<Written> written = publish("output: {csv: true, warehouse: true}\n", "id\n1\n", target);
        assertEquals(List.of("clean/people/p.csv"), target.uploads, "nothing staged");
        assertEquals(null, target.staged);
        assertEquals(new Written("warehouse", "warehouse:people", 0, "not loaded: no warehouse configured"),
                written.get(1));
    }
}
