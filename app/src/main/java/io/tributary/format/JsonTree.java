package io.tributary.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;

/**
 * Parses one record's JSON text (a JSON Lines line, an array's element, a change document) into a
 * tree. The text must be one value and nothing more: {@code {"id":1}{"id":2}}, two records whose
 * line break was lost, is refused ({@link JsonErrors} says "more after the value") instead of
 * read as the first alone.
 */
public final class JsonTree {

    private static final ObjectReader WHOLE = new ObjectMapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonTree() {
    }

    public static JsonNode read(String text) throws JsonProcessingException {
        return WHOLE.readTree(text);
    }

    public static JsonNode read(byte[] utf8, int from, int length) throws IOException {
        return WHOLE.readTree(utf8, from, length);
    }
}
