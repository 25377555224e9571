package io.tributary.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Repeated short values of a column come back as one string; every string equals the bytes it was made of. */
class RepeatedValuesTest {

    static Object value(RepeatedValues repeated, int column, String value) {
        byte[] padded = ("xx" + value + "yy").getBytes(StandardCharsets.ISO_8859_1);
        return repeated.value(column, padded, 2, value.length(), value.hashCode());
    }

    static String text(RepeatedValues repeated, int column, String value) {
        return (String) value(repeated, column, value);
    }

    @Test
    void aRepeatedValueIsOneStringPerColumn() {
        RepeatedValues repeated = new RepeatedValues();
        String first = text(repeated, 3, "Resort Hotel");
        assertEquals("Resort Hotel", first);
        assertSame(first, text(repeated, 3, "Resort Hotel"));
        assertEquals("City Hotel", text(repeated, 3, "City Hotel"));
        assertNotSame(first, text(repeated, 4, "Resort Hotel"), "columns keep their own values");
        assertEquals("", text(repeated, 3, ""));
        assertSame(text(repeated, 3, ""), text(repeated, 3, ""));
    }

    @Test
    void valuesWithTheSameHashAreToldApart() {
        RepeatedValues repeated = new RepeatedValues();
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertEquals("Aa", text(repeated, 0, "Aa"));
        assertEquals("BB", text(repeated, 0, "BB"));
        assertEquals("Aa", text(repeated, 0, "Aa"));
        assertEquals("BB", text(repeated, 0, "BB"));
    }

    @Test
    void aColumnOfMostlyNewValuesIsLeftAloneAndStillReadRight() {
        RepeatedValues repeated = new RepeatedValues();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3 * RepeatedValues.TRIAL; i++) {
            String id = "id-" + i;
            assertEquals(id, text(repeated, 0, id));
            seen.add(id);
        }
        assertEquals(3 * RepeatedValues.TRIAL, seen.size());
        String longer = "x".repeat(RepeatedValues.MAX_LENGTH + 1);
        assertEquals(longer, text(repeated, 1, longer));
        assertNotSame(text(repeated, 1, longer), text(repeated, 1, longer), "long values are not kept");
    }
}
