package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code output.warehouse} key: off unless named, its mode and key, and what mirroring the changes needs. */
class WarehouseSpecTest {
    private static DatasetSpec spec(String yaml) {
        return DatasetSpec.parse("name: t\nmatch: \"t*.csv\"\n" + yaml, "t.yaml", "t-");
    }

    private static String error(String yaml) {
        return assertThrows(SpecException.class, () -> spec(yaml)).getMessage();
    }

    @Test
    void aSpecThatNamesNoSinkWritesNoWarehouseAndOneThatNamesItLoadsItsNamesakeTable() {
        assertNull(spec("").warehouse(), "the four default sinks only");
        DatasetSpec.Warehouse w = spec("output: {warehouse: true}\n").warehouse();
        assertEquals(new DatasetSpec.Warehouse("t", true, List.of(), false), w, "no key: appended");
        assertEquals(List.of("warehouse"), List.copyOf(spec("output: {warehouse: true}\n").output().sinks().keySet()));
    }

    @Test
    void theKeyIsDeclaredElseTheDuplicatesElseTheDynamoDbTablesAndWithOneTheTableIsUpserted() {
        DatasetSpec dup = spec("duplicates: {columns: [id], keep: last}\noutput: {warehouse: {table: people}}\n");
        assertFalse(dup.warehouse().append());
        assertEquals(List.of("id"), dup.warehouseKey());
        assertEquals("people", dup.warehouse().table());
        assertEquals(List.of("order", "sku"), spec("output: {warehouse: true, dynamodb: {partition_key: order,"
                + " sort_key: sku}}\n").warehouseKey());
        assertEquals(List.of("a"), spec("duplicates: {columns: [id], keep: last}\noutput: {warehouse: {key: [a]}}\n")
                .warehouseKey());
        assertTrue(spec("duplicates: {columns: [id], keep: last}\noutput: {warehouse: {mode: append}}\n").warehouse()
                .append(), "as the spec says");
        assertEquals("t.yaml: output.warehouse.mode: upsert needs a key: output.warehouse.key, duplicates.columns or"
                + " output.dynamodb.partition_key", error("output: {warehouse: {mode: upsert}}\n"));
        assertEquals("t.yaml: output.warehouse.table: 'my-table' is not a table name (letters, digits, _ and $, not"
                + " starting with a digit, at most 127)", error("output: {warehouse: {table: my-table}}\n"));
    }

    @Test
    void aMirrorOfTheChangesHasTheDynamoDbTablesKeyAndTakesNoCleanRows() {
        DatasetSpec mirror = spec("output: {warehouse: {from: changes}, dynamodb: {partition_key: id}}\n");
        assertTrue(mirror.warehouse().fromChanges());
        assertFalse(mirror.warehouse().takesCleanRows());
        assertEquals(List.of("id"), mirror.warehouseKey());
        assertEquals("t.yaml: output.warehouse.from: changes: mirrors the dataset's DynamoDB table, so it needs"
                + " output.dynamodb with a partition_key", error("output: {warehouse: {from: changes}}\n"));
        assertEquals("t.yaml: output.warehouse.mode: a table mirroring the changes is kept equal to the DynamoDB"
                        + " table: it has that table's key and no mode",
                error("output: {warehouse: {from: changes, mode: append}, dynamodb: {partition_key: id}}\n"));
        assertEquals("t.yaml: output.warehouse.from: 'stream' is not one of clean, changes",
                error("output: {warehouse: {from: stream}}\n"));
    }
}
