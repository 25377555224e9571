package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static io.tributary.clean.CleanFixture.clean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Column rules: names, text clean-up, types with formats, required values and patterns. */
class ColumnRulesTest {

    @Test
    void nullTokensMatchTrimmedAndTheDefaultListHoldsWhatUsersFilesHold() throws IOException {
        String data = "id,n\n1,\" NULL \"\n2,null\n3,NA\n4,N/A\n5,n/a\n6,NaN\n7,None\n8,\n9,\"  \"\n10, 7 \n";
        CleanFixture.Result byDefault = clean("""
                name: t
                match: t.csv
                columns: {id: int, n: int}
                duplicates: {columns: [id]}
                """, data);
        assertEquals(List.of(), byDefault.rejected());
        assertEquals(Arrays.asList(null, null, null, null, null, null, null, null, null, 7), byDefault.column("n"));

        CleanFixture.Result hotel = clean("""
                name: t
                match: t.csv
                format: {null_values: ["", "NULL", "null", "NA", "N/A", "n/a", "NaN", "None"]}
                columns: {id: int, n: int}
                duplicates: {columns: [id]}
                """, data);
        assertEquals(List.of(), hotel.rejected(), "the shipped hotel spec's list");

        CleanFixture.Result exact = clean("""
                name: t
                match: t.csv
                format: {null_values: ["NULL"], trim_null_values: false}
                columns: {id: int, n: int}
                duplicates: {columns: [id]}
                """, "id,n\n1,NULL\n2,\" NULL \"\n3,null\n");
        assertEquals(List.of(1), exact.column("id"), "only the exact token is missing");
        assertEquals(List.of("column n: 'NULL' is not a valid int", "column n: 'null' is not a valid int"),
                exact.rejected().stream().map(RejectedRow::reason).toList());
    }

    @Test
    void timestampsFromSeveralFormatsBecomeIsoUtc() throws IOException {
        String spec = """
                name: t
                match: t.csv
                columns:
                  at:
                    type: timestamp
                    format: ["iso", "dd/MM/yyyy HH:mm", "epoch_seconds"]
                    timezone: Europe/Lisbon
                """;
        CleanFixture.Result r = clean(spec, """
                at
                2024-03-01T09:30:00Z
                2024-03-01 09:30:00+02:00
                01/07/2024 10:00
                1700000000
                2024-02-30T00:00:00Z
                yesterday
                """);
        assertEquals(List.of(Instant.parse("2024-03-01T09:30:00Z"), Instant.parse("2024-03-01T07:30:00Z"),
                Instant.parse("2024-07-01T09:00:00Z"), Instant.ofEpochSecond(1700000000)), r.column("at"),
                "a time without zone is read in the column's zone (Lisbon is UTC+1 in July)");
        assertEquals(2, r.summary().rejected().get("type"));
        assertEquals("column at: 'yesterday' is not a valid timestamp in format iso or dd/MM/yyyy HH:mm or "
                + "epoch_seconds", r.rejected().get(1).reason());
    }

    @Test
    void datesTakeSeveralFormatsAndWholeNumbersAcceptTrailingZeros() throws IOException {
        CleanFixture.Result r = clean("""
                name: t
                match: t.csv
                columns:
                  d: {type: date, format: ["M/d/yyyy", "yyyy-MM-dd"]}
                  n: int
                """, "d,n\n7/1/2015,2.0\n2015-07-02,3\n2015-07-03,2.5\n");
        assertEquals(List.of(LocalDate.of(2015, 7, 1), LocalDate.of(2015, 7, 2)), r.column("d"));
        assertEquals(List.of(2, 3), r.column("n"));
        assertEquals("column n: '2.5' is not a valid int", r.rejected().get(0).reason());
    }

