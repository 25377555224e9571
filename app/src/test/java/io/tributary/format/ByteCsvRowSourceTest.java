package io.tributary.format;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.FieldConversion;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte-level CSV reader reads what FastCSV reads, line numbers included, across buffer boundaries. */
class ByteCsvRowSourceTest {

    static List<SourceRecord> read(RowSource source) throws IOException {
        List<SourceRecord> records = new ArrayList<>();
        try (source) {
            records.add(SourceRecord.of(0, source.columns()));
            while (source.hasNext()) {
                // as FastCSV gives them: the raw text this reader keeps is checked on its own
                SourceRecord r = source.next();
                records.add(new SourceRecord(r.line(), r.part(), r.fields(), r.error(), r.raw(), r.values(), null));
            }
        }
        return records;
    }

    static void assertSameAsFastCsv(String csv, Charset charset) throws IOException {
        byte[] bytes = csv.getBytes(charset);
        List<SourceRecord> ours = read(new ByteCsvRowSource(new ByteArrayInputStream(bytes), ',', '"', true, charset));
        List<SourceRecord> fast = read(new FastCsvRowSource(new ByteArrayInputStream(bytes), ',', '"', true, charset));
        assertEquals(fast, ours);
    }

    @Test
    void readsWhatFastCsvReads() throws IOException {
        assertSameAsFastCsv("a,b,c\n1,2,3\n", StandardCharsets.UTF_8);
        assertSameAsFastCsv("a,b,c\r\n1,\"two\r\nlines\",3\r\n\r\n4,,\r\n", StandardCharsets.UTF_8);
        assertSameAsFastCsv("a,b\n\"say \"\"hi\"\"\",x\n\n\n5,6", StandardCharsets.UTF_8);
        assertSameAsFastCsv("\uFEFFcity,n\nSão Paulo,1\nMalmö,2\n東京,3\n", StandardCharsets.UTF_8);
        assertSameAsFastCsv("city,n\nSão Paulo,1\nMalmö,2\n", Charset.forName("windows-1252"));
        assertSameAsFastCsv("a,b\n1\n1,2,3\n,\n", StandardCharsets.UTF_8);
    }

    /** Fields in a delimiter § and a quote þ (not ASCII): quoted separators, doubled quotes, a line break, a wrong count. */
    static final String SECTIONS = "a§b§c\n1§þx§yþ§3\n4§þsay þþhiþþþ§\n"
            + "5§þtwo\nlinesþ§6\n\n7§8§9§10\nSão§東京§é\n";

