package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code export} key: what it needs of the spec, and the key a row is known by. */
class ExportSpecTest {
    private static DatasetSpec spec(String yaml) {
        return DatasetSpec.parse("name: t\nmatch: \"t*.jsonl\"\n" + yaml, "t.yaml", "t-");
    }

    @Test
    void anExportReadsTheCleanJsonLinesAndTypesThemAsTheLakesTable() {
        assertEquals("t.yaml: export: needs output.jsonl (it reads the clean JSON Lines) and output.parquet (the"
                        + " lake's table gives the types)",
                assertThrows(SpecException.class, () -> spec("export: {partition_by: [a]}\noutput: {parquet: true}\n"))
                        .getMessage());
        assertEquals("t.yaml: export.schedule: '61 * * * *': '61' is not a minute (0-59)",
                assertThrows(SpecException.class, () -> spec("export: {schedule: \"61 * * * *\"}\n"
                        + "output: {jsonl: true, parquet: true}\n")).getMessage());
    }

    @Test
    void theKeyIsTheDuplicatesColumnsElseTheDynamoDbKeyElseNone() {
        assertEquals(List.of("id"), spec("duplicates: {columns: [id], keep: last}\nexport: {}\n"
                + "output: {jsonl: true, parquet: true}\n").export().key());
        assertEquals(List.of("order", "sku"), spec("export: {}\noutput: {jsonl: true, parquet: true, dynamodb:"
                + " {partition_key: order, sort_key: sku}}\n").export().key());
        assertEquals(List.of(), spec("export: {}\noutput: {jsonl: true, parquet: true}\n").export().key());
        assertEquals(List.of("a"), spec("duplicates: {columns: [id], keep: last}\nexport: {key: [a]}\n"
                + "output: {jsonl: true, parquet: true}\n").export().key(), "as the export says");
        assertEquals("0 * * * *", spec("export: {}\noutput: {jsonl: true, parquet: true}\n").export().schedule()
                .toString(), "hourly unless it says otherwise");
    }
}
