package io.tributary.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RejectedRow;
import io.tributary.format.FileCleaning;
import io.tributary.sinks.CleanFile;
import io.tributary.sinks.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's page, made from a real clean's JSON report: self-contained, a chart per column, the bounds where the JSON says. */
class ReportPageTest {

    @TempDir
    Path dir;

    private record Made(JsonNode json, String html) {
    }

    private Made clean(DatasetSpec spec, Path raw, String dataset) throws IOException {
        Sinks sinks = new Sinks(CleanFile.local(dataset, "f", raw.getFileName().toString(), dir));
        List<RejectedRow> rejected = new ArrayList<>();
        FileCleaning.Result result = FileCleaning.clean(spec, dataset, raw.getFileName().toString(), "t-", raw,
                dir.resolve("rejected.csv"), sinks, rejected::add);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("dataset", dataset);
        context.put("duration_ms", 1234L);
        context.put("steps_ms", Map.of("clean", 1000L));
        context.put("rejected_rows", FileCleaning.reportRejects(rejected));
        FileCleaning.writeReport(dir.resolve("report.json"), context, result);
        FileCleaning.writeReportPage(dir.resolve("report.json"), dir.resolve("report.html"), raw.getFileName().toString(),
                "rejected.csv");
        return new Made(new ObjectMapper().readTree(dir.resolve("report.json").toFile()),
                Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8));
    }

    @Test
    void theHotelSamplesPageHasAChartPerColumnAndTheAdrBoundsTheJsonStates() throws IOException {
        DatasetSpec spec = DatasetSpec.parse(Files.newInputStream(Path.of("../routes/datasets/hotel_bookings.yaml")),
                "hotel_bookings.yaml", "t-");
        Made made = clean(spec, Path.of("../samples/hotel_bookings.csv"), "hotel_bookings");
        String html = made.html();
        // self-contained: no script, no stylesheet or image from elsewhere
        assertFalse(html.contains("<script"), "no script");
        assertFalse(Pattern.compile("(src|href)=\"https?:").matcher(html).find(), "nothing from the network");
        for (JsonNode c : made.json().path("columns")) {
            String name = c.path("name").asText();
            Matcher section = Pattern.compile("<section class=\"column\" id=\"column-" + Pattern.quote(name)
                    + "\">(.*?)</section>", Pattern.DOTALL).matcher(html);
            assertTrue(section.find(), "a section for " + name);
            assertTrue(section.group(1).contains("<svg class=\"chart"), name + " has a chart");
        }
        JsonNode adr = made.json().path("outliers").path("adr");
        Matcher adrSection = Pattern.compile("id=\"column-adr\">(.*?)</section>", Pattern.DOTALL).matcher(html);
        assertTrue(adrSection.find());
        assertTrue(adrSection.group(1).contains("class=\"chart histogram\""));
        assertTrue(adrSection.group(1).contains("data-value=\"" + adr.path("low").asDouble() + "\""), "the low bound");
        assertTrue(adrSection.group(1).contains("data-value=\"" + adr.path("high").asDouble() + "\""), "the high bound");
        assertTrue(adrSection.group(1).contains(adr.path("count").asLong() + " clamped"), adrSection.group(1));
        Matcher hotel = Pattern.compile("id=\"column-hotel\">(.*?)</section>", Pattern.DOTALL).matcher(html);
        assertTrue(hotel.find() && hotel.group(1).contains(">Resort Hotel</text>") && hotel.group(1).contains(">7539</text>"),
                "the most frequent values with their counts");
        Matcher arrival = Pattern.compile("id=\"column-arrival_date\">(.*?)</section>", Pattern.DOTALL).matcher(html);
        assertTrue(arrival.find() && arrival.group(1).contains("class=\"chart timeline\"")
                && arrival.group(1).contains("rows per month"));
        assertTrue(html.contains(">dropped: duplicate</text>") && html.contains(">4833</text>"), "rows by rule");
        assertTrue(html.contains("<th>rows in</th><td class=\"n\">14938</td>"));
        assertTrue(html.contains(">clean</text>"), "where the time went");
        assertTrue(html.contains("<h2 id=\"rejected\">Rejected rows</h2><p class=\"empty\">none</p>"));
    }

    @Test
    void rejectedRowsAreListedWithTheirReasonAndTheInferredSpecIsThereToCopy() throws IOException {
        Path raw = dir.resolve("people.csv");
        StringBuilder text = new StringBuilder("id,age,name\n");
        for (int i = 1; i <= 60; i++) {
            text.append(i).append(",").append(i % 2 == 0 ? "x" + i : Integer.toString(20 + i)).append(",Zoë <b>\n");
        }
        Files.writeString(raw, text.toString(), StandardCharsets.UTF_8);
        DatasetSpec spec = DatasetSpec.parse("name: people\nmatch: people.csv\ncolumns: {id: int, age: int}\n",
                "people.yaml", "t-");
        Made made = clean(spec, raw, "people");
        String html = made.html();
        assertTrue(html.contains("<p>30 rejected; all of them: <a href=\"rejected.csv\">rejected.csv</a></p>"), html);
        assertEquals(30, html.split("<tr><td class=\"n\">", -1).length - 1, "every rejected row (30 of 50 at most)");
        Matcher first = Pattern.compile("<tr><td class=\"n\">3</td><td>(\\w+)</td><td>([^<]*)</td><td><code>([^<]*)</code>")
                .matcher(html);
        assertTrue(first.find(), html);
        assertEquals("type", first.group(1));
        assertTrue(first.group(2).contains("x2"), "the reason names the value: " + first.group(2));
        assertEquals("2,x2,Zoë &lt;b&gt;", first.group(3), "the record as read");
        assertTrue(html.contains(">Zoë &lt;b&gt;</text>"), "a label escaped, not markup");

        Made inferred = clean(null, raw, "people");
        assertTrue(inferred.html().contains("<h2 id=\"inferred-spec\">Inferred spec</h2>"));
        assertTrue(inferred.html().contains(Svg.escape(inferred.json().path("inferred_spec").asText())));
    }
}