    @Test
    void namesAreStandardisedAndRenamedAndTextIsTrimmedAndCased() throws IOException {
        CleanFixture.Result r = clean("""
                name: t
                match: t.csv
                format: {column_names: snake_case}
                columns:
                  customer_name: {trim: true, case: upper, rename: customer}
                  e_mail: {trim: true, case: lower}
                """, "Customer Name,E-Mail,orderTotal\n  José Ñúñez ,  ANA@Example.COM ,12\n");
        assertEquals(List.of("customer", "e_mail", "order_total"), r.columns());
        assertEquals("JOSÉ ÑÚÑEZ", r.rows().get(0)[0], "unicode is cased correctly");
        assertEquals("ana@example.com", r.rows().get(0)[1]);
    }

    @Test
    void requiredAndPatternRejectWithTheColumnAndTheValue() throws IOException {
        CleanFixture.Result r = clean("""
                name: t
                match: t.csv
                columns:
                  id: {type: long, required: true}
                  email: {case: lower, trim: true, pattern: "[^@\\\\s]+@[^@\\\\s]+\\\\.[a-z]{2,}"}
                """, "id,email\n1,Ana@Mail.com\n,bo@mail.com\n3,not-an-email\n4,\n");
        assertEquals(List.of(1L, 4L), r.column("id"), "a missing optional value does not trip the pattern");
        assertEquals(Arrays.asList("ana@mail.com", null), r.column("email"));
        assertEquals("required", r.rejected().get(0).rule());
        assertEquals("column id is missing", r.rejected().get(0).reason());
        assertEquals("pattern", r.rejected().get(1).rule());
        assertTrue(r.rejected().get(1).reason().startsWith("column email: 'not-an-email' does not match"),
                r.rejected().get(1).reason());
        assertEquals("3,not-an-email", r.rejected().get(1).record(), "the record as read");
    }

    @Test
    void aDecimalDynamoDbCouldNotHoldRejectsItsRowAndTheOthersKeepEveryDigit() throws IOException {
        String digits38 = "12345678901234567890123456789012345.678";
        String digits40 = "1234567890123456789012345678901234567.891";
        CleanFixture.Result r = clean("""
                name: t
                match: t.csv
                columns: {id: int, amount: decimal}
                """, "id,amount\n1," + digits38 + "\n2," + digits40 + "\n3,1E-131\n4,9.99E+125\n5,0.000\n6,"
                + "1" + "0".repeat(40) + "\n");
        assertEquals(List.of(1, 4, 5, 6), r.column("id"));
        assertEquals(List.of(new BigDecimal(digits38), new BigDecimal("9.99E+125"), new BigDecimal("0.000"),
                new BigDecimal("1" + "0".repeat(40))), r.column("amount"), "trailing zeros are not significant");
        assertEquals(List.of("type", "type"), r.rejected().stream().map(RejectedRow::rule).toList());
        assertEquals("column amount: '" + digits40 + "' has 40 significant digits; a decimal holds at most 38"
                + " (as DynamoDB's numbers do)", r.rejected().get(0).reason());
        assertEquals("column amount: '1E-131' is out of a decimal's range, 1E-130 to 9.99E+125 (DynamoDB's numbers)",
                r.rejected().get(1).reason());
    }

    @Test
    void quotedNewlinesAndQuotesSurviveIntoTheRejectedRecord() throws IOException {
        CleanFixture.Result r = clean("""
                name: t
                match: t.csv
                columns: {n: int}
                """, "n,note\n1,\"two\nlines\"\nx,\"say \"\"hi\"\", ok\"\n");
        assertEquals("two\nlines", r.rows().get(0)[1]);
        assertEquals(4L, r.rejected().get(0).line());
        assertEquals("x,\"say \"\"hi\"\", ok\"", r.rejected().get(0).record());
    }

