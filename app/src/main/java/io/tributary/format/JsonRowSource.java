package io.tributary.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

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
 * them and once for the rows. A line that is not a JSON object is a broken record with its line
 * number; in a JSON array a syntax error ends the file there (every earlier row is kept).
 */
public final class JsonRowSource implements RowSource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Records records;
    private final Flattener flattener;
    private final List<String> columns;
    private final Map<String, Integer> columnIndex = new LinkedHashMap<>();
    private final ArrayDeque<SourceRecord> pending = new ArrayDeque<>();

    /**
     * @param encoding the file's character set (the spec's, or the one its byte-order mark names)
     * @param columns  the file's columns as an earlier reader of it (same format) found them, or
     *                 null to find them now, in a pass over the whole file
     */
    JsonRowSource(InputOpener file, DatasetSpec.Format format, Charset encoding, List<String> columns)
            throws IOException {
        boolean jsonLines = format.type().equals("jsonl");
        this.flattener = new Flattener(format.nested());
        if (columns != null) {
            columns.forEach(name -> columnIndex.putIfAbsent(name, columnIndex.size()));
            this.columns = List.copyOf(columns);
            this.records = new Records(file, jsonLines, encoding);
            return;
        }
        try (Records discovery = new Records(file, jsonLines, encoding)) {
            while (!discovery.finished) {
                JsonNode node = discovery.next();
                discovery.broken = null;
                if (node != null && node.isObject()) {
                    for (Map<String, String> row : flattener.rows(node)) {
                        for (String name : row.keySet()) {
                            columnIndex.putIfAbsent(name, columnIndex.size());
                        }
                    }
                }
            }
        }
        this.columns = List.copyOf(columnIndex.keySet());
        this.records = new Records(file, jsonLines, encoding);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty()) {
            JsonNode node;
            try {
                node = records.next();
            } catch (IOException e) {
                pending.add(SourceRecord.broken(records.line, "unreadable: " + e.getMessage(), null));
                records.finished = true;
                break;
            }
            if (records.broken != null) {
                pending.add(records.broken);
                records.broken = null;
                continue;
            }
            if (node == null) {
                break;
            }
            if (!node.isObject()) {
                pending.add(SourceRecord.broken(records.line, "expected a JSON object, found "
                        + node.getNodeType().name().toLowerCase(), node.toString()));
                continue;
            }
            List<Map<String, String>> rows = flattener.rows(node);
            boolean parts = flattener.unnests();
            for (int r = 0; r < rows.size(); r++) {
                String[] fields = new String[columns.size()];
                for (Map.Entry<String, String> e : rows.get(r).entrySet()) {
                    Integer i = columnIndex.get(e.getKey());
                    if (i != null) {
                        fields[i] = e.getValue();
                    }
                }
                pending.add(SourceRecord.of(records.line, parts ? r + 1 : 0, Arrays.asList(fields)));
            }
        }
        return !pending.isEmpty();
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
        records.close();
    }

    /** The JSON values of a file, one at a time, with the line each starts on. */
    private static final class Records implements AutoCloseable {
        private final BufferedReader lines;      // JSON Lines
        private final JsonParser array;          // one JSON array
        long line;
        boolean finished;
        SourceRecord broken;

        Records(InputOpener file, boolean jsonLines, Charset encoding) throws IOException {
            Reader reader = Bom.skip(new BufferedReader(new InputStreamReader(file.open(), encoding), 1 << 16));
            if (jsonLines) {
                lines = (BufferedReader) reader;
                array = null;
            } else {
                lines = null;
                array = new JsonFactory(MAPPER).createParser(reader);
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
        }

        /** The next value, or null at the end; a broken one is left in {@link #broken}. */
        JsonNode next() throws IOException {
            if (finished) {
                return null;
            }
            if (lines != null) {
                String text;
                do {
                    text = lines.readLine();
                    if (text == null) {
                        finished = true;
                        return null;
                    }
                    line++;
                } while (text.isBlank());
                try {
                    return MAPPER.readTree(text);
                } catch (JsonParseException e) {
                    broken = SourceRecord.broken(line, "not JSON: " + e.getOriginalMessage(), text);
                    return null;
                }
            }
            try {
                JsonToken token = array.nextToken();
                line = array.currentLocation().getLineNr();
                if (token == null || token == JsonToken.END_ARRAY) {
                    finished = true;
                    return null;
                }
                return MAPPER.readTree(array);
            } catch (JsonParseException e) {
                finished = true; // an array cannot be resynchronised after a syntax error
                broken = SourceRecord.broken(line, "not JSON: " + e.getOriginalMessage()
                        + " (the rest of the file cannot be read)", null);
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            if (lines != null) {
                lines.close();
            }
            if (array != null) {
                array.close();
            }
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
