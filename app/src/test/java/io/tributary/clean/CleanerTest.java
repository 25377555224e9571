package io.tributary.clean;

import io.tributary.format.RowSources;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CleanerTest {

    static final String SPEC = """
            name: bookings
            match: ["bookings*.csv"]
            format: {type: csv, null_values: ["NULL", "NA", ""]}
            columns:
              year: int
              adults: int
              children: int
              company: {type: int, missing: {fill: 0}}
              adr: double
              booked: {type: date, format: "M/d/yyyy"}
            rows:
              drop_when:
                no_guests: "adults == 0 && children == 0"
            derive:
              arrival: {expr: "date(year, month, day)", type: date}
              guests: {expr: "adults + (children ?? 0)", type: int}
            """;

    static DatasetSpec spec(String yaml) {
        return CleanFixture.spec(yaml);
    }

    static CleanFixture.Result clean(String specYaml, String data) throws IOException {
        return CleanFixture.clean(specYaml, data);
    }

    @Test
    void appliesTypesFillDropDeriveAndDedupeInOnePass() throws IOException {
        String csv = """
                year,month,day,adults,children,company,adr,booked
                2015,July,1,2,0,NULL,75.5,7/1/2015
                2015,July,1,2,0,NA,75.5,7/1/2015
                2016,Feb,29,0,0,7,0,2/1/2016
                2017,March,3,1,NA,,10,3/3/2017
                """;
        CleanFixture.Result r = clean(SPEC, csv);

        assertEquals(4, r.summary().rowsIn());
        assertEquals(2, r.summary().rowsOut());
        assertEquals(Map.of("duplicate", 1L, "no_guests", 1L), r.summary().dropped());
        assertEquals(List.of("year", "month", "day", "adults", "children", "company", "adr", "booked", "arrival",
                "guests"), r.columns());

        Object[] first = r.rows().get(0);
        assertEquals(2015, first[0]);
        assertEquals("July", first[1]);
        assertEquals(0, first[5], "missing company filled with 0");
        assertEquals(75.5, first[6]);
        assertEquals(LocalDate.of(2015, 7, 1), first[7]);
        assertEquals(LocalDate.of(2015, 7, 1), first[8]);
        assertEquals(2, first[9]);

        Object[] second = r.rows().get(1);
        assertNull(second[4], "NA is a missing value");
        assertEquals(LocalDate.of(2017, 3, 3), second[8]);
        assertEquals(1, second[9], "missing children count as 0 through ?? in the expression");
    }

    @Test
    void columnsOfManyDistinctNumbersConvertAsTheirTextDoes() throws IOException {
        // thousands of distinct values: the reader does not remember them but reads plain numbers
        // from their bytes; everything else (null tokens, padding, exponents, overflow) as text
        String spec = """
                name: prices
                match: ["prices*.csv"]
                format: {type: csv, null_values: ["NA", "NULL"]}
                columns:
                  id: int
                  big: long
                  price: double
                  code: {type: int, required: true}
                """;
        StringBuilder csv = new StringBuilder("id,big,price,code\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        List<Object[]> expected = new ArrayList<>();
        List<Long> rejectedLines = new ArrayList<>();
        for (int r = 0; r < 20_000; r++) {
            long big = random.nextLong() >> random.nextInt(0, 40);
            String price = String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 500 - 100);
            Object priceValue = Double.parseDouble(price);
            if (r % 97 == 5) {
                price = "NA";
                priceValue = null;
            } else if (r % 101 == 7) {
                price = " " + price;
            } else if (r % 103 == 11) {
                price = price + "e2";
                priceValue = Double.parseDouble(price);
            }
            int idValue = r % 89 == 3 ? r : r - 500;
            String id = (r % 89 == 3 ? "+" : "") + idValue;
            String code = r % 211 == 13 ? "NULL" : r % 307 == 17 ? "2147483648" : Integer.toString(r * 7919);
            csv.append(id).append(',').append(big).append(',').append(price).append(',').append(code).append('\n');
            if (code.equals("NULL") || code.equals("2147483648")) {
                rejectedLines.add(r + 2L);
            } else {
                expected.add(new Object[]{idValue, big, priceValue, r * 7919});
            }
        }
        CleanFixture.Result result = clean(spec, csv.toString());
        assertEquals(rejectedLines, result.rejected().stream().map(RejectedRow::line).toList());
        assertEquals(expected.size(), result.rows().size());
        for (int i = 0; i < expected.size(); i++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(expected.get(i)[c], result.rows().get(i)[c], "row " + i + ", column " + c);
            }
        }
        RejectedRow overflow = result.rejected().stream().filter(x -> x.rule().equals("type")).findFirst().orElseThrow();
        assertTrue(overflow.reason().contains("'2147483648' is not a valid int"), overflow.reason());
        assertTrue(overflow.record().endsWith(",2147483648"), overflow.record());
        assertEquals("required", result.rejected().get(0).rule());
    }

    @Test
    void brokenRowsAreRejectedWithLineAndReasonWhileGoodRowsFlow() throws IOException {
        String csv = """
                year,month,day,adults,children,company,adr,booked
                2015,July,1,2,0,NULL,75.5,7/1/2015
                2015,July,1,2,0,NULL
                2015,July,1,two,0,NULL,75.5,7/1/2015
                2015,July,2,"2",0,NULL,"7
                5",7/2/2015
                2015,Juli,2,2,0,NULL,75.5,7/2/2015
                2015,July,3,1,0,NULL,80,7/3/2015
                """;
        CleanFixture.Result r = clean(SPEC, csv);

        assertEquals(6, r.summary().rowsIn());
        assertEquals(2, r.summary().rowsOut());
        assertEquals(Map.of("column_count", 1L, "type", 2L, "expression", 1L), r.summary().rejected());
        assertEquals(List.of(3L, 4L, 5L, 7L), r.rejected().stream().map(RejectedRow::line).toList());
        assertEquals("expected 8 fields, found 6", r.rejected().get(0).reason());
        assertEquals("column adults: 'two' is not a valid int", r.rejected().get(1).reason());
        assertTrue(r.rejected().get(2).reason().startsWith("column adr: "), r.rejected().get(2).reason());
        assertTrue(r.rejected().get(3).reason().contains("'Juli' is not a month name"), r.rejected().get(3).reason());
        assertEquals("2015,Juli,2,2,0,NULL,75.5,7/2/2015", r.rejected().get(3).record(),
                "a row rejected after its fields converted keeps its text as read");
        assertEquals("2015,July,1,two,0,NULL,75.5,7/1/2015", r.rejected().get(1).record());
        assertEquals("2015,July,1,2,0,NULL", r.rejected().get(0).record());
        assertEquals("2015,July,2,\"2\",0,NULL,\"7\n5\",7/2/2015", r.rejected().get(2).record(),
                "a record of many lines is given as it is in the file, quotes and all");
        assertEquals(8L, r.rows().get(1)[0] instanceof Integer ? 8L : -1L, "the row after a quoted newline is read");
        assertEquals(LocalDate.of(2015, 7, 3), r.rows().get(1)[7]);
    }

    @Test
    void aUtf16FileIsReadCharacterForCharacterAndItsRejectedRowsAreAsInTheFile() throws IOException {
        DatasetSpec spec = CleanFixture.spec("""
                name: t
                match: t.csv
                format: {type: csv, delimiter: ";", quote: "'", encoding: UTF-16}
                columns:
                  n: int
                """);
        String text = "n;text;other\n1;'a;b';x\n2;'x';'it''s';extra\n3;h\u00e9llo \u5012 \uD83D\uDE00;z\n";
        CleanFixture.Result r = CleanFixture.clean(spec, text.getBytes(StandardCharsets.UTF_16));
        assertEquals(2, r.summary().rowsOut());
        assertEquals(List.of(1, "a;b", "x"), List.of(r.rows().get(0)));
        assertEquals("h\u00e9llo \u5012 \uD83D\uDE00", r.rows().get(1)[1]);
        assertEquals(3L, r.rejected().get(0).line());
        assertEquals("2;'x';'it''s';extra", r.rejected().get(0).record(), "the record as in the file, quotes and all");
    }

    @Test
    void aByteOrderMarkIsSkippedInUtf16LittleEndian() throws IOException {
        DatasetSpec spec = CleanFixture.spec("""
                name: t
                match: t.csv
                format: {type: csv, encoding: UTF-16LE}
                columns:
                  n: int
                """);
        CleanFixture.Result r = CleanFixture.clean(spec,
                "\uFEFFn,text\n7,a\n".getBytes(StandardCharsets.UTF_16LE));
        assertEquals(List.of(7, "a"), List.of(r.rows().get(0)), "column n found: the mark is not part of its name");
    }

    @Test
    void aShiftJisFileWhoseCharactersHoldTheSeparatorsByteIsSplitByCharacters() throws IOException {
        // in Shift_JIS the second byte of \u5012 is 0x7C, the byte of '|'
        DatasetSpec spec = CleanFixture.spec("""
                name: t
                match: t.csv
                format: {type: csv, delimiter: "|", encoding: Shift_JIS}
                columns:
                  id: int
                """);
        byte[] data = "id|name\n1|\u5012\u7523\n2|x\n".getBytes(java.nio.charset.Charset.forName("Shift_JIS"));
        CleanFixture.Result r = CleanFixture.clean(spec, data);
        assertEquals(0, r.summary().rejectedTotal());
        assertEquals(List.of(1, "\u5012\u7523"), List.of(r.rows().get(0)));
        assertEquals(List.of(2, "x"), List.of(r.rows().get(1)));
    }

    @Test
    void anUnclosedQuoteKeepsTheRowsBeforeIt() throws IOException {
        String csv = "year,month,day,adults,children,company,adr,booked\n"
                + "2015,July,1,2,0,NULL,75.5,7/1/2015\n"
                + "2015,July,2,2,0,NULL,\"75.5,7/2/2015\n"
                + "2015,July,3,2,0,NULL,75.5,7/3/2015\n";
        CleanFixture.Result r = clean(SPEC, csv);
        assertEquals(1, r.summary().rowsOut());
        assertEquals(1, r.summary().rejectedTotal());
        assertEquals(3L, r.rejected().get(0).line());
        assertEquals("malformed", r.rejected().get(0).rule());
        assertTrue(r.rejected().get(0).reason().contains("a quoted field that starts on line 3 is never closed"),
                r.rejected().get(0).reason());
        assertEquals(r.summary().rowsIn(), r.summary().rowsOut() + r.summary().droppedTotal()
                + r.summary().rejectedTotal());
    }

    @Test
    void headerOnlyAndEmptyFilesGiveNoRows() throws IOException {
        CleanFixture.Result headerOnly = clean(SPEC, "year,month,day,adults,children,company,adr,booked\n");
        assertEquals(0, headerOnly.summary().rowsIn());
        assertEquals(10, headerOnly.columns().size());
    }

    @Test
    void specMistakesNameTheFileAndKey() {
        SpecException unknownKey = assertThrows(SpecException.class, () -> spec("""
                name: x
                match: x.csv
                rowz: {}
                """));
        assertEquals("test.yaml: rowz: unknown key (allowed here: name, match, format, columns, rows, "
                + "derive, duplicates, output, export, api)", unknownKey.getMessage());

        SpecException badType = assertThrows(SpecException.class, () -> spec("""
                name: x
                match: x.csv
                columns: {a: integer}
                """));
        assertTrue(badType.getMessage().startsWith("test.yaml: columns.a: unknown column type 'integer'"),
                badType.getMessage());

        SpecException typo = assertThrows(SpecException.class, () -> clean(SPEC.replace("adults == 0", "adutls == 0"),
                "year,month,day,adults,children,company,adr,booked\n"));
        assertTrue(typo.getMessage().contains("rows.drop_when.no_guests")
                && typo.getMessage().contains("reads 'adutls', which is not a column"), typo.getMessage());

        SpecException notInHeader = assertThrows(SpecException.class, () -> clean(SPEC, "year,month\n"));
        assertTrue(notInHeader.getMessage().contains("columns.adults is not in the file's header"),
                notInHeader.getMessage());
    }

    @Test
    void expressionsCannotReachJava() {
        assertThrows(SpecException.class, () -> clean(SPEC.replace("\"adults + (children ?? 0)\"",
                "\"new('java.io.File', '/').delete()\""), "year,month,day,adults,children,company,adr,booked\n"));
        assertThrows(SpecException.class, () -> clean(SPEC.replace("\"adults + (children ?? 0)\"",
                "\"adults = 3\""), "year,month,day,adults,children,company,adr,booked\n"));
    }

    @Test
    void jsonLinesWithABrokenLineStillDeliverTheOthers() throws IOException {
        String spec = """
                name: events
                match: "*.jsonl"
                format: {type: jsonl}
                columns: {n: int}
                """;
        String jsonl = "{\"n\": 1, \"s\": \"a\"}\n{\"n\": 2, \"s\": \n\n{\"n\": 3}\n[1]\n{\"n\": 4, \"x\": 1}\n";
        CleanFixture.Result r = clean(spec, jsonl);
        assertEquals(List.of("n", "s", "x"), r.columns(), "the columns of every record, in the order first seen");
        assertEquals(3, r.summary().rowsOut());
        assertEquals(List.of(2L, 5L), r.rejected().stream().map(RejectedRow::line).toList());
        assertEquals("malformed", r.rejected().get(0).rule());
        assertEquals("{\"n\": 2, \"s\": ", r.rejected().get(0).record(), "the broken line's raw text is kept");
        assertNull(r.rows().get(1)[1], "a key missing from a later object is a missing value");
        assertEquals("1", r.rows().get(2)[2]);
    }

    @Test
    void duplicateIndexKeepsDistinctRowsApartAndGrows() {
        DuplicateIndex index = new DuplicateIndex();
        RowHash hash = new RowHash();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(index.add(hash.reset().add("row-" + i).finish()));
        }
        for (int i = 0; i < 100_000; i += 997) {
            assertTrue(!index.add(hash.reset().add("row-" + i).finish()), "row-" + i + " seen before");
        }
        assertEquals(100_000, index.size());
        assertTrue(index.add(hash.reset().add("ab").add("c").finish()));
        assertTrue(index.add(hash.reset().add("a").add("bc").finish()), "values are delimited");
        assertTrue(index.add(hash.reset().add(2).finish()));
        assertTrue(index.add(hash.reset().add("2").finish()), "an int and a text differ");
        assertTrue(index.add(hash.reset().add((Object) null).finish()));
        assertTrue(index.add(hash.reset().add("").finish()), "missing differs from empty text");
    }
}
