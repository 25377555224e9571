package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Rows with different values hash apart, whatever the kinds and lengths of their values; equal rows hash alike. */
class RowHashTest {

    static List<Long> hash(Object... values) {
        RowHash h = new RowHash().reset();
        for (Object v : values) {
            h.add(v);
        }
        h.finish();
        return List.of(h.h1(), h.h2());
    }

    @Test
    void differentRowsOfEveryKindHashApart() {
        List<Object> values = new ArrayList<>(Arrays.asList(null, "", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi",
                "abcdefgh\u0000", "é", "\u00e9\u00e9", "\u0100", "a\u0100", "東京", "NULL", "0", "2", "-1", 0, 2, -1,
                Integer.MIN_VALUE, Integer.MAX_VALUE, 0L, 2L, -1L, 0.0, 2.0, -1.0, Double.NaN, true, false,
                LocalDate.of(2015, 7, 1), LocalDate.of(2015, 1, 7), LocalDate.of(-5, 12, 31),
                Instant.ofEpochSecond(0), Instant.ofEpochSecond(0, 1), new BigDecimal("2"), new BigDecimal("1.5")));
        // lengths 1-20 of Latin-1 and of wider text, padded with zeros and not
        for (int n = 1; n <= 20; n++) {
            values.add("x".repeat(n));
            values.add("\u0000".repeat(n));
            values.add("\u0101".repeat(n));
        }
        Map<List<Long>, String> seen = new HashMap<>();
        for (Object a : values) {
            for (Object b : values) {
                String row = describe(a) + " | " + describe(b);
                String earlier = seen.put(hash(a, b), row);
                if (earlier != null) {
                    throw new AssertionError(row + " hashes as " + earlier);
                }
            }
        }
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
    }

    @Test
    void equalValuesHashAlike() {
        assertEquals(hash("City Hotel", 2, 75.5, LocalDate.of(2015, 7, 1)),
                hash(new String("City Hotel"), Integer.valueOf(2), Double.valueOf(75.5), LocalDate.parse("2015-07-01")));
        assertEquals(hash(new BigDecimal("1.50")), hash(new BigDecimal("1.5")), "the same amount");
        assertEquals(hash(0.0), hash(-0.0), "zero is zero");
        assertNotEquals(hash("ab", "c"), hash("a", "bc"));
    }
}
