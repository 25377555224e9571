package io.tributary.clean;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RowFunctionsTest {
    private final RowFunctions f = new RowFunctions();

    @Test
    void splitPartCountsAsSqlDoesAndTrims() {
        assertEquals("Lisbon", f.split_part("Lisbon, Portugal", ",", 1));
        assertEquals("Portugal", f.split_part("Lisbon, Portugal", ",", -1));
        assertEquals("Portugal", f.split_part("Lisbon, Portugal", ",", 2));
        assertEquals("b", f.split_part("a||b||c", "||", 2), "a separator of several characters, taken literally");
        assertEquals("", f.split_part("a,,c", ",", 2));
        assertNull(f.split_part("Lisbon", ",", 2), "no such part");
        assertNull(f.split_part("Lisbon", ",", -2));
        assertNull(f.split_part("Lisbon", ",", 0), "parts count from 1");
        assertNull(f.split_part(null, ",", 1));
        assertEquals("split_part: the separator is empty",
                assertThrows(ValueException.class, () -> f.split_part("a", "", 1)).getMessage());
        assertEquals("'x' is not a valid part number",
                assertThrows(ValueException.class, () -> f.split_part("a", ",", "x")).getMessage());
    }
}
