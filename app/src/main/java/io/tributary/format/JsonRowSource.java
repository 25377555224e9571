package io.tributary.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.FieldConversion;
import io.tributary.clean.PartThreads;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Streams JSON objects, from JSON Lines (one object per line) or from one JSON array of objects,
 * and makes rows of them:
 * <ul>
 *   <li>nested objects are flattened: {@code {"customer": {"name": "Ana"}}} gives the column
 *       {@code customer_name} (separator and depth limit from the spec; deeper objects stay JSON text);</li>
 *   <li>an array named in {@code format.unnest} gives one row per element, the record's other
 *       fields repeated (an empty array gives one row with the element's columns missing); other
 *       arrays stay JSON text.</li>
 * </ul>
 * The columns are those of every record, in the order first seen: the file is read once to find
 * them (unless an earlier reader of it found them) and once for the rows. A line that is not a
 * JSON object is a broken record with its line number; in a JSON array a syntax error ends the
 * file there (every earlier row is kept), and anything after the array is a broken record.
 *
 * <p>The file is read as UTF-8 bytes (a file in another character set is transcoded as it is
 * read), one record's text at a time: a JSON Lines line ({@link ByteLines}), or an array's element
 * ({@link ArrayElements}). A text holding one object of plain values is read straight from its
 * bytes ({@link JsonRecordScanner}), its repeated short values converted once per column
 * ({@link RepeatedValues}), as the CSV reader does; any other text is parsed into a tree and
 * flattened. Both give the same fields. A record's raw text is its text as written. An array
 * element the parser refuses hands the array over to the parser reading it whole from that
 * element on ({@link ArrayRecords}), so that a broken array gives exactly the rows and the error
 * that the parser alone gives.
 */
public final class JsonRowSource implements RowSource {

    /** Why what follows a JSON array (a second array, say) is rejected unread. */
    private static final String AFTER_THE_ARRAY = "more after the end of the file's array: not read";
    /** A column's value before it is found: the value of a missing field is made once per column. */
    private static final Object NOT_YET = new Object();

    private final InputOpener file;
    private final boolean fileStart;
    private final Charset encoding;
    private final boolean jsonLines;
    private final Flattener flattener;
    /** Reads the records of plain values (lines, array elements), or null: the parser reads every record. */
    private final JsonRecordScanner scanner;
    private final List<String> columns;
    private final Map<String, Integer> columnIndex = new LinkedHashMap<>();
    /** Whether the pass reads a column (null: every column). */
    private final boolean[] reads;
    private final FieldConversion conversion;
    private final RepeatedValues repeated;
    /** Numbers with a fraction or an exponent: their text is their BigDecimal's ({@link JsonRecordScanner#fraction}). */
    private final RepeatedValues fractions;
    private final Object[] missing;
    /** The row that last had a field of each column (a stamp per row). */
    private final int[] lastRow;
    private int rowStamp;
    private final ArrayDeque<SourceRecord> pending = new ArrayDeque<>();
    /** The texts of the records (a JSON Lines file's lines, a JSON array's elements), or null: the parser reads the array. */
    private JsonTexts texts;
    /** The JSON parser reading the array, when its elements are not read as texts or no longer can be. */
    private ArrayRecords array;
    private boolean finished;

    /**
     * @param encoding   the file's character set (the spec's, or the one its byte-order mark names)
     * @param columns    the file's columns as an earlier reader of it (same format) found them, or
     *                   null to find them now, in a pass over the whole file
     * @param wanted     the columns (by position) the pass reads, or null for all
     * @param conversion how the pass converts fields, or null for their text
     *                   ({@link RowSource.Opener#open(Set, FieldConversion)})
     */
    JsonRowSource(InputOpener file, DatasetSpec.Format format, Charset encoding, List<String> columns,
                  Set<Integer> wanted, FieldConversion conversion) throws IOException {
        this(file, format, encoding, columns, wanted, conversion, true, true);
    }

    /**
     * The lines of a UTF-8 JSON Lines file from byte {@code from} (a line start) to {@code to}, whose
     * columns an earlier reader found: a part to read at once with others
     * ({@link RowSource.Opener#openParts}). Its line numbers count from the part's start.
     */
    static JsonRowSource part(InputOpener file, long from, long to, DatasetSpec.Format format, List<String> columns,
                              Set<Integer> wanted, FieldConversion conversion) throws IOException {
        return new JsonRowSource(() -> file.open(from, to), format, StandardCharsets.UTF_8, columns, wanted,
                conversion, true, from == 0);
    }

    JsonRowSource(InputOpener file, DatasetSpec.Format format, Charset encoding, List<String> columns,
                  Set<Integer> wanted, FieldConversion conversion, boolean scanPlainLines) throws IOException {
        this(file, format, encoding, columns, wanted, conversion, scanPlainLines, true);
    }

    /**
     * @param scanPlainLines false for the parser alone (what the scanner and ArrayElements are tested against): every
     *                       line parsed, an array read by the streaming parser
     * @param fileStart      whether {@code file} starts at the start of the file (where a byte-order mark is skipped)
     */
    private JsonRowSource(InputOpener file, DatasetSpec.Format format, Charset encoding, List<String> columns,
                          Set<Integer> wanted, FieldConversion conversion, boolean scanPlainLines, boolean fileStart)
            throws IOException {
        this.file = file;
        this.fileStart = fileStart;
        this.encoding = encoding;
        this.jsonLines = format.type().equals("jsonl");
        this.flattener = new Flattener(format.nested());
        this.scanner = scanPlainLines ? newScanner(format) : null;
        if (columns != null) {
            columns.forEach(name -> columnIndex.putIfAbsent(name, columnIndex.size()));
        } else {
            findColumns(format);
        }
        this.columns = List.copyOf(columnIndex.keySet());
        int width = this.columns.size();
        this.conversion = conversion;
        if (wanted == null) {
            this.reads = null;
        } else {
            this.reads = new boolean[width];
            wanted.forEach(i -> {
                if (i < width) {
                    reads[i] = true;
                }
            });
        }
        FieldConversion conversionOrText = conversion != null ? conversion : (column, text) -> text;
        this.repeated = new RepeatedValues(conversionOrText);
        this.fractions = new RepeatedValues((column, text) -> conversionOrText.convert(column,
                JsonRecordScanner.fraction(text)));
        this.missing = new Object[width];
        Arrays.fill(missing, NOT_YET);
        this.lastRow = new int[width];
        if (jsonLines) {
            this.texts = openLines();
        } else {
            ArrayElements elements = scanner == null ? null : openElements();
            if (elements != null) {
                this.texts = elements;
            } else {
                this.array = new ArrayRecords(file, encoding);
            }
        }
    }

    /**
     * The elements of the JSON array the file holds, or null when it holds no array (the parser
     * then says what it holds instead).
     */
    private ArrayElements openElements() throws IOException {
        ArrayElements elements = new ArrayElements(openUtf8(), fileStart);
        if (elements.start()) {
            return elements;
        }
        elements.close();
        return null;
    }

    /**
     * Reads the whole file for its columns, in the order first seen: a JSON Lines file in UTF-8 of
     * at least {@value RowSources#MIN_PART_BYTES} bytes on disk in two halves at once (split at the
     * first line start after its middle), the columns the second half adds coming after the
     * first half's, as they do when the file is read whole.
     */
    private void findColumns(DatasetSpec.Format format) throws IOException {
        if (!jsonLines) {
            long parsedFrom = 0;
            ArrayElements elements = scanner == null ? null : openElements();
            if (elements != null) {
                try (elements) {
                    findColumns(elements, scanner, columnIndex);
                    if (!elements.failed()) {
                        return;
                    }
                    parsedFrom = elements.count();
                }
            }
            // an array the parser reads, from the element the texts could not be trusted at
            try (ArrayRecords discovery = new ArrayRecords(file, encoding)) {
                discovery.skip(parsedFrom);
                while (!discovery.finished) {
                    JsonNode node = discovery.next();
                    discovery.broken = null;
                    if (node != null && node.isObject()) {
                        addColumns(node, columnIndex);
                    }
                }
            }
            return;
        }
        long size = file.size();
        long split = encoding.equals(StandardCharsets.UTF_8) && size >= RowSources.MIN_PART_BYTES
                ? RowSources.lineStartAfter(file, size / 2, size) : -1;
        if (split <= 0 || split >= size) {
            try (ByteLines lines = openLines()) {
                findColumns(lines, scanner, columnIndex);
            }
            return;
        }
        Map<String, Integer> secondHalf = new LinkedHashMap<>();
        JsonRecordScanner secondScanner = scanner == null ? null : newScanner(format);
        PartThreads.run(List.<Callable<Void>>of(() -> {
            try (ByteLines lines = new ByteLines(file.open(0, split), true)) {
                findColumns(lines, scanner, columnIndex);
            }
            return null;
        }, () -> {
            try (ByteLines lines = new ByteLines(file.open(split, size), false)) {
                findColumns(lines, secondScanner, secondHalf);
            }
            return null;
        }));
        secondHalf.keySet().forEach(name -> columnIndex.putIfAbsent(name, columnIndex.size()));
    }

    /**
     * Adds the columns of these texts' records to {@code index}, in the order first seen. An array's
     * element that is not JSON ends its texts ({@link ArrayElements#refuse()}).
     */
    private void findColumns(JsonTexts texts, JsonRecordScanner scanner, Map<String, Integer> index) throws IOException {
        while (texts.next()) {
            if (scanner != null && scanner.scan(texts.bytes(), texts.from(), texts.to())) {
                ScannedRows rows = new ScannedRows(scanner);
                for (int r = 0; r < rows.count; r++) {
                    rows.select(r);
                    addColumns(scanner, 0, rows.before, index);
                    addColumns(scanner, rows.elementFrom, rows.elementTo, index);
                    addColumns(scanner, rows.after, scanner.count(), index);
                }
                continue;
            }
            try {
                JsonNode node = parse(texts);
                if (node != null && node.isObject()) {
                    addColumns(node, index);
                }
            } catch (IOException e) {
                if (texts instanceof ArrayElements elements) {
                    elements.refuse();
                }
                // else a broken line: the rows pass reports it
            }
        }
    }

    /** The tree of the current text (null for a blank line). */
    private static JsonNode parse(JsonTexts texts) throws IOException {
        if (texts instanceof ArrayElements) {
            return JsonTree.read(texts.bytes(), texts.from(), texts.to() - texts.from());
        }
        String text = texts.text();
        return text.isBlank() ? null : JsonTree.read(text);
    }

    /** Adds the columns of the scanned fields {@code [from, to)}. */
    private static void addColumns(JsonRecordScanner scanner, int from, int to, Map<String, Integer> index) {
        for (int f = from; f < to; f++) {
            JsonRecordScanner.Name name = scanner.name(f);
            if (name.column < 0) {
                name.column = index.computeIfAbsent(name.path, k -> index.size());
            }
        }
    }

    private void addColumns(JsonNode object, Map<String, Integer> index) {
        for (Map<String, String> row : flattener.rows(object)) {
            for (String name : row.keySet()) {
                index.putIfAbsent(name, index.size());
            }
        }
    }

    private static JsonRecordScanner newScanner(DatasetSpec.Format format) {
        return new JsonRecordScanner(format.nested().separator(), format.nested().maxDepth(),
                Set.copyOf(format.nested().unnest()));
    }

    private ByteLines openLines() throws IOException {
        return new ByteLines(openUtf8(), fileStart);
    }

    /** The file as UTF-8 bytes: transcoded as read when it is in another character set. */
    private InputStream openUtf8() throws IOException {
        InputStream in = file.open();
        return encoding.equals(StandardCharsets.UTF_8) ? in : new Utf8Transcoding(in, encoding);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !finished) {
            try {
                if (texts != null) {
                    if (!texts.next()) {
                        if (texts instanceof ArrayElements elements && elements.failed()) {
                            parseOnFrom(elements.count());
                        } else {
                            if (texts instanceof ArrayElements elements && elements.afterEnd() > 0) {
                                pending.add(SourceRecord.broken(elements.afterEnd(), AFTER_THE_ARRAY, null));
                            }
                            finished = true;
                        }
                    } else if (scanner == null || !scanner.scan(texts.bytes(), texts.from(), texts.to())
                            || !addScanned(texts.number(), new RecordText(texts.bytes(), texts.from(), texts.to()))) {
                        addParsed(texts);
                    }
                } else {
                    JsonNode node = array.next();
                    if (array.broken != null) {
                        pending.add(array.broken);
                        array.broken = null;
                    } else if (node == null) {
                        finished = true;
                    } else if (!node.isObject()) {
                        pending.add(SourceRecord.broken(array.line, "expected a JSON object, found "
                                + node.getNodeType().name().toLowerCase(), node.toString()));
                    } else {
                        addRows(array.line, node, null);
                    }
                }
            } catch (IOException e) {
                pending.add(SourceRecord.broken(texts != null ? texts.number() : array.line,
                        "unreadable: " + e.getMessage(), null));
                finished = true;
            }
        }
        return !pending.isEmpty();
    }

    /**
     * Adds the records of the line the scanner read; false when one has a value that does not
     * convert (the line is then given as text, for the cleaner to find why).
     */
    private boolean addScanned(long line, RecordText raw) {
        ScannedRows rows = new ScannedRows(scanner);
        int queued = pending.size();
        for (int r = 0; r < rows.count; r++) {
            rows.select(r);
            int part = flattener.unnests() ? r + 1 : 0;
            if (conversion == null) {
                String[] fields = new String[columns.size()];
                putTexts(fields, 0, rows.before);
                putTexts(fields, rows.elementFrom, rows.elementTo);
                putTexts(fields, rows.after, scanner.count());
                pending.add(new SourceRecord(line, part, Arrays.asList(fields), null, null, null, raw));
                continue;
            }
            Object[] values = new Object[columns.size()];
            int stamp = ++rowStamp;
            if (!putValues(values, 0, rows.before, stamp) || !putValues(values, rows.elementFrom, rows.elementTo, stamp)
                    || !putValues(values, rows.after, scanner.count(), stamp) || !putMissing(values, stamp)) {
                while (pending.size() > queued) {
                    pending.removeLast();
                }
                return false;
            }
            pending.add(SourceRecord.converted(line, part, values, null, raw));
        }
        return true;
    }

    /** The rows of a scanned line: one, or one per element of its array to unnest, and which fields each has. */
    private static final class ScannedRows {
        final int count;
        /** The fields before the array's, and where those after it start. */
        final int before;
        final int after;
        /** The selected row's element fields. */
        int elementFrom;
        int elementTo;
        private final JsonRecordScanner scanner;

        ScannedRows(JsonRecordScanner scanner) {
            this.scanner = scanner;
            int elements = scanner.elements();
            this.count = Math.max(elements, 1); // an empty array gives one row without element fields
            this.before = elements < 0 ? scanner.count() : scanner.elementStart(0);
            this.after = elements < 0 ? scanner.count() : scanner.elementStart(elements);
        }

        void select(int row) {
            boolean element = scanner.elements() > 0;
            elementFrom = element ? scanner.elementStart(row) : before;
            elementTo = element ? scanner.elementStart(row + 1) : before;
        }
    }

    private void putTexts(String[] fields, int from, int to) {
        for (int f = from; f < to; f++) {
            int column = column(scanner.name(f));
            if (column >= 0) {
                fields[column] = (String) scanned(f, column);
            }
        }
    }

    /** Puts the values of the scanned fields {@code [from, to)} the pass reads; false at one that does not convert. */
    private boolean putValues(Object[] values, int from, int to, int stamp) {
        for (int f = from; f < to; f++) {
            int column = column(scanner.name(f));
            if (column < 0) {
                continue;
            }
            lastRow[column] = stamp;
            if (reads == null || reads[column]) {
                Object v = scanned(f, column);
                if (v instanceof FieldConversion.Rejected) {
                    return false;
                }
                values[column] = v;
            }
        }
        return true;
    }

    /** Puts the value of a missing field in each column the row has no field of; false when it does not convert. */
    private boolean putMissing(Object[] values, int stamp) {
        for (int column = 0; column < values.length; column++) {
            if (lastRow[column] != stamp && (reads == null || reads[column])) {
                Object v = missing(column);
                if (v instanceof FieldConversion.Rejected) {
                    return false;
                }
                values[column] = v;
            }
        }
        return true;
    }

    /** A scanned field's text, or its value by the pass's conversion. */
    private Object scanned(int f, int column) {
        return switch (scanner.kind(f)) {
            case JsonRecordScanner.NULL -> missing(column);
            case JsonRecordScanner.STRING -> repeated.utf8Value(column, texts.bytes(), scanner.from(f), scanner.length(f),
                    scanner.hash(f));
            case JsonRecordScanner.FRACTION -> fractions.value(column, texts.bytes(), scanner.from(f), scanner.length(f),
                    scanner.hash(f));
            default -> repeated.value(column, texts.bytes(), scanner.from(f), scanner.length(f), scanner.hash(f));
        };
    }

    /** The value (or, with no conversion, the text: null) of a column's missing field. */
    private Object missing(int column) {
        Object v = missing[column];
        if (v == NOT_YET) {
            v = missing[column] = conversion == null ? null : conversion.convert(column, null);
        }
        return v;
    }

    /** A name's column, found once: -2 for a name this reader's columns lack. */
    private int column(JsonRecordScanner.Name name) {
        int column = name.column;
        if (column == -1) {
            Integer i = columnIndex.get(name.path);
            column = name.column = i == null ? -2 : i;
        }
        return column;
    }

    /**
     * Adds the records of a text the JSON parser reads: none for a blank line. An array's element
     * that is not JSON is left to the parser reading the array from there, which says what is
     * wrong and where, as it does when it reads the whole array.
     */
    private void addParsed(JsonTexts texts) throws IOException {
        long line = texts.number();
        JsonNode node;
        try {
            node = parse(texts);
        } catch (IOException e) {
            if (texts instanceof ArrayElements elements) {
                elements.refuse();
                parseOnFrom(elements.count());
            } else {
                pending.add(SourceRecord.broken(line, JsonErrors.notJson(e, false), texts.text()));
            }
            return;
        }
        if (node == null) {
            return;
        }
        String text = texts.text();
        if (!node.isObject()) {
            pending.add(SourceRecord.broken(line, "expected a JSON object, found "
                    + node.getNodeType().name().toLowerCase(), text));
            return;
        }
        addRows(line, node, () -> text);
    }

    /** Leaves the array to the parser, from its element {@code from} (counted from 0) on. */
    private void parseOnFrom(long from) throws IOException {
        texts.close();
        texts = null;
        array = new ArrayRecords(file, encoding);
        array.skip(from);
    }

    /** Adds the rows of one object: one, or one per element of an unnested array. */
    private void addRows(long line, JsonNode node, Supplier<String> raw) {
        List<Map<String, String>> rows = flattener.rows(node);
        boolean parts = flattener.unnests();
        int width = columns.size();
        for (int r = 0; r < rows.size(); r++) {
            String[] fields = new String[width];
            for (Map.Entry<String, String> e : rows.get(r).entrySet()) {
                Integer i = columnIndex.get(e.getKey());
                if (i != null) {
                    fields[i] = e.getValue();
                }
            }
            SourceRecord record = new SourceRecord(line, parts ? r + 1 : 0, Arrays.asList(fields), null, null, null,
                    raw);
            pending.add(conversion == null ? record
                    : FieldConversion.convertAll(conversion, record, width, i -> reads == null || reads[i]));
        }
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    @Override
    public void close() throws IOException {
        if (texts != null) {
            texts.close();
        }
        if (array != null) {
            array.close();
        }
    }

    /** A record's text as written (a JSON Lines line, an array's element), made from its bytes when a rejected row asks for it. */
    private record RecordText(byte[] bytes, int from, int to) implements Supplier<String> {
        @Override
        public String get() {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
    }

    /** The objects of one JSON array, one at a time, with the line each starts on. */
    private static final class ArrayRecords implements AutoCloseable {
        private final JsonParser array;
        long line;
        boolean finished;
        SourceRecord broken;

        ArrayRecords(InputOpener file, Charset encoding) throws IOException {
            Reader reader = Bom.skip(new BufferedReader(new InputStreamReader(file.open(), encoding), 1 << 16));
            array = new JsonFactory(JsonTree.EXACT).createParser(reader);
            JsonToken first = array.nextToken();
            if (first == null) {
                finished = true;
            } else if (first != JsonToken.START_ARRAY) {
                array.close();
                throw new IOException("a .json file must hold one array of objects (line "
                        + array.currentLocation().getLineNr() + " starts with " + first + "); "
                        + "for one object per line use format.type jsonl");
            }
        }

        /** Past the first {@code elements} values (which the parser reads without error). */
        void skip(long elements) throws IOException {
            for (long k = 0; k < elements; k++) {
                JsonToken token = array.nextToken();
                line = array.currentLocation().getLineNr();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    array.skipChildren();
                }
            }
        }

        /** The next value, or null at the end; a broken one is left in {@link #broken}. */
        JsonNode next() throws IOException {
            if (finished) {
                return null;
            }
            try {
                JsonToken token = array.nextToken();
                line = array.currentLocation().getLineNr();
                if (token == null || token == JsonToken.END_ARRAY) {
                    finished = true;
                    if (token != null) {
                        afterEnd();
                    }
                    return null;
                }
                return JsonTree.EXACT.readTree(array);
            } catch (JsonParseException e) {
                finished = true; // an array cannot be resynchronised after a syntax error
                broken = SourceRecord.broken(line, JsonErrors.notJson(e, true)
                        + " (the rest of the file cannot be read)", null);
                return null;
            }
        }

        /** Tells anything other than white space after the array's end, as {@link ArrayElements#afterEnd()} does. */
        private void afterEnd() throws IOException {
            long at;
            try {
                at = array.nextToken() == null ? 0 : array.currentTokenLocation().getLineNr();
            } catch (JsonParseException e) {
                at = e.getLocation() == null ? line : e.getLocation().getLineNr();
            }
            if (at > 0) {
                broken = SourceRecord.broken(at, AFTER_THE_ARRAY, null);
            }
        }

        @Override
        public void close() throws IOException {
            array.close();
        }
    }

    /** Makes rows of one JSON object: objects flattened, listed arrays unnested. */
    static final class Flattener {
        private final String separator;
        private final int maxDepth;
        private final Set<String> unnest;

        Flattener(DatasetSpec.Nested nested) {
            this.separator = nested.separator();
            this.maxDepth = nested.maxDepth();
            this.unnest = Set.copyOf(nested.unnest());
        }

        boolean unnests() {
            return !unnest.isEmpty();
        }

        List<Map<String, String>> rows(JsonNode object) {
            return flatten(object, "", 1);
        }

        private List<Map<String, String>> flatten(JsonNode object, String prefix, int depth) {
            List<Map<String, String>> rows = new ArrayList<>();
            rows.add(new LinkedHashMap<>());
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = prefix.isEmpty() ? e.getKey() : prefix + separator + e.getKey();
                JsonNode v = e.getValue();
                if (v.isObject() && depth < maxDepth) {
                    rows = cross(rows, flatten(v, name, depth + 1));
                } else if (v.isArray() && unnest.contains(name)) {
                    List<Map<String, String>> elements = new ArrayList<>();
                    for (JsonNode element : v) {
                        if (element.isObject() && depth < maxDepth) {
                            elements.addAll(flatten(element, name, depth + 1));
                        } else {
                            Map<String, String> one = new LinkedHashMap<>();
                            one.put(name, text(element));
                            elements.add(one);
                        }
                    }
                    if (elements.isEmpty()) {
                        elements.add(new LinkedHashMap<>());
                    }
                    rows = cross(rows, elements);
                } else {
                    for (Map<String, String> row : rows) {
                        row.put(name, text(v));
                    }
                }
            }
            return rows;
        }

        private static List<Map<String, String>> cross(List<Map<String, String>> left, List<Map<String, String>> right) {
            if (right.size() == 1) {
                for (Map<String, String> row : left) {
                    row.putAll(right.get(0));
                }
                return left;
            }
            List<Map<String, String>> rows = new ArrayList<>(left.size() * right.size());
            for (Map<String, String> l : left) {
                for (Map<String, String> r : right) {
                    Map<String, String> row = new LinkedHashMap<>(l);
                    row.putAll(r);
                    rows.add(row);
                }
            }
            return rows;
        }

        private static String text(JsonNode v) {
            return v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
        }
    }
}
