package io.tributary.format;

import io.tributary.clean.RejectedRow;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rejected rows file reads back as the rows that were rejected, awkward records included. */
class RejectedRowsWriterTest {

    @Test
    void rejectedRowsReadBackWithTheirLineRuleReasonAndRecord() throws IOException {
        List<RejectedRow> rows = List.of(
                new RejectedRow(2, "type", "column age: 'x' is not a valid int", "1,\"Ann, Lee\",x"),
                new RejectedRow(7, "malformed", "a quoted field that starts on line 7 is never closed", "a,\"b\nc"),
                new RejectedRow(12_345_678_901L, "pattern", "émoji \uD83D\uDE00 \"quoted\"", null),
                new RejectedRow(9, "#rule", "", "#not a comment\r\n"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RejectedRowsWriter writer = new RejectedRowsWriter(bytes)) {
            rows.forEach(writer::write);
            assertEquals(4, writer.count());
        }
        List<List<String>> read = new ArrayList<>();
        try (RowSource source = new ByteCsvRowSource(new ByteArrayInputStream(bytes.toByteArray()), ',', '"', true,
                StandardCharsets.UTF_8)) {
            assertEquals(List.of(RejectedRowsWriter.HEADER.split(",")), source.columns());
            while (source.hasNext()) {
                SourceRecord record = source.next();
                read.add(record.fields());
            }
        }
        assertEquals(rows.size(), read.size());
        for (int i = 0; i < rows.size(); i++) {
            RejectedRow row = rows.get(i);
            assertEquals(List.of(Long.toString(row.line()), row.rule(), row.reason(),
                    row.record() == null ? "" : row.record()), read.get(i));
        }
    }
}
