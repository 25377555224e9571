package io.tributary.format;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.FieldConversion;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON Lines lines and JSON array elements of plain values are read straight from their bytes
 * ({@link JsonRecordScanner}), the rest by the JSON parser: whichever way a record goes, it is the
 * one the parser's tree gives (the parser alone is the oracle here: for an array, the parser
 * reading the whole array, broken ones included), {@link ByteLines} numbers lines as
 * {@link BufferedReader#readLine} does, and {@link ArrayElements} numbers elements' lines as the
 * parser does.
 */
class JsonRecordScannerTest {

    private static final DatasetSpec.Format FORMAT = format("{type: jsonl, flatten: {max_depth: 3}}");
    private static final DatasetSpec.Format UNNESTING = format(
            "{type: jsonl, flatten: {max_depth: 3}, unnest: [items, tags, note_items]}");

    private static final DatasetSpec.Format ARRAY = format("{type: json, flatten: {max_depth: 3}}");
    private static final DatasetSpec.Format ARRAY_UNNESTING = format(
            "{type: json, flatten: {max_depth: 3}, unnest: [items, tags, note_items]}");

    private static DatasetSpec.Format format(String format) {
        return DatasetSpec.parse("name: events\nmatch: \"*.jsonl\"\nformat: " + format + "\n", "test.yaml",
                "tributary-").format();
    }

    /** Tags each text with its column, rejects one text, and makes a missing value of column 1 a rejection. */
    private static final FieldConversion CONVERSION = (column, text) -> text == null
            ? column == 1 ? new FieldConversion.Rejected("required", "missing") : null
            : text.equals("reject me") ? new FieldConversion.Rejected("type", "not this one") : column + "=" + text;

    @Test
    void linesOfPlainValuesAreScannedAndTheOthersLeftToTheParser() {
        JsonRecordScanner scanner = new JsonRecordScanner("_", 3, Set.of("items"));
        for (String plain : List.of("{}", " { } ", "{\"a\":1}", "{\"a\": \"x\" , \"b\":null,\"c\":true,\"d\":false}",
                "{\"a\":{\"b\":{\"c\":-1.5e3}}}", "{\"ключ\":\"значение 😀\"}", "\t{\"\":0}\t", "{\"n\":-0.0}",
                "{\"a\":{\"b\":1},\"a_b\":2}", "{\"items\":[]}", "{\"a\":1,\"items\":[{\"x\":1},{\"x\":2,\"y\":{\"z\":3}}],\"b\":2}",
                "{\"items\":[1,\"x\",null,true]}", "{\"items\" : [ {\"x\":1} , {} ] }")) {
            assertTrue(scan(scanner, plain), plain);
        }
        for (String other : List.of("", "  ", "[1]", "42", "{\"a\":[1]}", "{\"a\":\"x\\ny\"}", "{\"a\\u0062\":1}",
                "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":{\"c\":{\"d\":1}}}}", "{\"a\":-0}", "{\"a\":01}", "{\"a\":1.}",
                "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1,}", "{\"a\":1} x", "{\"a\":1}{}", "{'a':1}", "{a:1}",
                "{\"a\":NaN}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"x\ty\"}", "{\"a\":1", "{\"a\" 1}",
                "{\"a\":\"" + "9".repeat(10) + "\", \"b\":" + "9".repeat(65) + "}", "{\"items\":[[1]]}",
                "{\"items\":[{\"items\":[1]}]}", "{\"items\":[1],\"items2\":1,\"b\":{\"items\":[2]}}",
                "{\"items\":[{\"x\":1,\"x\":2}]}", "{\"items\":[{\"x\":{\"y\":{\"z\":1}}}]}", "{\"items\":[1,]}",
                "{\"items\":[1 2]}", "{\"items\":[{\"x\":[1]}]}")) {
            assertFalse(scan(scanner, other), other);
        }
    }

    private static boolean scan(JsonRecordScanner scanner, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return scanner.scan(bytes, 0, bytes.length);
    }

    @Test
    void everyLineGivesTheRecordsTheParserGives() throws IOException {
        Random random = new Random(7);
        StringBuilder file = new StringBuilder("\uFEFF");
        String[] ends = {"\n", "\r\n", "\r"};
        for (String line : HAND_WRITTEN) {
            file.append(line).append(ends[random.nextInt(ends.length)]);
        }
        for (int i = 0; i < 3000; i++) {
            String line = randomObject(random, 1);
            if (random.nextInt(20) == 0) {
                line = corrupt(random, line);
            }
            file.append(line).append(ends[random.nextInt(ends.length)]);
        }
        file.append("{\"last\":\"no line end\"}");
        byte[] utf8 = file.toString().getBytes(StandardCharsets.UTF_8);
        assertSameRecords(FORMAT, utf8, StandardCharsets.UTF_8);
        // arrays to unnest: one row per element (the lines with other arrays are parsed)
        assertSameRecords(UNNESTING, utf8, StandardCharsets.UTF_8);
        // a file in another character set is transcoded to UTF-8 as it is read, then scanned alike
        assertSameRecords(FORMAT, file.toString().getBytes(StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE);
    }

    @Test
    void everyArrayElementGivesTheRecordsTheParserGives() throws IOException {
        Random random = new Random(11);
        List<String> elements = new ArrayList<>();
        for (String line : HAND_WRITTEN) {
            if (!line.isBlank() && parses(line)) {
                elements.add(line);
            }
        }
        elements.addAll(List.of("42", "\"text\"", "[1,{\"a\":2}]", "null", "{ }"));
        for (int i = 0; i < 3000; i++) {
            elements.add(randomObject(random, 1, SPACES_AND_LINE_ENDS));
        }
        // longer than a buffer, escaped quotes in it
        elements.add("{\"id\":30,\"long\":\"" + "\\\"".repeat(10) + "y".repeat(ArrayElements.BUFFER + 7) + "\"}");
        Collections.shuffle(elements, random);
        String array = "\uFEFF" + array(random, elements);
        byte[] utf8 = array.getBytes(StandardCharsets.UTF_8);
        assertSameRecords(ARRAY, utf8, StandardCharsets.UTF_8);
        // and each record's raw text is its element as written, line breaks and all
        try (RowSource scanned = new JsonRowSource(() -> new ByteArrayInputStream(utf8), ARRAY_UNNESTING,
                StandardCharsets.UTF_8, null, null, CONVERSION, true)) {
            Set<String> written = Set.copyOf(elements);
            int records = 0;
            while (scanned.hasNext()) {
                SourceRecord r = scanned.next();
                assertTrue(written.contains(r.rawText()), r.line() + ": " + r.rawText());
                records++;
            }
            assertTrue(records > elements.size(), "some elements unnest to several rows");
        }
        assertSameRecords(ARRAY_UNNESTING, array.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertSameRecords(ARRAY, array.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE);
    }

    @Test
    void aBrokenArrayGivesTheRecordsAndTheErrorTheParserGives() throws IOException {
        Random random = new Random(13);
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            elements.add(randomObject(random, 1, SPACES_AND_LINE_ENDS));
        }
        String array = array(random, elements);
        for (int i = 0; i < 60; i++) {
            assertSameOutcome(corrupt(random, array));
        }
        for (String edge : List.of("", " \n ", "{\"a\":1}", "x", "[]", " [ ] ", "[1, \"x\", null, [1], {\"a\":1}]",
                "[{\"a\":1}] trailing", "[{\"a\":1},]", "[,{\"a\":1}]", "[{\"a\":1} {\"b\":2}]", "[{\"a\":1}",
                "[{\"a\":1},", "[{\"a\":\"x\\\"]}\"}]", "[1 2]", "[1\"a\"]", "[\"a\"1]", "[{\"a\":1}1]", "[{\"a\":1}}]",
                "[{\"a\":[}]", "[{\"a\":\"unterminated}]", "[{\"a\":1,\"a\":2}]", "[{\"a\":1}]]", "[tru]", "[-]", "[[]]",
                "[{\"a\":1},\r{\"b\":2},\r\n\r{\"c\":3}]", "[{\"a\":1,\n\"b\":\"line\nbreak\"},{\"c\":3}]",
                "[{\"a\":1},{\"b\":" + "9".repeat(1200) + "},{\"c\":3}]", "[{\"a\":1}]\r\n[{\"b\":2}]", "[] \n\n x",
                "[1] \n ")) {
            assertSameOutcome(edge);
        }
    }

    @Test
    void arrayElementsAreNumberedAcrossBufferEdges() throws IOException {
        int edge = ArrayElements.BUFFER;
        // a carriage return last in the first buffer: between elements, inside one; an escape split by the edge
        String between = "[" + " ".repeat(edge - 2) + "\r\n{\"a\":1},\r{\"b\":2}]";
        String inside = "[{\"pad\":\"" + "p".repeat(edge - 12) + "\",\r\n\"a\":1},\r{\"b\":2}]";
        String escape = "[{\"s\":\"" + "q".repeat(edge - 8) + "\\\"],\"},\n{\"b\":2}]";
        assertEquals('\r', between.charAt(edge - 1));
        assertEquals('\r', inside.charAt(edge - 1));
        assertEquals('\\', escape.charAt(edge - 1));
        assertEquals(List.of("2.0", "3.0"), lines(assertSameOutcome(between)));
        assertEquals(List.of("1.0", "3.0"), lines(assertSameOutcome(inside)));
        assertEquals(List.of("1.0", "2.0"), lines(assertSameOutcome(escape)));
    }

    /** The line numbers of the records read without conversion. */
    private static List<String> lines(List<String> outcome) {
        return outcome.stream().skip(1).limit((outcome.size() - 1) / 2).map(r -> r.substring(0, r.indexOf(' '))).toList();
    }

    private static boolean parses(String text) {
        try {
            JsonTree.read(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The elements in an array, with white space (line breaks too) around them. */
    private static String array(Random random, List<String> elements) {
        StringBuilder json = new StringBuilder(space(random)).append('[');
        for (int i = 0; i < elements.size(); i++) {
            json.append(i > 0 ? space(random) + "," : "").append(space(random)).append(elements.get(i));
        }
        return json.append(space(random)).append(']').append(space(random)).toString();
    }

    private static String space(Random random) {
        return SPACES_AND_LINE_ENDS[random.nextInt(SPACES_AND_LINE_ENDS.length)];
    }

    /** An array read by its elements' texts gives what the parser gives: columns, records, or the exception. */
    private static List<String> assertSameOutcome(String array) {
        byte[] bytes = array.getBytes(StandardCharsets.UTF_8);
        List<String> expected = outcome(bytes, false);
        assertEquals(expected, outcome(bytes, true), array.length() < 200 ? array : "a broken array");
        return expected;
    }

    private static List<String> outcome(byte[] bytes, boolean scan) {
        InputOpener file = () -> new ByteArrayInputStream(bytes);
        List<String> outcome = new ArrayList<>();
        try (JsonRowSource records = new JsonRowSource(file, ARRAY, StandardCharsets.UTF_8, null, null, null, scan)) {
            outcome.add("columns " + records.columns());
            outcome.addAll(describe(records, false));
            try (RowSource converted = new JsonRowSource(file, ARRAY, StandardCharsets.UTF_8, records.columns(), null,
                    CONVERSION, scan)) {
                outcome.addAll(describe(converted, false));
            }
        } catch (IOException e) {
            outcome.add("throws " + e.getMessage());
        }
        return outcome;
    }

    private static final List<String> HAND_WRITTEN = List.of(
            "{\"id\":1,\"name\":\"Ana\",\"score\":1.50,\"big\":123456789012345678901234567890,\"ok\":true}",
            "{\"id\":2,\"name\":\"Bo\\u00e9\",\"score\":1e400,\"tiny\":1E-7,\"neg\":-0.0,\"ok\":null}",
            "",
            "   ",
            "{\"id\":3,\"customer\":{\"name\":\"Cy\",\"address\":{\"city\":\"Porto\",\"geo\":{\"lat\":41.1}}}}",
            "{\"id\":4,\"tags\":[\"a\",\"b\"],\"name\":\"reject me\"}",
            "{\"id\":5,\"name\":\"reject me\"}",
            "{\"id\":6,\"id\":7}",
            "{\"id\":-0,\"n\":" + "1".repeat(1200) + "}",
            "not json at all",
            "[{\"id\":8}]",
            "{\"id\":9,\"a\":{\"b\":1},\"a_b\":2}",
            "{\"id\":10,\"\":{\"x\":1}}",
            "{\"id\":11}   trailing",
            "{\"id\":12,\"name\":\"" + "long ".repeat(20) + "\",\"score\":12345678901234567.89}",
            "{\"id\":13,\"name\":\"tab\there\"}",
            "{}",
            "{\"id\":14,\"score\":2.5e+3,\"other\":0.1,\"name\":\"😀 ünïcödé\"}",
            "{\"id\":15,\"items\":[{\"sku\":\"A\",\"qty\":2},{\"sku\":\"B\",\"note\":\"x\"}],\"after\":1}",
            "{\"id\":16,\"items\":[],\"after\":2}",
            "{\"id\":17,\"tags\":[\"a\",null,3,1.50]}",
            "{\"id\":18,\"items\":[{\"sku\":\"C\"}],\"tags\":[\"b\"]}",
            "{\"id\":19,\"note\":{\"items\":[{\"k\":1},{\"k\":2}],\"z\":0},\"items_sku\":\"dup\"}",
            "{\"id\":20,\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\"}],\"tags\":[\"x\",\"y\"]}",
            "{\"id\":21}{\"id\":22}");

    private static final String[] KEYS = {"id", "name", "score", "ok", "ключ", "", "x_y", "a b", "emoji😀",
            "quo\\\"te", "note", "items", "items", "tags"};
    private static final String[] SCALARS = {"0", "7", "-12", "9007199254740993", "123456789012345678901234567890",
            "1.5", "1.50", "-0.0", "1e5", "1E-7", "2.5e+3", "0.1", "1e400", "3.0000000000000004", "true", "false",
            "null", "\"\"", "\"x\"", "\"reject me\"", "\"Ana Sousa\"", "\"café\"", "\"line\\nbreak\"", "\"\\u00e9\"",
            "\"" + "z".repeat(30) + "\"", "\"12\"", "\"1.50\"", "[]", "[1,{\"a\":2}]", "{}"};
    private static final String[] SPACES = {"", "", "", " ", "\t", "  "};
    /** White space between the tokens of an array's elements, which may span lines. */
    private static final String[] SPACES_AND_LINE_ENDS = {"", "", "", " ", "\t", "  ", "\n", "\r\n", "\r", "\n    "};

    private static String randomObject(Random random, int depth) {
        return randomObject(random, depth, SPACES);
    }

    private static String randomObject(Random random, int depth, String[] spaces) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(6);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                json.append(spaces[random.nextInt(spaces.length)]).append(',');
            }
            json.append(spaces[random.nextInt(spaces.length)]).append('"').append(KEYS[random.nextInt(KEYS.length)])
                    .append('"').append(spaces[random.nextInt(spaces.length)]).append(':')
                    .append(spaces[random.nextInt(spaces.length)]);
            int kind = random.nextInt(10);
            json.append(depth < 5 && kind < 2 ? randomObject(random, depth + 1, spaces)
                    : depth < 5 && kind < 4 ? randomArray(random, depth + 1, spaces) : SCALARS[random.nextInt(SCALARS.length)]);
        }
        return json.append(spaces[random.nextInt(spaces.length)]).append('}').toString();
    }

    private static String randomArray(Random random, int depth, String[] spaces) {
        StringBuilder json = new StringBuilder("[");
        int elements = random.nextInt(4);
        for (int e = 0; e < elements; e++) {
            json.append(e > 0 ? "," + spaces[random.nextInt(spaces.length)] : "")
                    .append(random.nextInt(3) > 0 ? randomObject(random, depth, spaces) : SCALARS[random.nextInt(SCALARS.length)]);
        }
        return json.append(spaces[random.nextInt(spaces.length)]).append(']').toString();
    }

    private static String corrupt(Random random, String line) {
        int at = random.nextInt(line.length() + 1);
        return switch (random.nextInt(3)) {
            case 0 -> line.substring(0, at);
            case 1 -> line.substring(0, at) + "{}\",:x-".charAt(random.nextInt(7)) + line.substring(at);
            default -> line.substring(0, at) + line.substring(Math.min(line.length(), at + 1));
        };
    }

    private static void assertSameRecords(DatasetSpec.Format format, byte[] data, Charset encoding) throws IOException {
        InputOpener file = () -> new ByteArrayInputStream(data);
        List<String> columns;
        try (JsonRowSource parsed = new JsonRowSource(file, format, encoding, null, null, null, false);
             JsonRowSource scanned = new JsonRowSource(file, format, encoding, null, null, null, true)) {
            columns = parsed.columns();
            assertEquals(columns, scanned.columns(), "the columns, in the order first seen");
            boolean raw = !format.type().equals("json");
            assertEquals(describe(parsed, raw), describe(scanned, raw), "the records as text");
        }
        Set<Integer> some = Set.of(0, 1, 2);
        for (Set<Integer> wanted : Arrays.asList(null, some)) {
            try (RowSource parsed = new JsonRowSource(file, format, encoding, columns, wanted, CONVERSION, false);
                 RowSource scanned = new JsonRowSource(file, format, encoding, columns, wanted, CONVERSION, true)) {
                boolean raw = !format.type().equals("json");
                List<String> expected = describe(parsed, raw);
                assertEquals(expected, describe(scanned, raw), "the records converted, reading " + wanted);
                assertTrue(expected.stream().anyMatch(r -> r.contains("values")), "some records convert");
                assertTrue(expected.stream().anyMatch(r -> r.contains("reject me")), "some records are given as text");
            }
        }
    }

    private static List<String> describe(RowSource source) {
        return describe(source, true);
    }

    /**
     * @param raw whether to describe the records' raw texts: the parser reading a whole array does
     *            not give its elements' texts as written, as their reader does
     */
    private static List<String> describe(RowSource source, boolean raw) {
        List<String> records = new ArrayList<>();
        while (source.hasNext()) {
            SourceRecord r = source.next();
            records.add(r.line() + "." + r.part() + " error=" + r.error() + (raw ? " raw=" + r.rawText() : "")
                    + (r.values() != null ? " values=" + Arrays.toString(r.values()) : " fields=" + r.fields()));
        }
        return records;
    }

    @Test
    void aLargeFilesColumnsAreFoundInTwoHalvesInTheOrderTheWholeFileGives(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (text.length() < RowSources.MIN_PART_BYTES) {
            text.append(i++ % 1000 == 999 ? "{\"a\":1,\"b\":\"y\",\"x\":[1]}\n" : "{\"a\":" + i + ",\"b\":\"some text\"}\n");
        }
        while (text.length() < 2 * RowSources.MIN_PART_BYTES) {
            text.append(switch (i++ % 500) {
                case 10 -> "{\"c\":{\"k\":1},\"a\":2}\n";
                case 20 -> "{\"d\":null}\n";
                case 30 -> "not JSON\n";
                case 40 -> "{\"x\":\"again\",\"e\":\"caf\\u00e9\"}\n";
                default -> "{\"a\":" + i + ",\"b\":\"more text\"}\n";
            });
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Path path = Files.write(dir.resolve("big.jsonl"), bytes);
        InputOpener onDisk = RowSources.file(path);
        long split = RowSources.lineStartAfter(onDisk, bytes.length / 2, bytes.length);
        assertTrue(split > RowSources.MIN_PART_BYTES && split < bytes.length, "the file is read in two halves");
        InputOpener whole = () -> new ByteArrayInputStream(bytes); // no size: read from the start only
        for (boolean scan : new boolean[]{true, false}) {
            try (RowSource inHalves = new JsonRowSource(onDisk, FORMAT, StandardCharsets.UTF_8, null, null, null, scan);
                 RowSource read = new JsonRowSource(whole, FORMAT, StandardCharsets.UTF_8, null, null, null, scan)) {
                assertEquals(List.of("a", "b", "x", "c_k", "d", "e"), read.columns());
                assertEquals(read.columns(), inHalves.columns());
                assertEquals(describe(read), describe(inHalves));
            }
        }
    }

    @Test
    void linesAreNumberedAsBufferedReaderNumbersThem() throws IOException {
        // lines around the buffer's end: a carriage return last in a buffer, a line longer than one
        StringBuilder text = new StringBuilder();
        text.append("a".repeat(ByteLines.BUFFER - 1)).append("\r\n");
        text.append("b".repeat(ByteLines.BUFFER - 3)).append("\r\r\n\n");
        text.append("c".repeat(3 * ByteLines.BUFFER + 5)).append('\r');
        Random random = new Random(3);
        for (int i = 0; i < 20000; i++) {
            text.append("x".repeat(random.nextInt(40))).append(new String[]{"\n", "\r", "\r\n", ""}[random.nextInt(4)]);
        }
        text.append("end");
        List<String> expected = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(text.toString()))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                expected.add(line);
            }
        }
        List<String> actual = new ArrayList<>();
        try (ByteLines lines = new ByteLines(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), true)) {
            while (lines.next()) {
                assertEquals(actual.size() + 1, lines.number());
                actual.add(lines.text());
            }
        }
        assertEquals(expected.size(), actual.size());
        assertEquals(expected, actual);
    }
}
