package io.tributary.console;

import io.tributary.clean.Distribution;
import io.tributary.report.Svg;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.tributary.report.Svg.escape;

/**
 * The console's lake page: the lake's tables with their columns and row counts, and a SQL box
 * (a plain form: it works with JavaScript off) whose result is shown as a table and, on request,
 * as a bar chart (a label column and a number column: "users per city") or a histogram (the first
 * number column: "age distribution").
 */
public final class LakePage {

    /** Rows shown in the result table (a chart uses every row fetched). */
    static final int ROWS_SHOWN = 200;
    /** Bars in a bar chart. */
    static final int BARS = 50;

    private LakePage() {
    }

    /** One table of the lake: where its files are, its columns and partitions, and its rows (-1: could not count). */
    public record Table(String name, String location, String storage, List<String> columns, List<String> partitions,
                        long rows) {
    }

    /**
     * A query's outcome: the column names, the first rows, how many rows were read (all of them,
     * unless {@code more}: there were more than the console reads), what the charts need of every
     * row read ({@link ResultProfile}); or why it failed.
     */
    public record Answer(List<String> names, List<List<Object>> rows, long read, boolean more, ResultProfile profile,
                         String error) {
        public static Answer failed(String error) {
            return new Answer(List.of(), List.of(), 0, false, new ResultProfile(), error);
        }

        /** A result of these rows, all of them. */
        static Answer of(List<String> names, List<List<Object>> rows) {
            ResultProfile profile = new ResultProfile();
            rows.forEach(profile);
            return new Answer(names, rows, rows.size(), false, profile, null);
        }
    }

    /** How a result is shown. */
    public enum Chart {
        TABLE, BAR, HISTOGRAM;

        static Chart of(String param) {
            if (param == null) {
                return TABLE;
            }
            return switch (param) {
                case "bar" -> BAR;
                case "histogram" -> HISTOGRAM;
                default -> TABLE;
            };
        }

        String param() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The page.
     *
     * @param problem why there are no tables to show (the lake is empty, or no SQL engine), else null
     * @param sql the query asked for, or null
     * @param answer its outcome, or null when none was asked for
     */
    public static String render(List<Table> tables, String problem, String sql, Chart chart, Answer answer) {
        StringBuilder html = new StringBuilder();
        html.append("<h2>Tables</h2>");
        if (problem != null) {
            html.append("<p class=\"empty problem\">").append(escape(problem)).append("</p>\n");
        } else {
            html.append("<table class=\"lake-tables\"><tr><th>table</th><th class=\"n\">rows</th><th>columns</th>"
                    + "<th>partitioned by</th><th>files</th></tr>");
            for (Table t : tables) {
                html.append("<tr class=\"lake-table\" data-table=\"").append(escape(t.name())).append("\"><td><a href=\"")
                        .append(escape(queryLink("SELECT * FROM " + t.name() + " LIMIT 20", Chart.TABLE))).append("\">")
                        .append(escape(t.name())).append("</a></td><td class=\"n rows\">")
                        .append(t.rows() < 0 ? "?" : String.format(java.util.Locale.ROOT, "%,d", t.rows()))
                        .append("</td><td><details><summary>").append(t.columns().size())
                        .append(t.columns().size() == 1 ? " column" : " columns").append("</summary><code>")
                        .append(escape(String.join(", ", t.columns()))).append("</code></details></td><td><code>").append(escape(String.join(", ", t.partitions())))
                        .append("</code></td><td><code>").append(escape(t.storage() + " in " + t.location()))
                        .append("</code></td></tr>");
            }
            html.append("</table>\n");
        }
        html.append("<h2>SQL</h2><form class=\"sql\" method=\"get\" action=\"/lake\"><textarea name=\"sql\" rows=\"5\""
                + " cols=\"100\" spellcheck=\"false\" placeholder=\"SELECT ... FROM <table>\">")
                .append(escape(sql == null ? example(tables) : sql)).append("</textarea><div class=\"show\">show as ");
        for (Chart c : Chart.values()) {
            html.append("<label><input type=\"radio\" name=\"chart\" value=\"").append(c.param()).append('"')
                    .append(c == chart ? " checked" : "").append("> ").append(switch (c) {
                        case TABLE -> "a table";
                        case BAR -> "a bar chart (a label column, then a number column)";
                        case HISTOGRAM -> "a histogram (of the first number column)";
                    }).append("</label> ");
        }
        html.append("<button type=\"submit\">Run</button></div></form>\n");
        if (answer != null) {
            result(html, chart, answer);
        }
        html.append("<p class=\"hint\">Every table of the lake's catalog is a table by its dataset's name, its partition"
                + " columns included; the same SQL runs on the command line with <code>./tributary query \"SQL\"</code>"
                + " (DuckDB's dialect; Athena's on AWS with <code>--aws</code>).</p>\n");
        return ConsolePages.page("lake", html.toString(), false);
    }

