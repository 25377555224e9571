package io.tributary.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes clean rows as JSON Lines: one object per row, values typed (numbers as JSON numbers,
 * booleans as JSON booleans, dates and timestamps as ISO-8601 strings, missing values as null).
 */
public final class JsonLinesRowWriter implements RowSink {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private final JsonGenerator json;
    private final String rowIdField;
    private final String rowIdPrefix;
    private SerializedString[] names;

    public JsonLinesRowWriter(OutputStream out) throws IOException {
        this(out, null, null);
    }

    /**
     * A writer that also gives every row a stable id, {@code <rowIdPrefix>#<line>} (or
     * {@code #<line>.<part>} for the rows of an unnested array), in field {@code rowIdField}
     * (first in each object): the row's position in its source file.
     */
    public JsonLinesRowWriter(OutputStream out, String rowIdField, String rowIdPrefix) throws IOException {
        this.json = JSON.createGenerator(out, JsonEncoding.UTF8);
        this.json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, true);
        this.rowIdField = rowIdField;
        this.rowIdPrefix = rowIdPrefix;
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) {
        // field names are encoded once, not once per row
        this.names = columns.stream().map(SerializedString::new).toArray(SerializedString[]::new);
    }

    @Override
    public void accept(long line, int part, Object[] row) throws IOException {
        json.writeStartObject();
        if (rowIdField != null) {
            json.writeStringField(rowIdField, rowIdPrefix + "#" + line + (part > 0 ? "." + part : ""));
        }
        for (int i = 0; i < row.length; i++) {
            json.writeFieldName(names[i]);
            Object v = row[i];
            if (v == null) {
                json.writeNull();
            } else if (v instanceof String s) {
                json.writeString(s);
            } else if (v instanceof Integer n) {
                json.writeNumber(n);
            } else if (v instanceof Long n) {
                json.writeNumber(n);
            } else if (v instanceof Double n) {
                json.writeNumber(n);
            } else if (v instanceof BigDecimal n) {
                json.writeNumber(n);
            } else if (v instanceof Boolean b) {
                json.writeBoolean(b);
            } else {
                json.writeString(v.toString());
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
