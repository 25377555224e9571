package io.tributary.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clean CSV and JSON Lines writers: what they write reads back as the same values. */
class CleanWritersTest {

    static final List<String> COLUMNS = List.of("text", "int", "long", "double", "decimal", "flag", "day", "at");
    static final List<ColumnType> TYPES = List.of(ColumnType.STRING, ColumnType.INT, ColumnType.LONG,
            ColumnType.DOUBLE, ColumnType.DECIMAL, ColumnType.BOOLEAN, ColumnType.DATE, ColumnType.TIMESTAMP);

    static final String[] AWKWARD_TEXT = {
            "plain", "", "a,b", "say \"hi\"", "two\nlines", "cr\rlf\r\n", "#not a comment", "tab\there",
            "back\\slash", "bell\u0007", "café", "日本語", "emoji \uD83D\uDE00 ok", "mixed é, \"q\" and\nbreak",
    };

    static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        long[] longs = {0, -1, 7, Long.MIN_VALUE, Long.MAX_VALUE, 1_000_000_007L};
        int[] ints = {0, 9, 10, -10, 1023, 1024, Integer.MIN_VALUE, Integer.MAX_VALUE};
        double[] doubles = {0.0, -0.5, 82.0, 0.1, 1e-7, 1.7976931348623157E308, 123456.789};
        LocalDate[] days = {LocalDate.of(2015, 7, 1), LocalDate.of(1, 1, 9), LocalDate.of(12345, 12, 31),
                LocalDate.of(-44, 3, 15)};
        for (int i = 0; i < AWKWARD_TEXT.length; i++) {
            rows.add(new Object[]{AWKWARD_TEXT[i], ints[i % ints.length], longs[i % longs.length],
                    doubles[i % doubles.length], new BigDecimal("1234.5600").movePointLeft(i % 3),
                    i % 2 == 0, days[i % days.length], Instant.ofEpochSecond(1_700_000_000L + i)});
        }
        rows.add(new Object[COLUMNS.size()]);
        return rows;
    }

    static byte[] write(RowSink sink, ByteArrayOutputStream bytes, List<String> columns, List<ColumnType> types,
                        List<Object[]> rows) throws IOException {
        try (sink) {
            sink.start(columns, types);
            long line = 2;
            for (Object[] row : rows) {
                sink.accept(line++, 0, row);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void csvReadsBackAsTheSameTextThroughOurReader() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Object[]> rows = rows();
        write(new CsvRowWriter(bytes), bytes, COLUMNS, TYPES, rows);
        List<SourceRecord> read = new ArrayList<>();
        try (RowSource source = new ByteCsvRowSource(new ByteArrayInputStream(bytes.toByteArray()), ',', '"', true,
                StandardCharsets.UTF_8)) {
            assertEquals(COLUMNS, source.columns());
            while (source.hasNext()) {
                read.add(source.next());
            }
        }
        assertEquals(rows.size(), read.size());
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            List<String> fields = read.get(r).fields();
            assertEquals(row.length, fields.size(), "row " + r);
            for (int c = 0; c < row.length; c++) {
                String expected = row[c] == null ? ""
                        : row[c] instanceof BigDecimal d ? d.toPlainString() : row[c].toString();
                assertEquals(expected, fields.get(c), "row " + r + ", " + COLUMNS.get(c));
            }
        }
    }

    @Test
    void csvQuotesOnlyWhatNeedsQuotes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(new CsvRowWriter(bytes), bytes, List.of("a", "b"), List.of(ColumnType.STRING, ColumnType.STRING),
                List.of(new Object[]{"#x", "#y"}, new Object[]{"say \"hi\"", "a,b"}, new Object[]{null, ""}));
        assertEquals("a,b\n\"#x\",#y\n\"say \"\"hi\"\"\",\"a,b\"\n,\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aOneColumnRowWithNoValueIsNotABlankLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(new CsvRowWriter(bytes), bytes, List.of("only"), List.of(ColumnType.STRING),
                List.of(new Object[]{"x"}, new Object[]{null}, new Object[]{"y"}));
        assertEquals("only\nx\n\"\"\ny\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void jsonLinesParseBackToTheSameTypedValues() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Object[]> rows = rows();
        write(new JsonLinesRowWriter(bytes), bytes, COLUMNS, TYPES, rows);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(rows.size() + 1, lines.length, "one line per row and a final line break");
        assertEquals("", lines[rows.size()]);
        ObjectMapper json = new ObjectMapper();
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            JsonNode node = json.readTree(lines[r]);
            assertEquals(COLUMNS, iterable(node.fieldNames()), "field order");
            for (int c = 0; c < row.length; c++) {
                JsonNode v = node.get(COLUMNS.get(c));
                String at = "row " + r + ", " + COLUMNS.get(c) + ": " + lines[r];
                Object expected = row[c];
                if (expected == null) {
                    assertTrue(v.isNull(), at);
                } else if (expected instanceof String s) {
                    assertEquals(s, v.textValue(), at);
                } else if (expected instanceof Integer n) {
                    assertEquals(n.intValue(), v.intValue(), at);
                } else if (expected instanceof Long n) {
                    assertEquals(n.longValue(), v.longValue(), at);
                } else if (expected instanceof Double d) {
                    assertEquals(d, v.doubleValue(), at);
                } else if (expected instanceof BigDecimal d) {
                    assertEquals(0, d.compareTo(v.decimalValue()), at);
                } else if (expected instanceof Boolean b) {
                    assertEquals(b, v.booleanValue(), at);
                } else {
                    assertEquals(expected.toString(), v.textValue(), at);
                }
            }
        }
    }

    @Test
    void itemsCarryTheirRowIdFirst() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonLinesRowWriter sink = new JsonLinesRowWriter(bytes, "row_id", "raw/orders/a \"b\".json")) {
            sink.start(List.of("n"), List.of(ColumnType.INT));
            sink.accept(7, 0, new Object[]{1});
            sink.accept(9, 3, new Object[]{2});
        }
        assertEquals("{\"row_id\":\"raw/orders/a \\\"b\\\".json#7\",\"n\":1}\n"
                + "{\"row_id\":\"raw/orders/a \\\"b\\\".json#9.3\",\"n\":2}\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rowsThatShareASourceLineGetIdsOfTheirOwn() throws IOException {
        // a JSON array on one line: every element starts on line 1; unnested, each element makes parts 1..n
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonLinesRowWriter sink = new JsonLinesRowWriter(bytes, "id", "k")) {
            sink.start(List.of("n"), List.of(ColumnType.INT));
            sink.accept(1, 0, new Object[]{1});
            sink.accept(1, 0, new Object[]{2});
            sink.accept(1, 0, new Object[]{3});
            sink.accept(2, 1, new Object[]{4});
            sink.accept(2, 2, new Object[]{5});
            sink.accept(2, 1, new Object[]{6});
            sink.accept(2, 3, new Object[]{7});
            sink.accept(3, 0, new Object[]{8});
        }
        List<String> ids = bytes.toString(StandardCharsets.UTF_8).lines()
                .map(l -> l.substring(l.indexOf(":\"") + 2, l.indexOf("\",")))
                .toList();
        assertEquals(List.of("k#1", "k#1-2", "k#1-3", "k#2.1", "k#2.2", "k#2-2.1", "k#2-2.3", "k#3"), ids);
    }

    @Test
    void longTextCrossesTheBufferIntact() throws IOException {
        char[] big = new char[200_000];
        Arrays.fill(big, 'é');
        big[100_000] = '"';
        String text = new String(big);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(new JsonLinesRowWriter(bytes), bytes, List.of("t"), List.of(ColumnType.STRING),
                List.of(new Object[]{text}, new Object[]{"after"}));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(text, new ObjectMapper().readTree(lines[0]).get("t").textValue());
        assertEquals("after", new ObjectMapper().readTree(lines[1]).get("t").textValue());
    }

    @Test
    void longTextWithPairsAcrossEveryPieceBoundaryIsWrittenWholeInBothFormats() throws IOException {
        StringBuilder text = new StringBuilder();
        while (text.length() < 50_000) {
            text.append("ab\"c,\uD83D\uDE00é\n");
        }
        for (int shift = 0; shift < 3; shift++) {
            String value = "x".repeat(shift) + text;
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            write(new JsonLinesRowWriter(json), json, List.of("t", "n"), List.of(ColumnType.STRING, ColumnType.INT),
                    List.<Object[]>of(new Object[]{value, 1}));
            assertEquals(value, new ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8)).get("t").textValue());
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            write(new CsvRowWriter(csv), csv, List.of("t", "n"), List.of(ColumnType.STRING, ColumnType.INT),
                    List.<Object[]>of(new Object[]{value, 1}));
            try (RowSource source = new ByteCsvRowSource(new ByteArrayInputStream(csv.toByteArray()), ',', '"', true,
                    StandardCharsets.UTF_8)) {
                assertEquals(List.of(value, "1"), source.next().fields());
            }
        }
    }

    @Test
    void aLoneSurrogateIsWrittenAsJavaWritesIt() throws IOException {
        String broken = "a\uD83Db\uDE00c";
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        write(new JsonLinesRowWriter(json), json, List.of("t"), List.of(ColumnType.STRING),
                List.<Object[]>of(new Object[]{broken}));
        assertEquals("{\"t\":\"" + new String(broken.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) + "\"}\n",
                json.toString(StandardCharsets.UTF_8));
    }

    @Test
    void repeatedTextIsWrittenTheSameEveryTimeAndPerItsColumn() throws IOException {
        List<Object[]> rows = new ArrayList<>();
        for (int r = 0; r < 10_000; r++) {
            // the same strings in two columns: only the first column quotes a leading #
            String tag = "#t" + (r % 7);
            String code = r % 3 == 0 ? "a,b" : "plain é";
            rows.add(new Object[]{tag, tag, code, new String(code)});
        }
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        List<String> columns = List.of("a", "b", "c", "d");
        List<ColumnType> types = List.of(ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.STRING);
        write(new CsvRowWriter(csv), csv, columns, types, rows);
        String[] lines = csv.toString(StandardCharsets.UTF_8).split("\n");
        for (int r = 0; r < rows.size(); r++) {
            String code = rows.get(r)[2].toString();
            String field = code.contains(",") ? "\"" + code + "\"" : code;
            assertEquals("\"" + rows.get(r)[0] + "\"," + rows.get(r)[1] + "," + field + "," + field, lines[r + 1]);
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        write(new JsonLinesRowWriter(json), json, columns, types, rows);
        String[] objects = json.toString(StandardCharsets.UTF_8).split("\n");
        ObjectMapper mapper = new ObjectMapper();
        for (int r = 0; r < rows.size(); r++) {
            JsonNode node = mapper.readTree(objects[r]);
            for (int c = 0; c < 4; c++) {
                assertEquals(rows.get(r)[c], node.get(columns.get(c)).textValue());
            }
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