    @Test
    void aByteOrderMarkAndOtherEncodingsAreRead() throws IOException {
        CleanFixture.Result bom = clean("name: t\nmatch: t.csv\ncolumns: {n: int}\n", "\uFEFFn,city\n1,Lisboa\n");
        assertEquals(List.of("n", "city"), bom.columns());
        DatasetSpec latin1 = CleanFixture.spec("name: t\nmatch: t.csv\nformat: {encoding: ISO-8859-1}\n");
        CleanFixture.Result r = CleanFixture.clean(latin1, "city\nS\u00e3o Paulo\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("S\u00e3o Paulo", r.rows().get(0)[0]);
        DatasetSpec jsonBom = CleanFixture.spec("name: t\nmatch: t.json\nformat: {type: json}\n");
        CleanFixture.Result j = CleanFixture.clean(jsonBom, "\uFEFF[{\"a\": 1}]".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("1"), j.column("a"));
    }

    @Test
    void outputSelectsAndOrdersColumnsAndChecksTheDynamoDbKey() throws IOException {
        String spec = """
                name: t
                match: t.csv
                columns: {id: int}
                derive: {twice: {expr: "id * 2", type: int}}
                output:
                  columns: [twice, id]
                  dynamodb: {partition_key: id}
                """;
        CleanFixture.Result r = clean(spec, "id,other\n1,x\n");
        assertEquals(List.of("twice", "id"), r.columns());
        assertEquals(List.of(2), r.column("twice"));
        SpecException notOutput = assertThrows(SpecException.class,
                () -> clean(spec.replace("partition_key: id", "partition_key: other"), "id,other\n1,x\n"));
        assertTrue(notOutput.getMessage().contains("key column 'other' is not an output column"),
                notOutput.getMessage());
        SpecException unknown = assertThrows(SpecException.class,
                () -> clean(spec.replace("[twice, id]", "[twice, idd]"), "id,other\n1,x\n"));
        assertTrue(unknown.getMessage().contains("output.columns: 'idd' is not a column"), unknown.getMessage());
    }

    @Test
    void keepRulesDropTheRowsTheyDoNotMatch() throws IOException {
        CleanFixture.Result r = clean("""
                name: t
                match: t.csv
                columns: {age: int}
                rows:
                  keep_when: {adult: "age >= 18"}
                """, "age\n17\n18\n40\n");
        assertEquals(List.of(18, 40), r.column("age"));
        assertEquals(1L, r.summary().dropped().get("adult"));
    }

    @Test
    void specMistakesInColumnRulesAreNamed() {
        assertMessage("columns.a.case: applies to string columns only", "columns: {a: {type: int, case: lower}}");
        assertMessage("columns.a.missing: median needs a numeric column (this one is string)",
                "columns: {a: {missing: median}}");
        assertMessage("columns.a.outliers: outliers apply to numeric columns", "columns: {a: {outliers: {method: iqr}}}");
        assertMessage("columns.a.outliers.method: 'sigma' is not one of iqr, z_score, modified_z_score",
                "columns: {a: {type: int, outliers: {method: sigma}}}");
        assertMessage("columns.a.missing.fill: 'zero' is not a valid int", "columns: {a: {type: int, missing: {fill: zero}}}");
        assertMessage("columns.a.timezone: 'Mars/Olympus' is not a time zone",
                "columns: {a: {type: timestamp, timezone: Mars/Olympus}}");
        assertMessage("columns.a.pattern: not a regular expression", "columns: {a: {pattern: \"[\"}}");
        assertMessage("duplicates.keep: 'middle' is not one of first, last", "duplicates: {columns: [a], keep: middle}");
        assertMessage("format: flatten and unnest apply to json and jsonl files only", "format: {unnest: [items]}");
    }

    private static void assertMessage(String expected, String yaml) {
        SpecException e = assertThrows(SpecException.class, () -> CleanFixture.spec("name: t\nmatch: t.csv\n" + yaml));
        assertTrue(e.getMessage().startsWith("test.yaml: " + expected), e.getMessage());
    }

    @Test
    void aSingleRowAndAllMissingValuesAreFine() throws IOException {
        CleanFixture.Result r = clean("name: t\nmatch: t.csv\ncolumns: {n: int}\n", "n,s\n,\n");
        assertEquals(1, r.summary().rowsOut());
        assertNull(r.rows().get(0)[0]);
        assertEquals(1, r.columnReport("n").nullsAfter());
        assertNull(r.columnReport("n").mean());
    }
}
