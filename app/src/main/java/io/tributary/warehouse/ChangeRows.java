package io.tributary.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * An archive object's changes as CSV rows of a {@link WarehouseTable.Mode#CHANGES} staging table
 * (what PostgreSQL's COPY reads; Redshift's COPY reads the JSON itself): the table's columns from
 * the change's fields, then its type, sequence number and DynamoDB table, then its line. Only the
 * changes of the table's source are kept; fields the table has no column for are left out.
 */
public final class ChangeRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The CSV, and for each of its data lines (from 2: 1 is the header) the archive object's line. */
    public record Converted(byte[] csv, long[] sourceLines) {
        /** The archive line of a CSV line (as PostgreSQL numbers them, the header being 1); 0 when unknown. */
        public long sourceLine(long csvLine) {
            int i = (int) (csvLine - 2);
            return i >= 0 && i < sourceLines.length ? sourceLines[i] : 0;
        }
    }

    private ChangeRows() {
    }

    public static Converted toCsv(Staged staged, WarehouseTable table) throws IOException {
        List<String> columns = table.columnNames();
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        List<Long> lines = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        List<String> header = new ArrayList<>(columns);
        header.addAll(List.of(WarehouseTable.CHANGE_TYPE, WarehouseTable.SEQUENCE, WarehouseTable.CHANGE_TABLE,
                WarehouseTable.ROW));
        for (int i = 0; i < header.size(); i++) {
            field(row.append(i == 0 ? "" : ","), header.get(i));
        }
        csv.write(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        try (InputStream in = staged.bytes().open();
             BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                     StandardCharsets.UTF_8))) {
            String text;
            long line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode change;
                try {
                    change = JSON.readTree(text);
                } catch (IOException e) {
                    throw new WarehouseException(staged.uri() + " line " + line + ": not JSON ("
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
                }
                JsonNode type = change.get(WarehouseTable.CHANGE_TYPE);
                if (type == null || !type.isTextual() || change.get(WarehouseTable.SEQUENCE) == null) {
                    throw new WarehouseException(staged.uri() + " line " + line + ": not a change (no "
                            + WarehouseTable.CHANGE_TYPE + " and " + WarehouseTable.SEQUENCE + "): a table mirrors"
                            + " the change stream when the archive-stream flow's transform is changes-as-rows");
                }
                if (!table.source().equals(change.path(WarehouseTable.CHANGE_TABLE).asText())) {
                    continue;
                }
                row.setLength(0);
                for (int i = 0; i < columns.size(); i++) {
                    field(row.append(i == 0 ? "" : ","), value(change.get(columns.get(i))));
                }
                field(row.append(','), type.asText());
                field(row.append(','), change.get(WarehouseTable.SEQUENCE).asText());
                field(row.append(','), table.source());
                row.append(',').append(line).append('\n');
                csv.write(row.toString().getBytes(StandardCharsets.UTF_8));
                lines.add(line);
            }
        }
        return new Converted(csv.toByteArray(), lines.stream().mapToLong(Long::longValue).toArray());
    }

    /** The DynamoDB tables an archive object holds changes of (its rows' {@code change_table}). */
    public static java.util.Set<String> tables(Staged staged) throws IOException {
        java.util.Set<String> tables = new java.util.TreeSet<>();
        try (InputStream in = staged.bytes().open();
             BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                     StandardCharsets.UTF_8))) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                if (text.isBlank()) {
                    continue;
                }
                try {
                    JsonNode table = JSON.readTree(text).get(WarehouseTable.CHANGE_TABLE);
                    if (table != null && table.isTextual()) {
                        tables.add(table.asText());
                    }
                } catch (IOException notJson) {
                    // said by the load that reads it
                }
            }
        }
        return tables;
    }

    private static String value(JsonNode v) throws IOException {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isContainerNode()) {
            return JSON.writeValueAsString(v);
        }
        return v.isNumber() ? v.decimalValue().toPlainString() : v.asText();
    }

    /** A CSV field: null as nothing, any text quoted (so an empty text stays a text). */
    private static void field(StringBuilder row, String value) {
        if (value == null) {
            return;
        }
        row.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                row.append('"');
            }
            row.append(c);
        }
        row.append('"');
    }
}
