package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain decimals are read without the general parser, to exactly the double it would give. */
class DecimalFastPathTest {

    @Test
    void plainDecimalsReadExactlyAsDoubleParseDoubleReadsThem() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            int decimals = random.nextInt(0, 9);
            double magnitude = Math.pow(10, random.nextInt(0, 10));
            String text = String.format(Locale.ROOT, "%." + decimals + "f", random.nextDouble() * magnitude);
            if (random.nextInt(4) == 0) {
                text = "-" + text;
            }
            double expected = Double.parseDouble(text);
            double fast = ValueParser.plainDecimal(text);
            if (!Double.isNaN(fast)) {
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(fast), text);
            } else {
                assertTrue(text.replaceAll("[^0-9]", "").length() > 15, "only long digit strings go the slow way: " + text);
            }
        }
    }

    @Test
    void edgeCasesMatchTheGeneralParser() {
        for (String text : List.of("0", "-0", "+5", "1.", ".5", "007.50", "999999999999999", "0.000000000000001",
                "123456789012345.0", "9007199254740993")) {
            double fast = ValueParser.plainDecimal(text);
            if (!Double.isNaN(fast)) {
                assertEquals(Double.doubleToLongBits(Double.parseDouble(text)), Double.doubleToLongBits(fast), text);
            }
        }
        for (String text : List.of("", "-", ".", "1e5", "1.2.3", "NaN", "Infinity", "0x10", "1,5", "1 000")) {
            assertTrue(Double.isNaN(ValueParser.plainDecimal(text)), text + " is left to the general parser");
        }
    }

    @Test
    void theParsedDoubleIsTheSameWhicheverWayItIsRead() {
        ValueParser parser = new ValueParser(ColumnType.DOUBLE, List.of(), java.time.ZoneOffset.UTC);
        assertEquals(231.72, parser.parse("231.72"));
        assertEquals(-0.5, parser.parse(" -0.5 "));
        assertEquals(1.5e300, parser.parse("1.5e300"));
        assertEquals(12345678901234567890.0, parser.parse("12345678901234567890"));
    }

    @Test
    void numbersReadFromBytesAreWhatTheirTextParsesTo() {
        SplittableRandom random = new SplittableRandom(11);
        List<String> texts = new java.util.ArrayList<>(List.of("0", "-0", "+5", "007", "-12", "123456789",
                "1234567890", "2147483648", "-2147483648", "999999999999999999", "1000000000000000000", "1.0", "1.5",
                "1e3", "", "-", "+", "12a", "NaN", " 7", "7 ", ".5", "5."));
        for (int i = 0; i < 100_000; i++) {
            texts.add(Long.toString(random.nextLong() >> random.nextInt(0, 64)));
            texts.add(String.format(Locale.ROOT, "%." + random.nextInt(0, 6) + "f", random.nextDouble() * 1000));
        }
        for (ColumnType type : List.of(ColumnType.INT, ColumnType.LONG, ColumnType.DOUBLE)) {
            ValueParser parser = new ValueParser(type, List.of(), java.time.ZoneOffset.UTC);
            int fromBytes = 0;
            for (String text : texts) {
                byte[] padded = ("9" + text + "9").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                Object fast = parser.plainNumber(padded, 1, text.length());
                if (fast == null) {
                    continue; // left to the parser
                }
                fromBytes++;
                assertEquals(parser.parse(text), fast, type + " '" + text + "'");
            }
            assertTrue(fromBytes > 50_000, type + ": most plain numbers are read from their bytes (" + fromBytes + ")");
        }
    }
}
