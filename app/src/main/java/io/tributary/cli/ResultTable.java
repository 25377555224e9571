package io.tributary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A query's result as {@code ./tributary query} prints it: an aligned table, CSV, or JSON Lines. */
final class ResultTable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultTable() {
    }

    /** @param format {@code table}, {@code csv} or {@code json}; a null value prints as nothing (table, CSV) or null */
    static String format(List<String> names, List<List<Object>> rows, String format) {
        StringBuilder sb = new StringBuilder();
        switch (format) {
            case "csv" -> {
                sb.append(csvLine(names));
                rows.forEach(r -> sb.append(csvLine(texts(r))));
            }
            case "json" -> {
                for (List<Object> r : rows) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    for (int c = 0; c < names.size(); c++) {
                        Object v = r.get(c);
                        o.put(names.get(c), v instanceof Number || v instanceof Boolean || v == null ? v : v.toString());
                    }
                    try {
                        sb.append(JSON.writeValueAsString(o)).append('\n');
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            default -> {
                List<List<String>> cells = rows.stream().map(ResultTable::texts).toList();
                int[] width = new int[names.size()];
                for (int c = 0; c < width.length; c++) {
                    width[c] = names.get(c).length();
                    for (List<String> r : cells) {
                        width[c] = Math.max(width[c], r.get(c).length());
                    }
                }
                sb.append(aligned(names, width));
                StringBuilder rule = new StringBuilder();
                for (int c = 0; c < width.length; c++) {
                    rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
                }
                sb.append(rule.toString().stripTrailing()).append('\n');
                cells.forEach(r -> sb.append(aligned(r, width)));
                sb.append('(').append(rows.size()).append(rows.size() == 1 ? " row)\n" : " rows)\n");
            }
        }
        return sb.toString();
    }

    private static List<String> texts(List<Object> row) {
        List<String> texts = new ArrayList<>();
        row.forEach(v -> texts.add(v == null ? "" : v.toString()));
        return texts;
    }

    private static String aligned(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            sb.append(c == 0 ? "" : " | ").append(String.format("%-" + Math.max(1, width[c]) + "s", cells.get(c)));
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static String csvLine(List<String> cells) {
        List<String> quoted = new ArrayList<>();
        for (String c : cells) {
            quoted.add(c.contains(",") || c.contains("\"") || c.contains("\n") ? "\"" + c.replace("\"", "\"\"") + "\""
                    : c);
        }
        return String.join(",", quoted) + "\n";
    }
}
