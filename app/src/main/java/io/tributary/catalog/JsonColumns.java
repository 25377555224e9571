package io.tributary.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of JSON records as they are written (the change stream's archive): each top-level
 * field a column, typed by the values seen: whole numbers {@code bigint}, other numbers
 * {@code double}, {@code boolean}, and {@code string} for text, nested objects and arrays (the
 * JSON SerDe and DuckDB read those as their JSON text) and for a field whose values disagree. A
 * field seen only as null is left out until it has a value.
 */
public final class JsonColumns {

    private final Map<String, String> types = new LinkedHashMap<>();

    /** Takes in one record's fields (a record that is not an object has none). */
    public void observe(JsonNode record) {
        record.properties().forEach(field -> {
            String type = typeOf(field.getValue());
            if (type != null) {
                types.merge(field.getKey(), type, JsonColumns::join);
            }
        });
    }

    public boolean isEmpty() {
        return types.isEmpty();
    }

    public List<LakeTable.Column> columns() {
        List<LakeTable.Column> columns = new ArrayList<>();
        types.forEach((name, type) -> columns.add(new LakeTable.Column(name, type)));
        return columns;
    }

    /** The partition column of a table whose files are in hourly folders, as Firehose writes them. */
    public static final String DATEHOUR = "datehour";

    /**
     * The table of these columns over gzip JSON Lines in hourly folders ({@code yyyy/MM/dd/HH/}
     * under {@code location}, as the archive and Firehose write them): partitioned by
     * {@code datehour}, found by partition projection from {@code firstHour} on, so no partition is
     * ever registered.
     */
    public LakeTable tableByHour(String name, String location, String firstHour) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("projection.enabled", "true");
        properties.put("projection." + DATEHOUR + ".type", "date");
        properties.put("projection." + DATEHOUR + ".format", "yyyy/MM/dd/HH");
        properties.put("projection." + DATEHOUR + ".range", firstHour + ",NOW");
        properties.put("projection." + DATEHOUR + ".interval", "1");
        properties.put("projection." + DATEHOUR + ".interval.unit", "HOURS");
        properties.put(LakeTable.LOCATION_TEMPLATE, location + "${" + DATEHOUR + "}/");
        return new LakeTable(name, location, LakeTable.Storage.JSON_LINES, columns(),
                List.of(new LakeTable.Column(DATEHOUR, "string")), properties);
    }

    private static String typeOf(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? "bigint" : "double";
        }
        if (value.isNumber()) {
            return "double";
        }
        return value.isBoolean() ? "boolean" : "string";
    }

    /** The narrowest type that reads values of both types from JSON: bigint and double make double; any other pair, string. */
    static String join(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (isNumber(a) && isNumber(b)) {
            return "double";
        }
        return "string";
    }

    private static boolean isNumber(String type) {
        return type.equals("int") || type.equals("bigint") || type.equals("double");
    }
}
