package io.tributary.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Repeated short values of a column come back as one string; every string equals the bytes it was made of. */
class RepeatedTextTest {

    static String text(RepeatedText repeated, int column, String value) {
        byte[] padded = ("xx" + value + "yy").getBytes(StandardCharsets.ISO_8859_1);
        return repeated.text(column, padded, 2, value.length(), value.hashCode());
    }

    @Test
    void aRepeatedValueIsOneStringPerColumn() {
        RepeatedText repeated = new RepeatedText();
        String first = text(repeated, 3, "Resort Hotel");
        assertEquals("Resort Hotel", first);
        assertSame(first, text(repeated, 3, "Resort Hotel"));
        assertEquals("City Hotel", text(repeated, 3, "City Hotel"));
        assertNotSame(first, text(repeated, 4, "Resort Hotel"), "columns keep their own values");
        assertSame("", text(repeated, 3, ""));
    }

    @Test
    void valuesWithTheSameHashAreToldApart() {
        RepeatedText repeated = new RepeatedText();
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertEquals("Aa", text(repeated, 0, "Aa"));
        assertEquals("BB", text(repeated, 0, "BB"));
        assertEquals("Aa", text(repeated, 0, "Aa"));
        assertEquals("BB", text(repeated, 0, "BB"));
    }

    @Test
    void aColumnOfMostlyNewValuesIsLeftAloneAndStillReadRight() {
        RepeatedText repeated = new RepeatedText();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3 * RepeatedText.TRIAL; i++) {
            String id = "id-" + i;
            assertEquals(id, text(repeated, 0, id));
            seen.add(id);
        }
        assertEquals(3 * RepeatedText.TRIAL, seen.size());
        String longer = "x".repeat(RepeatedText.MAX_LENGTH + 1);
        assertEquals(longer, text(repeated, 1, longer));
        assertNotSame(text(repeated, 1, longer), text(repeated, 1, longer), "long values are not kept");
    }
}