    @Test
    void aDelimiterAndQuoteThatAreNotAsciiAreReadAsFastCsvReadsThemWithEachRecordsRawText() throws IOException {
        for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE)) {
            byte[] bytes = SECTIONS.getBytes(charset);
            DatasetSpec.Format format = DatasetSpec.parse("name: t\nmatch: t.csv\nformat: {type: csv, delimiter: \"§\", "
                    + "quote: \"þ\", encoding: " + charset.name() + "}\n", "t.yaml", "t-").format();
            List<SourceRecord> ours = read(RowSources.open(format, () -> new ByteArrayInputStream(bytes)));
            List<SourceRecord> fast = read(new FastCsvRowSource(new ByteArrayInputStream(bytes), '§', 'þ',
                    true, charset));
            assertEquals(fast, ours, charset.name());
            List<String> raw = new ArrayList<>();
            try (RowSource source = RowSources.open(format, () -> new ByteArrayInputStream(bytes))) {
                while (source.hasNext()) {
                    raw.add(source.next().rawText());
                }
            }
            assertEquals(List.of("1§þx§yþ§3", "4§þsay þþhiþþþ§",
                    "5§þtwo\nlinesþ§6", "7§8§9§10", "São§東京§é"),
                    raw, "each record's text as in the file, " + charset.name());
        }
    }

    @Test
    void fieldsAndCharactersAcrossTheBufferBoundaryAreWhole() throws IOException {
        StringBuilder csv = new StringBuilder("n,text\n");
        for (int i = 0; i < 3000; i++) {
            csv.append(i).append(",").append("é".repeat(i % 50)).append("x".repeat(i % 70)).append('\n');
        }
        csv.append("long,").append("y".repeat(200_000)).append('\n');
        csv.append("quoted,\"").append("z\n".repeat(50_000)).append("\"\n");
        csv.append("last,1");
        assertSameAsFastCsv(csv.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void anUnclosedQuoteIsOneBrokenRecordAtItsLine() throws IOException {
        byte[] bytes = "a,b\n1,2\n3,\"4\n5,6\n".getBytes(StandardCharsets.UTF_8);
        List<SourceRecord> records = read(new ByteCsvRowSource(new ByteArrayInputStream(bytes), ',', '"', true,
                StandardCharsets.UTF_8));
        assertEquals(List.of("1", "2"), records.get(1).fields());
        assertEquals(3, records.get(2).line());
        assertTrue(records.get(2).error().contains("starts on line 3 is never closed"), records.get(2).error());
        assertEquals(3, records.size());
    }

    @Test
    void otherSeparatorsAndNoHeader() throws IOException {
        byte[] bytes = "1;\"a;b\"\n2;c\n".getBytes(StandardCharsets.UTF_8);
        List<SourceRecord> records = read(new ByteCsvRowSource(new ByteArrayInputStream(bytes), ';', '"', false,
                StandardCharsets.UTF_8));
        assertEquals(List.of("column_1", "column_2"), records.get(0).fields());
        assertEquals(List.of("1", "a;b"), records.get(1).fields());
        assertEquals(2, records.get(2).line());
    }

    @Test
    void plainAndQuotedRecordsMixedWideRecordsAndTrailingSeparatorsReadAsFastCsvReadsThem() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < 100; c++) {
            csv.append(c == 0 ? "" : ",").append("c").append(c);
        }
        csv.append("\r\n");
        for (int r = 0; r < 2_000; r++) {
            for (int c = 0; c < 100; c++) {
                csv.append(c == 0 ? "" : ",");
                if ((r + c) % 97 == 0) {
                    csv.append("\"q,").append(r).append("\n\"");
                } else if ((r * c) % 13 == 0) {
                    csv.append("");
                } else {
                    csv.append(r % 7 == 0 ? "é" : "v").append(c * r);
                }
            }
            csv.append(r % 3 == 0 ? "\r\n" : r % 3 == 1 ? "\n" : "\r");
        }
        csv.append("short,row,\n,,\nlast,row,");
        assertSameAsFastCsv(csv.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void aPassThatWantsSomeColumnsGetsEveryOtherFieldEmptyAndTheSameRecords() throws IOException {
        String csv = "a,b,c,d\n1,2,3,4\n\"x\ny\",5,\"6\",7\n8,9\n10,11,12,13,14\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        List<SourceRecord> all = read(new ByteCsvRowSource(new ByteArrayInputStream(bytes), ',', '"', true,
                StandardCharsets.UTF_8));
        List<SourceRecord> some = read(new ByteCsvRowSource(new ByteArrayInputStream(bytes), ',', '"', true,
                StandardCharsets.UTF_8, java.util.Set.of(1, 3), null));
        assertEquals(all.size(), some.size());
        assertEquals(all.get(0), some.get(0), "the header is read whole");
        for (int r = 1; r < all.size(); r++) {
            SourceRecord full = all.get(r);
            SourceRecord part = some.get(r);
            assertEquals(full.line(), part.line());
            assertEquals(full.fields().size(), part.fields().size(), "record " + r + " keeps its field count");
            for (int c = 0; c < full.fields().size(); c++) {
                assertEquals(c == 1 || c == 3 ? full.fields().get(c) : "", part.fields().get(c), "record " + r);
            }
        }
    }

    @Test
    void aWideFileOfPlainAndQuotedFieldsReadsAsFastCsvReadsIt() throws IOException {
        for (int seed = 1; seed <= 4; seed++) {
            // FastCSV stops at text after a closing quote, which this reader keeps: left out here
            String csv = new String(wideFile(seed), StandardCharsets.UTF_8).replace("\"ab\"cd", "\"abcd\"");
            assertSameAsFastCsv(csv, StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPassThatWantsFewColumnsOfAWideFileReadsThemAsTheFullReaderDoes() throws IOException {
        for (int seed = 1; seed <= 4; seed++) {
            for (java.util.Set<Integer> wanted : List.of(java.util.Set.of(0, 3, 50, 51, 99, 110), java.util.Set.of(27),
                    java.util.Set.of(0), java.util.Set.of(99), java.util.Set.<Integer>of())) {
                wideFileWanted(seed, wanted);
            }
        }
    }

    /**
     * 100 columns, 2,000 records: numbers, empty fields, quoted fields with separators, a quote in
     * an unquoted field, non-ASCII text; every 50th record of a random width; CRLF and LF.
     */
    static byte[] wideFile(int seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < 100; c++) {
            csv.append(c == 0 ? "" : ",").append("c").append(c);
        }
        csv.append('\n');
        for (int r = 0; r < 2_000; r++) {
            int width = r % 50 == 7 ? random.nextInt(120) : 100;
            for (int c = 0; c < width; c++) {
                csv.append(c == 0 ? "" : ",");
                int kind = random.nextInt(40);
                if (kind == 0) {
                    csv.append("\"q,").append(r).append("\"");
                } else if (kind == 4 && c % 5 == 0) {
                    // quoted: a number, empty, a doubled quote, text after the closing quote, non-ASCII
                    csv.append(List.of("\"" + r + "\"", "\"\"", "\"say \"\"hi\"\"\"", "\"ab\"cd", "\"é\"")
                            .get(random.nextInt(5)));
                } else if (kind == 1) {
                    csv.append("mid\"quote");
                } else if (kind == 2) {
                    csv.append("");
                } else if (kind == 3) {
                    csv.append("é").append(c);
                } else {
                    csv.append(random.nextInt(kind * 1000));
                }
            }
            csv.append(r % 4 == 0 ? "\r\n" : "\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void wideFileWanted(int seed, java.util.Set<Integer> wanted) throws IOException {
        byte[] bytes = wideFile(seed);
        List<SourceRecord> all = read(new ByteCsvRowSource(new ByteArrayInputStream(bytes), ',', '"', true,
                StandardCharsets.UTF_8));
        List<SourceRecord> some = read(new ByteCsvRowSource(new ByteArrayInputStream(bytes), ',', '"', true,
                StandardCharsets.UTF_8, wanted, null));
        assertEquals(all.size(), some.size());
        for (int r = 1; r < all.size(); r++) {
            SourceRecord full = all.get(r);
            SourceRecord part = some.get(r);
            assertEquals(full.line(), part.line(), "record " + r);
            assertEquals(full.fields().size(), part.fields().size(), "seed " + seed + ", wanted " + wanted + ", record " + r
                    + " keeps its field count");
            for (int c = 0; c < full.fields().size(); c++) {
                assertEquals(wanted.contains(c) ? full.fields().get(c) : "", part.fields().get(c),
                        "seed " + seed + ", wanted " + wanted + ", record " + r + ", field " + c);
            }
        }
    }

    /**
     * A test conversion with every outcome: even columns are whole numbers (anything else is
     * rejected), odd columns text in upper case; empty fields are missing, and missing is rejected
     * in column 3.
     */
    static Object convertForTest(int column, String text) {
        if (column >= 100) {
            throw new AssertionError("column " + column + " is past the header's 100: a conversion is never asked for it");
        }
        if (text.isEmpty()) {
            return column == 3 ? new FieldConversion.Rejected("required", "column 3 is missing") : null;
        }
        if (column % 2 == 1) {
            return text.toUpperCase(java.util.Locale.ROOT);
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return new FieldConversion.Rejected("type", "'" + text + "' is not a whole number");
        }
    }

    @Test
    void aConvertingPassGetsTheValuesOfEveryRecordThatConvertsAndTheTextOfTheRest() throws IOException {
        for (int seed = 1; seed <= 4; seed++) {
            byte[] bytes = wideFile(seed);
            for (java.util.Set<Integer> wanted : Arrays.asList(null, java.util.Set.of(0, 3, 51, 99),
                    java.util.Set.<Integer>of())) {
                List<SourceRecord> text = read(new ByteCsvRowSource(new ByteArrayInputStream(bytes), ',', '"', true,
                        StandardCharsets.UTF_8));
                List<SourceRecord> converted = read(new ByteCsvRowSource(new ByteArrayInputStream(bytes), ',', '"',
                        true, StandardCharsets.UTF_8, wanted, ByteCsvRowSourceTest::convertForTest));
                assertEquals(text.size(), converted.size());
                assertEquals(text.get(0), converted.get(0), "the header is text");
                int width = text.get(0).fields().size();
                int asValues = 0;
                int asText = 0;
                for (int r = 1; r < text.size(); r++) {
                    String where = "seed " + seed + ", wanted " + wanted + ", record " + r;
                    List<String> fields = text.get(r).fields();
                    SourceRecord record = converted.get(r);
                    assertEquals(text.get(r).line(), record.line(), where);
                    boolean converts = fields.size() == width;
                    for (int c = 0; converts && c < width; c++) {
                        boolean read = wanted == null || wanted.contains(c);
                        converts = !read || !(convertForTest(c, fields.get(c)) instanceof FieldConversion.Rejected);
                    }
                    if (converts) {
                        asValues++;
                        assertTrue(record.values() != null, where + " converts");
                        for (int c = 0; c < width; c++) {
                            boolean read = wanted == null || wanted.contains(c);
                            assertEquals(read ? convertForTest(c, fields.get(c)) : null, record.values()[c],
                                    where + ", field " + c);
                        }
                    } else {
                        asText++;
                        assertEquals(null, record.values(), where + " does not convert");
                        assertEquals(fields.size(), record.fields().size(), where);
                        for (int c = 0; c < fields.size(); c++) {
                            boolean read = wanted == null || wanted.contains(c);
                            assertEquals(read ? fields.get(c) : "", record.fields().get(c), where + ", field " + c);
                        }
                    }
                }
                assertTrue(asValues > 0 && (wanted == null || asText > 0 || wanted.isEmpty()),
                        "both kinds of record occur (" + asValues + " values, " + asText + " text)");
            }
        }
    }

    /** Every field as its text: a conversion that converts all. */
    private static final FieldConversion AS_TEXT = (column, text) -> text;

    private static List<List<Object>> values(RowSource source) throws IOException {
        List<List<Object>> records = new ArrayList<>();
        try (source) {
            while (source.hasNext()) {
                SourceRecord record = source.next();
                records.add(record.values() != null ? Arrays.asList(record.values())
                        : List.of("text", record.fields(), String.valueOf(record.error())));
            }
        }
        return records;
    }

    @Test
    void aLargeFileOnDiskIsReadInTwoPartsWhoseRecordsAreTheFilesRecords(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("id,name,amount\n");
        for (int i = 0; csv.length() < 3 * RowSources.MIN_PART_BYTES; i++) {
            csv.append(i).append(",\"name ").append(i % 97).append("\",").append(i * 0.25).append("\r\n");
        }
        Path file = dir.resolve("big.csv");
        Files.writeString(file, csv);
        DatasetSpec.Format format = DatasetSpec.Format.defaults();
        RowSource.Opener opener = RowSources.opener(format, RowSources.file(file));
        List<RowSource> parts = opener.openParts(null, AS_TEXT);
        assertEquals(2, parts.size());
        assertEquals(List.of("id", "name", "amount"), parts.get(1).columns(), "the later part has the header's columns");
        List<List<Object>> inParts = new ArrayList<>(values(parts.get(0)));
        int firstPart = inParts.size();
        inParts.addAll(values(parts.get(1)));
        assertEquals(values(opener.open(null, AS_TEXT)), inParts);
        assertTrue(firstPart > 1000 && inParts.size() - firstPart > 1000, "both halves hold records");

        // a small file, or one read as a stream, is one part
        Path small = dir.resolve("small.csv");
        Files.writeString(small, "id\n1\n2\n");
        assertEquals(1, RowSources.opener(format, RowSources.file(small)).openParts(null, AS_TEXT).size());
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(1, RowSources.opener(format, () -> new ByteArrayInputStream(bytes)).openParts(null, AS_TEXT)
                .size());
    }

    @Test
    void aPartThatEndsInsideAQuotedFieldEndsInABrokenRecord(@TempDir Path dir) throws IOException {
        // one quoted field of many lines from a quarter of the file to three quarters
        StringBuilder csv = new StringBuilder("id,note\n");
        while (csv.length() < RowSources.MIN_PART_BYTES) {
            csv.append(csv.length()).append(",short\n");
        }
        csv.append("x,\"").append("line\n".repeat(2 * (int) RowSources.MIN_PART_BYTES / 5)).append("\"\n");
        while (csv.length() < 4 * RowSources.MIN_PART_BYTES) {
            csv.append(csv.length()).append(",short\n");
        }
        Path file = dir.resolve("quoted.csv");
        Files.writeString(file, csv);
        List<RowSource> parts = RowSources.opener(DatasetSpec.Format.defaults(),
                RowSources.file(file)).openParts(null, AS_TEXT);
        assertEquals(2, parts.size());
        List<List<Object>> first = values(parts.get(0));
        parts.get(1).close();
        assertEquals("text", first.get(first.size() - 1).get(0));
        // a header cut by the split (a quoted name of many lines): one part, read whole
        Path header = dir.resolve("header.csv");
        Files.writeString(header, "id,\"" + "name\n".repeat(300_000) + "\"\n1,x\n2,y\n");
        List<RowSource> whole = RowSources.opener(DatasetSpec.Format.defaults(), RowSources.file(header))
                .openParts(null, AS_TEXT);
        assertEquals(1, whole.size());
        assertEquals(List.of(Arrays.asList("1", "x"), Arrays.asList("2", "y")), values(whole.get(0)));
        assertTrue(String.valueOf(first.get(first.size() - 1).get(2)).contains("never closed"),
                first.get(first.size() - 1).toString());
    }

    /** The raw text of each record a reader gives, as it is in the file (no line end). */
    private static List<String> rawTexts(String csv) throws IOException {
        List<String> raw = new ArrayList<>();
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        try (ByteCsvRowSource source = new ByteCsvRowSource(new ByteArrayInputStream(bytes), ',', '"', true,
                StandardCharsets.UTF_8)) {
            while (source.hasNext()) {
                raw.add(source.next().rawText());
            }
        }
        return raw;
    }

    @Test
    void recordsKeepTheirRawTextAsInTheFile() throws IOException {
        String quotedNewline = "2,\"two\nlines\",x";
        String doubledQuotes = "3,\"say \"\"hi\"\"\",\"4\"";
        String longQuoted = "4,\"" + "long, with\nbreaks ".repeat(10_000) + "\",y"; // over 64 KB: read across refills
        String csv = "n,text,other\r\n1,plain,a\r\n" + quotedNewline + "\r\n\r\n" + doubledQuotes + "\n" + longQuoted
                + "\n5,\u00e9t\u00e9,\n6,last,";
        List<String> raw = rawTexts(csv);
        assertEquals(List.of("1,plain,a", quotedNewline, doubledQuotes, longQuoted, "5,\u00e9t\u00e9,", "6,last,"), raw);
        // a record of more than a megabyte is given by its fields only
        String huge = "7,\"" + "x\n".repeat(600_000) + "\",z";
        assertEquals(Arrays.asList("1,plain,a", null, "8,after,huge"),
                rawTexts("n,text,other\n1,plain,a\n" + huge + "\n8,after,huge\n"));
    }
}
