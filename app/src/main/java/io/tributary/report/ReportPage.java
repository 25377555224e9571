package io.tributary.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.tributary.report.Svg.escape;
import static io.tributary.report.Svg.number;

/**
 * The quality report as a page: one self-contained HTML file made from the report's JSON (no
 * script, no font, no network; inline SVG; prints on paper): the summary with rows dropped and
 * rejected per rule and where the time went, per column its chart (histogram with the outlier
 * bounds, most frequent values, counts over time) and missing values before and after, the
 * first rejected rows with their reasons, and the inferred spec.
 */
public final class ReportPage {

    private ReportPage() {
    }

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:980px;color:#1d2430;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d8dde6;padding-bottom:4px}
            h3{font-size:15px;margin:0 0 4px}.sub{color:#5b6576}.empty{color:#5b6576;font-style:italic}
            table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px 3px 0;text-align:left;vertical-align:top}
            th{font-weight:600;color:#3a4455}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .columns{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:18px}
            .column{border:1px solid #e3e7ee;border-radius:6px;padding:10px 12px;break-inside:avoid}
            .type{font-weight:400;color:#5b6576;font-size:13px}
            pre{background:#f5f7fa;border:1px solid #e3e7ee;padding:10px;overflow:auto;white-space:pre-wrap}
            .rejected td{font-size:13px}.rejected code{word-break:break-all}
            @media print{body{margin:0;max-width:none}.column{page-break-inside:avoid}}
            """ + Svg.STYLE;

    /**
     * The page of a report.
     *
     * @param rejectedLink where the full rejected rows are (relative to the page), or null
     */
    public static String render(JsonNode report, String title, String rejectedLink) {
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape("Quality report: " + title)).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1><p class=\"sub\">dataset <b>")
                .append(escape(report.path("dataset").asText("?"))).append("</b> · spec ")
                .append(escape(report.path("spec").asText("?"))).append(report.has("raw") ? " · raw " + escape(
                        report.path("raw").asText()) : "").append("</p>\n");
        summary(html, report);
        columns(html, report);
        rejected(html, report, rejectedLink);
        if (report.hasNonNull("inferred_spec")) {
            html.append("<h2 id=\"inferred-spec\">Inferred spec</h2><p>No spec claimed the file; this one was"
                    + " inferred. Save it as <code>routes/datasets/").append(escape(report.path("dataset").asText()))
                    .append(".yaml</code> to start from:</p><pre class=\"inferred\">")
                    .append(escape(report.path("inferred_spec").asText())).append("</pre>\n");
        }
        JsonNode warnings = report.path("warnings");
        if (warnings.size() > 0) {
            html.append("<h2 id=\"warnings\">Warnings</h2><ul>");
            warnings.forEach(w -> html.append("<li>").append(escape(w.asText())).append("</li>"));
            html.append("</ul>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static void summary(StringBuilder html, JsonNode r) {
        long in = r.path("rows_in").asLong();
        long out = r.path("rows_out").asLong();
        long dropped = sum(r.path("dropped"));
        long rejected = sum(r.path("rejected"));
        html.append("<h2 id=\"summary\">Summary</h2><table class=\"summary\"><tr><th>rows in</th><td class=\"n\">")
                .append(in).append("</td></tr><tr><th>rows out</th><td class=\"n\">").append(out)
                .append("</td></tr><tr><th>dropped</th><td class=\"n\">").append(dropped)
                .append("</td></tr><tr><th>rejected</th><td class=\"n\">").append(rejected).append("</td></tr>");
        if (r.has("duration_ms")) {
            html.append("<tr><th>duration</th><td class=\"n\">").append(seconds(r.path("duration_ms").asLong()))
                    .append("</td></tr>");
        }
        html.append("</table>\n");
        List<Svg.Bar> rules = new ArrayList<>();
        rules.add(new Svg.Bar("out", out, null));
        r.path("dropped").fields().forEachRemaining(e -> rules.add(new Svg.Bar("dropped: " + e.getKey(),
                e.getValue().asLong(), null)));
        r.path("rejected").fields().forEachRemaining(e -> rules.add(new Svg.Bar("rejected: " + e.getKey(),
                e.getValue().asLong(), null)));
        html.append("<h3>Rows by outcome</h3>").append(Svg.bars("rules", rules, "")).append('\n');
        if (r.path("steps_ms").size() > 0) {
            List<Svg.Bar> steps = new ArrayList<>();
            r.path("steps_ms").fields().forEachRemaining(e -> steps.add(new Svg.Bar(e.getKey(),
                    e.getValue().asLong() / 1000.0, e.getKey() + ": " + seconds(e.getValue().asLong()))));
            html.append("<h3>Where the time went</h3>").append(Svg.bars("steps", steps, " s")).append('\n');
        }
        List<Svg.Bar> missing = new ArrayList<>();
        for (JsonNode c : r.path("columns")) {
            long before = c.path("nulls_before").asLong(-1);
            long after = c.path("nulls_after").asLong();
            if (before > 0 || after > 0) {
                String name = c.path("name").asText();
                if (before >= 0) {
                    missing.add(new Svg.Bar(name + " before", before, name + ": " + before + " missing before the rules"));
                }
                missing.add(new Svg.Bar(name + " after", after, name + ": " + after + " missing in the output"));
            }
        }
        html.append("<h3>Missing values, before the missing-value rules and in the output</h3>")
                .append(missing.isEmpty() ? "<p class=\"empty\">none in any column</p>" : Svg.bars("missing", missing, ""))
                .append('\n');
        JsonNode outputs = r.path("outputs");
        if (outputs.size() > 0) {
            html.append("<h3>Outputs</h3><ul class=\"outputs\">");
            outputs.forEach(o -> html.append("<li><code>").append(escape(o.asText())).append("</code></li>"));
            html.append("</ul>\n");
        }
    }

    private static void columns(StringBuilder html, JsonNode r) {
        html.append("<h2 id=\"columns\">Columns</h2><div class=\"columns\">\n");
        for (JsonNode c : r.path("columns")) {
            String name = c.path("name").asText();
            html.append("<section class=\"column\" id=\"column-").append(escape(name)).append("\"><h3>")
                    .append(escape(name)).append(" <span class=\"type\">").append(escape(c.path("type").asText()))
                    .append(" · ").append(escape(c.path("type_from").asText())).append("</span></h3><p class=\"facts\">");
            List<String> facts = new ArrayList<>();
            if (c.has("nulls_before")) {
                facts.add("missing " + c.path("nulls_before").asLong() + " → " + c.path("nulls_after").asLong());
            } else {
                facts.add("missing " + c.path("nulls_after").asLong());
            }
            if (c.path("filled").asLong() > 0) {
                facts.add("filled " + c.path("filled").asLong() + " with " + c.path("fill_value").asText());
            }
            if (!c.path("min").isNull() && c.has("min")) {
                facts.add("min " + c.path("min").asText() + ", max " + c.path("max").asText());
            }
            if (c.has("mean")) {
                facts.add("mean " + number(c.path("mean").asDouble()));
            }
            facts.add("≈" + c.path("distinct_estimate").asLong() + " distinct");
            html.append(escape(String.join(" · ", facts))).append("</p>");
            JsonNode outlier = r.path("outliers").path(name);
            if (c.has("histogram")) {
                JsonNode h = c.path("histogram");
                long[] counts = new long[h.path("counts").size()];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = h.path("counts").get(i).asLong();
                }
                List<Svg.Marker> markers = new ArrayList<>();
                if (!outlier.isMissingNode()) {
                    if (outlier.hasNonNull("low")) {
                        markers.add(new Svg.Marker(outlier.path("low").asDouble(), "low " + number(outlier.path("low").asDouble())));
                    }
                    if (outlier.hasNonNull("high")) {
                        markers.add(new Svg.Marker(outlier.path("high").asDouble(), "high " + number(outlier.path("high").asDouble())));
                    }
                    html.append("<p class=\"outliers\">outliers (").append(escape(outlier.path("method").asText()))
                            .append("): ").append(outlier.path("count").asLong()).append(' ')
                            .append(escape(actioned(outlier.path("action").asText()))).append(" outside [")
                            .append(escape(outlier.path("low").asText())).append(", ")
                            .append(escape(outlier.path("high").asText())).append("]</p>");
                }
                html.append(Svg.histogram(h.path("start").asDouble(), h.path("width").asDouble(), counts, markers));
            } else if (c.has("dates")) {
                List<String> labels = new ArrayList<>();
                List<Long> counts = new ArrayList<>();
                c.path("dates").path("counts").fields().forEachRemaining(e -> {
                    labels.add(e.getKey());
                    counts.add(e.getValue().asLong());
                });
                html.append("<p class=\"sub\">rows per ").append(escape(c.path("dates").path("unit").asText()))
                        .append("</p>").append(Svg.timeline(labels, counts));
            } else if (c.has("top_values")) {
                List<Svg.Bar> bars = new ArrayList<>();
                c.path("top_values").forEach(v -> bars.add(new Svg.Bar(v.path("value").asText(), v.path("count").asLong(),
                        null)));
                if (c.path("other").asLong() > 0) {
                    bars.add(new Svg.Bar("(other)", c.path("other").asLong(), null));
                }
                html.append(Svg.bars("values", bars, ""));
            } else {
                html.append("<p class=\"empty\">no values</p>");
            }
            html.append("</section>\n");
        }
        html.append("</div>\n");
    }

    private static void rejected(StringBuilder html, JsonNode r, String link) {
        JsonNode rows = r.path("rejected_rows");
        long total = sum(r.path("rejected"));
        html.append("<h2 id=\"rejected\">Rejected rows</h2>");
        if (total == 0) {
            html.append("<p class=\"empty\">none</p>\n");
            return;
        }
        html.append("<p>").append(total).append(" rejected").append(rows.size() < total ? ", the first " + rows.size()
                + " below" : "").append(link == null ? "" : "; all of them: <a href=\"" + escape(link) + "\">"
                + escape(link.substring(link.lastIndexOf('/') + 1)) + "</a>").append("</p>");
        html.append("<table class=\"rejected\"><tr><th>line</th><th>rule</th><th>reason</th><th>record</th></tr>");
        for (JsonNode row : rows) {
            html.append("<tr><td class=\"n\">").append(row.path("line").asLong()).append("</td><td>")
                    .append(escape(row.path("rule").asText())).append("</td><td>").append(escape(row.path("reason").asText()))
                    .append("</td><td><code>").append(escape(Svg.fit(row.path("record").asText(), 160)))
                    .append("</code></td></tr>");
        }
        html.append("</table>\n");
    }

    private static String actioned(String action) {
        return switch (action) {
            case "clamp" -> "clamped";
            case "remove" -> "removed";
            case "flag" -> "flagged";
            case "set_null" -> "made missing";
            default -> action;
        };
    }

    private static long sum(JsonNode counts) {
        long total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            total += it.next().getValue().asLong();
        }
        return total;
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