    /** The link that runs a query. */
    static String queryLink(String sql, Chart chart) {
        return "/lake?sql=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)
                + (chart == Chart.TABLE ? "" : "&chart=" + chart.param());
    }

    private static String example(List<Table> tables) {
        return tables.isEmpty() ? "" : "SELECT * FROM " + tables.get(0).name() + " LIMIT 20";
    }

    private static void result(StringBuilder html, Chart chart, Answer answer) {
        html.append("<h2>Result</h2>");
        if (answer.error() != null) {
            html.append("<p class=\"failed query-error\">").append(escape(answer.error())).append("</p>\n");
            return;
        }
        long rows = answer.read();
        int shown = Math.min(ROWS_SHOWN, answer.rows().size());
        html.append("<p class=\"count\">").append(rows == 1 ? "1 row" : String.format(java.util.Locale.ROOT, "%,d rows", rows))
                .append(answer.more() ? " read, and there are more (the charts are of those read)" : "")
                .append(rows > shown ? String.format(java.util.Locale.ROOT, ", the first %d shown", shown) : "")
                .append("</p>\n");
        if (chart == Chart.BAR) {
            html.append(barChart(answer));
        } else if (chart == Chart.HISTOGRAM) {
            html.append(histogram(answer));
        }
        html.append("<table class=\"result\"><tr>");
        for (String name : answer.names()) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("</tr>");
        boolean[] numeric = numeric(answer);
        for (List<Object> row : answer.rows().subList(0, shown)) {
            html.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                Object v = row.get(c);
                html.append(numeric[c] ? "<td class=\"n\">" : "<td>").append(v == null ? "" : escape(v.toString()))
                        .append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>\n");
    }

    /** Which columns hold numbers only (and at least one), over every row read. */
    static boolean[] numeric(Answer answer) {
        boolean[] numeric = new boolean[answer.names().size()];
        for (int c = 0; c < numeric.length; c++) {
            numeric[c] = answer.profile().numeric(c);
        }
        return numeric;
    }

    /** Bars: the first column that is not a number column labels them, the first number column after it sizes them. */
    static String barChart(Answer answer) {
        boolean[] numeric = numeric(answer);
        int label = -1;
        for (int c = 0; c < numeric.length && label < 0; c++) {
            if (!numeric[c]) {
                label = c;
            }
        }
        if (label < 0 && numeric.length >= 2) {
            label = 0; // numbers only: the first labels the bars (a year, an age)
        }
        int value = -1;
        for (int c = 0; c < numeric.length && value < 0; c++) {
            if (numeric[c] && c != label) {
                value = c;
            }
        }
        if (label < 0 || value < 0) {
            return "<p class=\"empty chart-problem\">A bar chart needs a label column and a number column after it, e.g."
                    + " <code>SELECT city, count(*) AS users FROM … GROUP BY city ORDER BY users DESC</code></p>\n";
        }
        List<Svg.Bar> bars = new ArrayList<>();
        for (List<Object> row : answer.rows().subList(0, Math.min(BARS, answer.rows().size()))) {
            Object l = row.get(label);
            Object v = row.get(value);
            bars.add(new Svg.Bar(l == null ? "(null)" : l.toString(), v == null ? 0 : ((Number) v).doubleValue(), null));
        }
        String note = answer.rows().size() > BARS ? "<p class=\"hint\">The first " + BARS + " rows as bars.</p>" : "";
        return "<figure class=\"result-chart\"><figcaption>" + escape(answer.names().get(value)) + " by "
                + escape(answer.names().get(label)) + "</figcaption>" + Svg.bars("result-bars", bars, "") + "</figure>"
                + note + "\n";
    }

    /** The histogram of the first number column over every row read, binned as the quality report bins a column. */
    static String histogram(Answer answer) {
        boolean[] numeric = numeric(answer);
        int column = -1;
        for (int c = 0; c < numeric.length && column < 0; c++) {
            if (numeric[c]) {
                column = c;
            }
        }
        if (column < 0) {
            return "<p class=\"empty chart-problem\">A histogram needs a number column, e.g. <code>SELECT age FROM …"
                    + "</code></p>\n";
        }
        Distribution.Histogram h = answer.profile().histogram(column);
        return "<figure class=\"result-chart\"><figcaption>" + escape(answer.names().get(column)) + "</figcaption>"
                + Svg.histogram(h.start(), h.width(), h.counts(), List.of()) + "</figure>\n";
    }
}
