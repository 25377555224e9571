package io.tributary.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;

/**
 * Turns a DynamoDB stream record into the change document Tributary puts on Kinesis: plain JSON,
 * not DynamoDB-typed JSON ({@code {"age": 34}}, not {@code {"age": {"N": "34"}}}):
 * <pre>{"eventID", "eventName", "table", "keys", "newImage", "oldImage",
 *  "approximateCreationTime", "sequenceNumber"}</pre>
 */
public final class ChangeDocuments {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();

    private ChangeDocuments() {
    }

    public static ObjectNode of(Record record, String table) {
        StreamRecord r = record.dynamodb();
        ObjectNode doc = NODES.objectNode();
        doc.put("eventID", record.eventID());
        doc.put("eventName", record.eventNameAsString());
        doc.put("table", table);
        doc.set("keys", image(r.keys()));
        doc.set("newImage", r.hasNewImage() ? image(r.newImage()) : NODES.nullNode());
        doc.set("oldImage", r.hasOldImage() ? image(r.oldImage()) : NODES.nullNode());
        doc.put("approximateCreationTime", r.approximateCreationDateTime() == null ? null
                : r.approximateCreationDateTime().toString());
        doc.put("sequenceNumber", r.sequenceNumber());
        return doc;
    }

    /**
     * A record of a Lambda DynamoDB stream event (its JSON) as a change document, the same as
     * {@link #of(Record, String)} makes from the SDK's record.
     */
    public static ObjectNode ofEvent(JsonNode record) {
        JsonNode d = record.path("dynamodb");
        String arn = record.path("eventSourceARN").asText("");
        int table = arn.indexOf(":table/");
        String name = table < 0 ? "" : arn.substring(table + 7, arn.indexOf('/', table + 7) < 0 ? arn.length()
                : arn.indexOf('/', table + 7));
        ObjectNode doc = NODES.objectNode();
        doc.put("eventID", record.path("eventID").asText());
        doc.put("eventName", record.path("eventName").asText());
        doc.put("table", name);
        doc.set("keys", plain(d.path("Keys")));
        doc.set("newImage", d.has("NewImage") ? plain(d.get("NewImage")) : NODES.nullNode());
        doc.set("oldImage", d.has("OldImage") ? plain(d.get("OldImage")) : NODES.nullNode());
        JsonNode created = d.get("ApproximateCreationDateTime");
        doc.put("approximateCreationTime", created == null ? null
                : java.time.Instant.ofEpochMilli((long) (created.asDouble() * 1000)).toString());
        doc.put("sequenceNumber", d.path("SequenceNumber").asText());
        return doc;
    }

    /** DynamoDB JSON ({@code {"age": {"N": "34"}}}) as plain JSON ({@code {"age": 34}}). */
    static ObjectNode plain(JsonNode item) {
        ObjectNode node = NODES.objectNode();
        item.fields().forEachRemaining(e -> node.set(e.getKey(), plainValue(e.getValue())));
        return node;
    }

    private static JsonNode plainValue(JsonNode v) {
        if (v.has("S")) {
            return NODES.textNode(v.get("S").asText());
        }
        if (v.has("N")) {
            return NODES.numberNode(new BigDecimal(v.get("N").asText()));
        }
        if (v.has("BOOL")) {
            return NODES.booleanNode(v.get("BOOL").asBoolean());
        }
        if (v.has("NULL")) {
            return NODES.nullNode();
        }
        if (v.has("M")) {
            return plain(v.get("M"));
        }
        ArrayNode array = NODES.arrayNode();
        if (v.has("L")) {
            v.get("L").forEach(e -> array.add(plainValue(e)));
        } else if (v.has("NS")) {
            v.get("NS").forEach(n -> array.add(new BigDecimal(n.asText())));
        } else if (v.has("SS") || v.has("BS")) {
            v.get(v.has("SS") ? "SS" : "BS").forEach(t -> array.add(t.asText()));
        } else if (v.has("B")) {
            return NODES.textNode(v.get("B").asText());
        }
        return array;
    }

    /** An item as plain JSON. */
    public static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        if (item != null) {
            item.forEach((k, v) -> node.set(k, value(v)));
        }
        return node;
    }

    static JsonNode value(AttributeValue v) {
        if (v.s() != null) {
            return NODES.textNode(v.s());
        }
        if (v.n() != null) {
            return NODES.numberNode(new BigDecimal(v.n()));
        }
        if (v.bool() != null) {
            return NODES.booleanNode(v.bool());
        }
        if (Boolean.TRUE.equals(v.nul())) {
            return NODES.nullNode();
        }
        if (v.hasM()) {
            return image(v.m());
        }
        ArrayNode array = NODES.arrayNode();
        if (v.hasL()) {
            v.l().forEach(e -> array.add(value(e)));
        } else if (v.hasSs()) {
            v.ss().forEach(array::add);
        } else if (v.hasNs()) {
            v.ns().forEach(n -> array.add(new BigDecimal(n)));
        } else if (v.hasBs()) {
            v.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
        } else if (v.b() != null) {
            return NODES.textNode(Base64.getEncoder().encodeToString(v.b().asByteArray()));
        }
        return array;
    }
}
