package io.tributary.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The charts' geometry and labels on the edge cases a column can bring. */
class SvgTest {

    @Test
    void scalesHaveNiceTicksAroundTheValuesAndRoomAroundAConstant() {
        Svg.Scale s = Svg.Scale.of(3, 97, 100, 5);
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), s.ticks());
        assertEquals(0, s.at(0), 1e-9);
        assertEquals(100, s.at(100), 1e-9);
        assertEquals(List.of(-0.4, -0.2, 0.0, 0.2, 0.4), Svg.Scale.of(-0.33, 0.31, 10, 4).ticks(),
                "negatives, and no float noise");
        Svg.Scale constant = Svg.Scale.of(5, 5, 100, 4);
        assertTrue(constant.min() < 5 && constant.max() > 5, constant.toString());
        Svg.Scale zero = Svg.Scale.of(0, 0, 100, 4);
        assertTrue(zero.min() < 0 && zero.max() > 0);
        Svg.Scale huge = Svg.Scale.of(0, 3.2e15, 100, 4);
        assertEquals(List.of(0.0, 1e15, 2e15, 3e15, 4e15), huge.ticks());
        assertEquals(List.of(0.0, 0.5, 1.0), Svg.Scale.of(Double.NaN, Double.NaN, 10, 2).ticks(), "no range: 0 to 1");
    }

    @Test
    void numbersAndLabelsAreShortAndSafeInXml() {
        assertEquals("0", Svg.number(0));
        assertEquals("1234", Svg.number(1234));
        assertEquals("12.35k", Svg.number(12_345));
        assertEquals("-3.2G", Svg.number(-3.2e9));
        assertEquals("0.1235", Svg.number(0.123456));
        assertEquals("Wörterbüchersammlung…", Svg.fit("Wörterbüchersammlungsverzeichnis", 21));
        assertEquals("😀😀…", Svg.fit("😀😀😀😀", 3), "cut by characters, never inside one");
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; \uFFFD", Svg.escape("a <b> & \"c\" \u0001"));
    }

    @Test
    void barsKeepEveryLabelWholeInTheTooltipAndTheirLengthsFollowTheValues() {
        String long1 = "A very long category name that will not fit beside its bar";
        String svg = Svg.bars("values", List.of(new Svg.Bar(long1, 100, null), new Svg.Bar("日本語", 50, null),
                new Svg.Bar("none", 0, null)), "");
        assertTrue(svg.contains("<title>" + long1 + ": 100</title>"), svg);
        assertTrue(svg.contains(">" + Svg.fit(long1, 28) + "</text>"), svg);
        assertTrue(svg.contains(">日本語</text>"));
        java.util.regex.Matcher widths = java.util.regex.Pattern.compile("<rect [^>]*width=\"([0-9.]+)\"").matcher(svg);
        List<Double> w = new java.util.ArrayList<>();
        while (widths.find()) {
            w.add(Double.parseDouble(widths.group(1)));
        }
        assertEquals(3, w.size());
        assertEquals(w.get(0) / 2, w.get(1), 0.2);
        assertEquals(0.0, w.get(2));
        assertEquals("<p class=\"empty\">no values</p>", Svg.bars("values", List.of(), ""));
    }

    @Test
    void aHistogramDrawsItsBinsOnTheValueScaleAndTheBoundsWhereTheyFall() {
        String svg = Svg.histogram(0, 10, new long[]{5, 0, 20}, List.of(new Svg.Marker(-12.5, "low -12.5"),
                new Svg.Marker(55, "high 55")));
        assertEquals(2, svg.split("class=\"bin\"", -1).length - 1, "no rectangle for an empty bin");
        assertTrue(svg.contains("data-value=\"-12.5\"") && svg.contains(">low -12.5</text>"), svg);
        assertTrue(svg.contains("data-value=\"55.0\"") && svg.contains(">high 55</text>"), svg);
        assertTrue(svg.contains("<title>[0, 10): 5</title>") && svg.contains("<title>[20, 30): 20</title>"), svg);
        assertTrue(svg.contains(">-20</text>") && svg.contains(">60</text>"), "the scale reaches the bounds: " + svg);
        String one = Svg.histogram(42, 1, new long[]{1}, List.of());
        assertEquals(1, one.split("class=\"bin\"", -1).length - 1);
    }

    @Test
    void aTimelineLabelsItsFirstMiddleAndLastPeriod() {
        String svg = Svg.timeline(List.of("2024-01", "2024-02", "2024-03"), List.of(3L, 0L, 9L));
        assertEquals(3, svg.split("class=\"period\"", -1).length - 1);
        assertTrue(svg.contains(">2024-01</text>") && svg.contains(">2024-02</text>") && svg.contains(">2024-03</text>"));
    }
}
