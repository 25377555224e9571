package io.tributary.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams JSON objects, from JSON Lines (one object per line) or from one JSON array of objects.
 * The columns are the keys of the first object. A later object that lacks a key gets a missing
 * value; one with a key the first object did not have, or a line that is not a JSON object, is
 * passed on as a broken record with its line number. Nested objects and arrays are kept as JSON
 * text (flattening them is a spec rule of its own).
 */
public final class JsonRowSource implements RowSource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BufferedReader lines;      // JSON Lines
    private final JsonParser array;          // one JSON array
    private final List<String> columns;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final ArrayDeque<SourceRecord> pending = new ArrayDeque<>();
    private long lineNumber;
    private boolean finished;

    public JsonRowSource(InputStream in, boolean jsonLines) throws IOException {
        if (jsonLines) {
            lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            array = null;
        } else {
            lines = null;
            array = new JsonFactory(MAPPER).createParser(in);
            JsonToken first = array.nextToken();
            if (first == null) {
                finished = true;
            } else if (first != JsonToken.START_ARRAY) {
                throw new IOException("a .json file must hold one array of objects (line "
                        + array.currentLocation().getLineNr() + " starts with " + first + ")");
            }
        }
        // the columns are the keys of the first object; broken records before it wait in 'pending'
        List<String> keys = List.of();
        while (!finished) {
            JsonNode node = readSafely();
            if (node != null && node.isObject()) {
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                keys = names;
                columns = List.copyOf(keys);
                for (int i = 0; i < columns.size(); i++) {
                    columnIndex.put(columns.get(i), i);
                }
                pending.add(toRecord(node, lineNumber));
                return;
            }
        }
        columns = keys;
    }

    /** Reads the next node; a broken one is queued as a broken record and null is returned. */
    private JsonNode readSafely() {
        try {
            JsonNode node = readNode();
            if (node != null && !node.isObject()) {
                pending.add(SourceRecord.broken(lineNumber, "expected a JSON object, found " + node.getNodeType()));
                return null;
            }
            return node;
        } catch (JsonParseException e) {
            pending.add(SourceRecord.broken(lineNumber, "not JSON: " + e.getOriginalMessage()));
            if (array != null) {
                finished = true; // an array cannot be resynchronised after a syntax error
            }
        } catch (IOException e) {
            pending.add(SourceRecord.broken(lineNumber, "unreadable: " + e.getMessage()));
            finished = true;
        }
        return null;
    }

    private JsonNode readNode() throws IOException {
        if (lines != null) {
            String line;
            do {
                line = lines.readLine();
                if (line == null) {
                    finished = true;
                    return null;
                }
                lineNumber++;
            } while (line.isBlank());
            return MAPPER.readTree(line);
        }
        JsonToken token = array.nextToken();
        lineNumber = array.currentLocation().getLineNr();
        if (token == null || token == JsonToken.END_ARRAY) {
            finished = true;
            return null;
        }
        return MAPPER.readTree(array);
    }

    private SourceRecord toRecord(JsonNode object, long line) {
        List<String> fields = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            fields.add(null);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Integer i = columnIndex.get(e.getKey());
            if (i == null) {
                return SourceRecord.broken(line, "field '" + e.getKey() + "' is not among the columns of the first "
                        + "record (" + String.join(", ", columns) + ")");
            }
            JsonNode v = e.getValue();
            fields.set(i, v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
        }
        return SourceRecord.of(line, fields);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !finished) {
            JsonNode node = readSafely();
            if (node != null) {
                pending.add(toRecord(node, lineNumber));
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
        if (lines != null) {
            lines.close();
        }
        if (array != null) {
            array.close();
        }
    }
}
