package io.tributary.clean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A value of a {@code json} column: nested JSON (an object, an array, or any JSON value) kept as
 * compact JSON text. Writers keep it JSON: a JSON value in JSON Lines, a map or list in DynamoDB,
 * its text in CSV. Numbers keep every digit.
 */
public record JsonValue(String json) {

    private static final ObjectReader READER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * The JSON in a text, made compact (one line, no spaces).
     *
     * @throws ValueException when the text is not one JSON value
     */
    public static JsonValue parse(String text) {
        return new JsonValue(tree(text).toString());
    }

    /** The value as a tree (numbers with a fraction as exact decimals). */
    public JsonNode tree() {
        return tree(json);
    }

    private static JsonNode tree(String text) {
        try {
            JsonNode node = READER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new ValueException("'' is not JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
            throw new ValueException("'" + shown + "' is not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return json;
    }
}
