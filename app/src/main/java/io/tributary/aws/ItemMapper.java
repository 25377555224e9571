package io.tributary.aws;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed JSON row to a DynamoDB item: numbers become N, text S, booleans BOOL, null NULL, objects
 * M and arrays L. Never "everything is a string".
 */
public final class ItemMapper {

    private static final AttributeValue NULL = AttributeValue.builder().nul(true).build();

    private ItemMapper() {
    }

    public static Map<String, AttributeValue> item(JsonNode row) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        row.fields().forEachRemaining(e -> item.put(e.getKey(), value(e.getValue())));
        return item;
    }

    static AttributeValue value(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return NULL;
        }
        if (v.isNumber()) {
            return AttributeValue.builder().n(v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText()).build();
        }
        if (v.isBoolean()) {
            return AttributeValue.builder().bool(v.booleanValue()).build();
        }
        if (v.isTextual()) {
            return AttributeValue.builder().s(v.textValue()).build();
        }
        if (v.isBinary()) {
            try {
                return AttributeValue.builder().b(SdkBytes.fromByteArray(v.binaryValue())).build();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        if (v.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            v.forEach(x -> list.add(value(x)));
            return AttributeValue.builder().l(list).build();
        }
        return AttributeValue.builder().m(item(v)).build();
    }
}
