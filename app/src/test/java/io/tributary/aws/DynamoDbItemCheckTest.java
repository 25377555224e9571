package io.tributary.aws;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RejectedRow;
import io.tributary.format.FileCleaning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rows DynamoDB would refuse are rejected one by one with the reason; the others go to every output. */
class DynamoDbItemCheckTest {

    @TempDir
    Path dir;

    private record Cleaned(FileCleaning.Result result, List<RejectedRow> rejected, List<String> items,
                           List<String> csv) {
    }

    private Cleaned clean(String specYaml, String data, DynamoDbItemCheck check) throws IOException {
        DatasetSpec spec = DatasetSpec.parse(specYaml, "t.yaml", "t-");
        Path raw = dir.resolve("t.csv");
        Files.writeString(raw, data, StandardCharsets.UTF_8);
        FileCleaning.Outputs out = FileCleaning.Outputs.in(dir);
        List<RejectedRow> rejected = new ArrayList<>();
        FileCleaning.Result result = FileCleaning.clean(spec, spec.name(), "t.csv", "t-", raw, out, null,
                List.of(check), rejected::add);
        return new Cleaned(result, rejected, Files.readAllLines(out.items()), Files.readAllLines(out.csv()));
    }

    @Test
    void anItemOver400KbIsRejectedWithItsSizeAndTheOtherRowsGoOut() throws IOException {
        String big = "é".repeat(210_000); // 420,000 bytes in UTF-8, 210,000 characters
        Cleaned c = clean("""
                name: t
                match: t.csv
                columns: {id: int}
                output: {dynamodb: {partition_key: id}}
                """, "id,text\n1,small\n2," + big + "\n3,also small\n", new DynamoDbItemCheck("id", null, null));

        assertEquals(2, c.result().report().summary().rowsOut());
        assertEquals(List.of("id,text", "1,small", "3,also small"), c.csv(), "no output holds the refused row");
        assertEquals(2, c.items().size());
        assertEquals(1, c.rejected().size());
        RejectedRow row = c.rejected().get(0);
        assertEquals(3, row.line());
        assertEquals(DynamoDbItemCheck.ITEM_SIZE, row.rule());
        assertEquals("the row makes a DynamoDB item of 420,008 bytes; DynamoDB holds at most 409,600 (400 KB)"
                + " per item (the largest value: column text, 420,000 bytes)", row.reason());
        assertEquals(1L, c.result().report().summary().rejected().get(DynamoDbItemCheck.ITEM_SIZE));
    }

    @Test
    void anItemJustUnderTheLimitGoesOut() throws IOException {
        // 2 (id) + 4 (text) + 2 (the number 1: a byte per two digits, and one) + the text = 409,600
        String text = "x".repeat(DynamoDbItemCheck.MAX_ITEM_BYTES - 8);
        Cleaned c = clean("""
                name: t
                match: t.csv
                columns: {id: int}
                output: {dynamodb: {partition_key: id}}
                """, "id,text\n1," + text + "\n", new DynamoDbItemCheck("id", null, null));
        assertEquals(List.of(), c.rejected());
        assertEquals(1, c.items().size());
    }

    @Test
    void keysDynamoDbRefusesRejectTheirRows() throws IOException {
        String longKey = "k".repeat(2049);
        Cleaned c = clean("""
                name: t
                match: t.csv
                columns: {sku: string, at: string}
                output: {dynamodb: {partition_key: sku, sort_key: at}}
                """, "sku,at,n\nA,x,1\n,x,2\n" + longKey + ",x,3\nB," + "s".repeat(1025) + ",4\nC,y,5\n",
                new DynamoDbItemCheck("sku", "at", null));
        assertEquals(List.of("sku,at,n", "A,x,1", "C,y,5"), c.csv());
        assertEquals(List.of(DynamoDbItemCheck.KEY, DynamoDbItemCheck.KEY, DynamoDbItemCheck.KEY),
                c.rejected().stream().map(RejectedRow::rule).toList());
        assertEquals("column sku is missing; it is the table's partition key, which every DynamoDB item must have",
                c.rejected().get(0).reason(), "an empty CSV field is a missing value");
        assertEquals("column sku is 2,049 bytes long; it is the table's partition key, which DynamoDB holds up to"
                + " 2,048 bytes", c.rejected().get(1).reason());
        assertEquals("column at is 1,025 bytes long; it is the table's sort key, which DynamoDB holds up to 1,024"
                + " bytes", c.rejected().get(2).reason());
    }

    @Test
    void anEmptyTextKeyIsRejected() throws IOException {
        Cleaned c = clean("""
                name: t
                match: t.csv
                format: {null_values: ["NULL"]}
                columns: {sku: string}
                output: {dynamodb: {partition_key: sku}}
                """, "sku,n\nA,1\n,2\n", new DynamoDbItemCheck("sku", null, null));
        assertEquals("column sku is empty; it is the table's partition key, which DynamoDB refuses empty",
                c.rejected().get(0).reason());
        assertEquals(1, c.items().size());
    }

    @Test
    void aDoubleBeyondDynamoDbNumbersIsRejected() throws IOException {
        Cleaned c = clean("""
                name: t
                match: t.csv
                columns: {x: double}
                """, "x\n1.5\n1e200\n-1e-200\n0\n", new DynamoDbItemCheck(null, null, "row_idraw/t/t.csv"));
        assertEquals(List.of("x", "1.5", "0.0"), c.csv());
        assertEquals(List.of(DynamoDbItemCheck.NUMBER, DynamoDbItemCheck.NUMBER),
                c.rejected().stream().map(RejectedRow::rule).toList());
        assertTrue(c.rejected().get(0).reason().startsWith("column x: 1.0E200 is beyond what a DynamoDB number holds"),
                c.rejected().get(0).reason());
    }

    @Test
    void jsonValuesDynamoDbCannotNestOrHoldAreRejected() throws IOException {
        String deep = "[".repeat(40) + "]".repeat(40);
        String fine = "[".repeat(31) + "1" + "]".repeat(31);
        Cleaned c = clean("""
                name: t
                match: t.csv
                columns: {id: int, v: json}
                output: {dynamodb: {partition_key: id}}
                """, "id,v\n1," + fine + "\n2," + deep + "\n3,\"{\"\"x\"\": 1e400}\"\n4,{}\n",
                new DynamoDbItemCheck("id", null, null));
        assertEquals(List.of(DynamoDbItemCheck.NESTING, DynamoDbItemCheck.NUMBER),
                c.rejected().stream().map(RejectedRow::rule).toList());
        assertEquals("column v: nested deeper than the 32 levels of maps and lists DynamoDB holds",
                c.rejected().get(0).reason());
        assertEquals(2, c.items().size());
    }
}
