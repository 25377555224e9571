package io.tributary.changes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kinesis partition key of a change, from a template over its document: {@code {eventID}}
 * (the default), {@code {table}}, {@code {keys.id}}, {@code {table}#{keys.id}}... A field that
 * is missing gives an empty text; a key that comes out empty is an error (Kinesis refuses it).
 */
public final class PartitionKeyTemplate {

    private static final Pattern FIELD = Pattern.compile("\\{([^}]+)}");
    private final String template;
    private final List<Object> parts = new ArrayList<>();

    public PartitionKeyTemplate(String template) {
        this.template = template;
        Matcher m = FIELD.matcher(template);
        int at = 0;
        while (m.find()) {
            parts.add(template.substring(at, m.start()));
            parts.add(m.group(1).trim().split("\\."));
            at = m.end();
        }
        parts.add(template.substring(at));
    }

    public String keyOf(JsonNode change) {
        StringBuilder sb = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String literal) {
                sb.append(literal);
            } else {
                JsonNode node = change;
                for (String field : (String[]) part) {
                    node = node == null ? null : node.get(field);
                }
                if (node != null && !node.isNull()) {
                    sb.append(node.isValueNode() ? node.asText() : node.toString());
                }
            }
        }
        if (sb.isEmpty()) {
            throw new IllegalArgumentException("partition key template '" + template + "' gives an empty key for "
                    + change.path("eventID").asText("a change"));
        }
        // Kinesis takes up to 256 characters
        return sb.length() > 256 ? sb.substring(0, 256) : sb.toString();
    }
}
