package io.tributary.console;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LakePageTest {

    private static LakePage.Answer answer(List<String> names, Object[]... rows) {
        List<List<Object>> list = new ArrayList<>();
        for (Object[] r : rows) {
            list.add(Arrays.asList(r));
        }
        return LakePage.Answer.of(names, list);
    }

    private static List<String> barLabels(String svg) {
        List<String> labels = new ArrayList<>();
        Matcher m = Pattern.compile("<text class=\"label\"[^>]*>([^<]*)</text>").matcher(svg);
        while (m.find()) {
            labels.add(m.group(1));
        }
        return labels;
    }

    @Test
    void usersPerCityAsBarsLabelledByTheTextColumnSizedByTheNumberColumn() {
        LakePage.Answer a = answer(List.of("users", "city"), new Object[]{3L, "Lisbon"}, new Object[]{1L, "Zürich"},
                new Object[]{2L, null});
        String svg = LakePage.barChart(a);
        assertEquals(List.of("Lisbon", "Zürich", "(null)"), barLabels(svg));
        assertTrue(svg.contains("<figcaption>users by city</figcaption>"), svg);
        assertTrue(svg.contains(">3</text>") && svg.contains(">1</text>"), "each bar's value at its end: " + svg);
    }

    @Test
    void numbersOnlyTheFirstLabelsTheBars() {
        String svg = LakePage.barChart(answer(List.of("year", "bookings"), new Object[]{2015, 10L},
                new Object[]{2016, 25L}));
        assertEquals(List.of("2015", "2016"), barLabels(svg));
        assertTrue(svg.contains("<figcaption>bookings by year</figcaption>"));
    }

    @Test
    void theHistogramIsOfEveryRowReadNotOnlyOfTheRowsShown() {
        ResultProfile profile = new ResultProfile();
        List<List<Object>> kept = new ArrayList<>();
        for (long i = 0; i < 250_000; i++) {
            List<Object> row = List.of(i % 100);
            profile.accept(row);
            if (kept.size() < LakePage.ROWS_SHOWN) {
                kept.add(row);
            }
        }
        LakePage.Answer answer = new LakePage.Answer(List.of("age"), kept, 250_000, false, profile, null);
        String html = LakePage.histogram(answer);
        Matcher bins = Pattern.compile("\\): (\\d+)</title>").matcher(html);
        long counted = 0;
        while (bins.find()) {
            counted += Long.parseLong(bins.group(1));
        }
        assertEquals(250_000, counted);
        String page = LakePage.render(List.of(), null, "SELECT age FROM t", LakePage.Chart.HISTOGRAM, answer);
        assertTrue(page.contains("250,000 rows, the first 200 shown"), page);
    }

    @Test
    void aChartWithoutANumberColumnSaysWhatItNeeds() {
        LakePage.Answer texts = answer(List.of("city"), new Object[]{"Lisbon"});
        assertTrue(LakePage.barChart(texts).contains("needs a label column and a number column"));
        assertTrue(LakePage.histogram(texts).contains("needs a number column"));
        assertTrue(LakePage.barChart(answer(List.of("n"), new Object[]{1L})).contains("needs a label column"),
                "one number alone: nothing to label the bars with");
    }

    @Test
    void theHistogramBinsTheFirstNumberColumnAsTheReportDoes() {
        List<Object[]> rows = new ArrayList<>();
        for (int age = 18; age < 68; age++) {
            rows.add(new Object[]{"u" + age, (long) age});
        }
        rows.add(new Object[]{"nobody", null});
        String html = LakePage.histogram(answer(List.of("name", "age"), rows.toArray(Object[][]::new)));
        assertTrue(html.contains("<figcaption>age</figcaption>"));
        Matcher bins = Pattern.compile("<rect class=\"bin\"[^>]*><title>\\[([^,]+), ([^)]+)\\): (\\d+)</title>")
                .matcher(html);
        long counted = 0;
        while (bins.find()) {
            counted += Long.parseLong(bins.group(3));
        }
        assertEquals(50, counted, "every age in a bin, the null in none");
        assertTrue(html.contains("class=\"tick-label\""), "the axes are labelled");
    }

    @Test
    void aResultIsATableNumbersRightAlignedTextEscapedAndTheFirstRowsOnlyWhenLong() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < LakePage.ROWS_SHOWN + 5; i++) {
            rows.add(new Object[]{"<b>" + i + "</b>", (long) i});
        }
        String page = LakePage.render(List.of(), null, "SELECT 1", LakePage.Chart.TABLE,
                LakePage.Answer.of(List.of("name", "n"), answerRows(rows)));
        assertTrue(page.contains("<td>&lt;b&gt;0&lt;/b&gt;</td><td class=\"n\">0</td>"), page);
        assertFalse(page.contains("&lt;b&gt;" + LakePage.ROWS_SHOWN + "&lt;"), "the rows past the shown ones");
        assertTrue(page.contains("205 rows, the first 200 shown"), page);
        assertFalse(page.contains("<svg"), "no chart unless asked for");
        assertTrue(page.contains("<textarea name=\"sql\"") && page.contains(">SELECT 1</textarea>"), "the query stays");
    }

    private static List<List<Object>> answerRows(List<Object[]> rows) {
        return rows.stream().map(r -> (List<Object>) new ArrayList<>(Arrays.asList(r))).toList();
    }

    @Test
    void aFailedQueryShowsItsReasonAndTheTablesLinkToAFirstLook() {
        LakePage.Table t = new LakePage.Table("hotel_bookings", "s3://lake/curated/hotel_bookings/", "parquet",
                List.of("hotel string", "adr double"), List.of("arrival_date_year int"), 119_390);
        String page = LakePage.render(List.of(t), null, "SELECT * FROM nope", LakePage.Chart.BAR,
                LakePage.Answer.failed("Unknown table nope: the lake's tables are hotel_bookings"));
        assertTrue(page.contains("<p class=\"failed query-error\">Unknown table nope: the lake&#39;s tables are"
                + " hotel_bookings</p>"), page);
        assertTrue(page.contains("<td class=\"n rows\">119,390</td>"), page);
        assertTrue(page.contains("href=\"/lake?sql=SELECT+*+FROM+hotel_bookings+LIMIT+20\""), page);
        assertTrue(page.contains("value=\"bar\" checked"), "the chart asked for stays chosen");
    }

    @Test
    void anEmptyLakeSaysSo() {
        String page = LakePage.render(List.of(), "The lake is empty: ...", null, LakePage.Chart.TABLE, null);
        assertTrue(page.contains("<p class=\"empty problem\">The lake is empty: ...</p>"));
        assertFalse(page.contains("<h2>Result</h2>"));
    }
}
