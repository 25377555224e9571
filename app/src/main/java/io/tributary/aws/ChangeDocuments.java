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
