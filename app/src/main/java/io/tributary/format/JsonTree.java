package io.tributary.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Parses one record's JSON text (a JSON Lines line, an array's element, a change document, a clean
 * row on its way to DynamoDB) into a tree. The text must be one value and nothing more:
 * {@code {"id":1}{"id":2}}, two records whose line break was lost, is refused ({@link JsonErrors}
 * says "more after the value") instead of read as the first alone.
 *
 * <p>Numbers keep every digit: one with a fraction or an exponent is read as a {@code BigDecimal}
 * with its scale ({@code 12345678901234567.891} and {@code 0.10} stay as they are; a double would
 * make the first {@code 12345678901234568}). Its text is {@code BigDecimal.toString()}
 * ({@link JsonRecordScanner#fraction}).
 */
public final class JsonTree {

    /** Reads numbers exactly; for parsers over a whole file (a JSON array read as a stream). */
    public static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final ObjectReader WHOLE = EXACT.reader()
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
