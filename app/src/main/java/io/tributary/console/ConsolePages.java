package io.tributary.console;


import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.tributary.report.Svg.escape;

/**
 * The local console's pages, as plain HTML (readable with JavaScript off; no script at all): the
 * datasets with their files' counts, one dataset's files with status and links to their reports,
 * rejected rows and outputs, and the files being cleaned now. Made from what the state table
 * records for each raw object ({@link FileState}); the links go to {@code /s3/<key>}, the bucket's
 * objects as the console serves them.
 */
public final class ConsolePages {

    private ConsolePages() {
    }

    /** One raw object as the state table records it (status {@code cleaned} or {@code failed}). */
    public record FileState(String rawKey, String dataset, String status, String reason, Instant at, long rowsIn,
                            long rowsOut, Map<String, Long> dropped, Map<String, Long> rejected, long durationMs,
                            String reportKey, List<String> outputs, Instant retryAt) {
        long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }

        long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A raw object being cleaned now. */
    public record InProgress(String rawKey, String dataset, Instant started, String doing) {
    }

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:20px auto;max-width:1100px;color:#1d2430;padding:0 16px}
            h1{font-size:20px;margin:0 0 12px}h1 a{color:inherit;text-decoration:none}h2{font-size:17px;margin:24px 0 8px}
            nav a{margin-right:14px}table{border-collapse:collapse;width:100%}td,th{padding:4px 10px 4px 0;text-align:left;
            vertical-align:top;border-bottom:1px solid #eef0f4}th{color:#3a4455;font-weight:600}td.n{text-align:right;
            font-variant-numeric:tabular-nums}.failed{color:#b3261e}.cleaned{color:#2e7d32}.running{color:#8a6d00}
            .empty{color:#5b6576;font-style:italic}code{font-size:12px;word-break:break-all}.hint{color:#5b6576;font-size:12px}
            textarea{width:100%;font:13px ui-monospace,monospace;box-sizing:border-box}form.sql .show{margin:6px 0}
            form.sql label{margin-right:12px}figure{margin:12px 0}figcaption{font-weight:600}
            """ + io.tributary.report.Svg.STYLE;

    /** How often a page that shows running cleans reloads itself (no script: the browser does it). */
    static final int REFRESH_SECONDS = 3;

    /** A console page; {@code live}: it reloads itself every {@value #REFRESH_SECONDS} s (cleans are running). */
    static String page(String title, String body, boolean live) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\">"
                + (live ? "<meta http-equiv=\"refresh\" content=\"" + REFRESH_SECONDS + "\">" : "")
                + "<title>" + escape(title) + " · Tributary</title><style>"
                + STYLE + "</style></head><body><h1><a href=\"/\">Tributary</a> · " + escape(title) + "</h1>"
                + "<nav><a href=\"/\">datasets</a><a href=\"/lake\">lake</a></nav>\n" + body + "</body></html>\n";
    }

    /** The home page: every dataset (with a spec, or with files), its files' counts, and what is being cleaned now. */
    public static String home(List<String> specs, List<FileState> files, List<InProgress> running, Instant now) {
        Map<String, List<FileState>> byDataset = new TreeMap<>();
        specs.forEach(d -> byDataset.put(d, new ArrayList<>()));
        files.forEach(f -> byDataset.computeIfAbsent(f.dataset(), k -> new ArrayList<>()).add(f));
        running.forEach(r -> byDataset.computeIfAbsent(r.dataset(), k -> new ArrayList<>())); // a first file, inferred
        StringBuilder html = new StringBuilder();
        runningTable(html, running, now);
        html.append("<h2>Datasets</h2><table class=\"datasets\"><tr><th>dataset</th><th class=\"n\">files</th>"
                + "<th class=\"n\">cleaned</th><th class=\"n\">failed</th><th class=\"n\">rows out</th>"
                + "<th>last cleaned</th></tr>");
        byDataset.forEach((dataset, list) -> {
            long cleaned = list.stream().filter(f -> f.status().equals("cleaned")).count();
            long failed = list.stream().filter(f -> f.status().equals("failed")).count();
            long rows = list.stream().filter(f -> f.status().equals("cleaned")).mapToLong(FileState::rowsOut).sum();
            Instant last = list.stream().map(FileState::at).filter(a -> a != null).max(Instant::compareTo).orElse(null);
            html.append("<tr><td><a href=\"/datasets/").append(escape(dataset)).append("\">").append(escape(dataset))
                    .append("</a></td><td class=\"n\">").append(list.size()).append("</td><td class=\"n\">").append(cleaned)
                    .append("</td><td class=\"n").append(failed > 0 ? " failed" : "").append("\">").append(failed)
                    .append("</td><td class=\"n\">").append(rows).append("</td><td>").append(last == null ? "" : escape(last.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()))
                    .append("</td></tr>");
        });
        html.append("</table>\n");
        return page("datasets", html.toString(), !running.isEmpty());
    }

    private static void runningTable(StringBuilder html, List<InProgress> running, Instant now) {
        html.append("<h2>Being cleaned now</h2>");
        if (running.isEmpty()) {
            html.append("<p class=\"empty\">nothing</p>\n");
            return;
        }
        html.append("<p class=\"hint\">This page reloads itself every ").append(REFRESH_SECONDS)
                .append(" s while files are being cleaned.</p><table class=\"running\"><tr><th>file</th><th>dataset</th>"
                        + "<th class=\"n\">for</th><th>doing</th></tr>");
        for (InProgress r : running) {
            html.append("<tr><td><code>").append(escape(r.rawKey())).append("</code></td><td>").append(escape(r.dataset()))
                    .append("</td><td class=\"n\">").append(Duration.between(r.started(), now).toSeconds()).append(" s</td><td>")
                    .append(escape(r.doing())).append("</td></tr>");
        }
        html.append("</table>\n");
    }

    /**
     * A dataset's files: status (with the reason of a failure), counts, and links to the report, rejected rows and outputs.
     *
     * @param served whether the console serves the object with this key (an output is linked only then)
     */
    public static String dataset(String dataset, List<FileState> files, List<InProgress> running, Instant now,
                                 java.util.function.Predicate<String> served) {
        StringBuilder html = new StringBuilder();
        List<InProgress> mine = running.stream().filter(r -> r.dataset().equals(dataset)).toList();
        if (!mine.isEmpty()) {
            runningTable(html, mine, now);
        }
        html.append("<h2>Files</h2>");
        List<FileState> list = files.stream().filter(f -> f.dataset().equals(dataset)).toList();
        if (list.isEmpty()) {
            html.append("<p class=\"empty\">no file of this dataset cleaned yet: drop one in the inbox</p>");
            return page(dataset, html.toString(), !mine.isEmpty());
        }
        html.append("<table class=\"files\"><tr><th>file</th><th>status</th><th class=\"n\">rows in</th>"
                + "<th class=\"n\">out</th><th class=\"n\">dropped</th><th class=\"n\">rejected</th><th class=\"n\">time</th>"
                + "<th>report</th></tr>");
        for (FileState f : list) {
            html.append("<tr class=\"file\" data-key=\"").append(escape(f.rawKey())).append("\"><td><code>")
                    .append(escape(f.rawKey())).append("</code></td><td class=\"").append(escape(f.status())).append("\">")
                    .append(escape(f.status()));
            if (f.reason() != null) {
                html.append(": ").append(escape(f.reason()));
            }
            if (f.retryAt() != null) {
                html.append("<br><span class=\"retry\">cleaned again at ")
                        .append(escape(f.retryAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()))
                        .append(", or as soon as the file changes</span>");
            }
            html.append("</td><td class=\"n\">").append(f.rowsIn()).append("</td><td class=\"n\">").append(f.rowsOut())
                    .append("</td><td class=\"n\">").append(f.droppedTotal()).append("</td><td class=\"n\">")
                    .append(f.rejectedTotal()).append("</td><td class=\"n\">")
                    .append(String.format(java.util.Locale.ROOT, "%.1f s", f.durationMs() / 1000.0)).append("</td><td>");
            if (f.reportKey() != null) {
                String page = f.reportKey().replaceAll("\\.json$", ".html");
                html.append("<a class=\"report\" href=\"/s3/").append(escape(page)).append("\">page</a> · <a href=\"/s3/")
                        .append(escape(f.reportKey())).append("\">json</a>");
            }
            html.append("</td></tr>");
            List<String> links = new ArrayList<>();
            for (String output : f.outputs()) {
                boolean object = output.startsWith("s3://") && !keyOf(output).endsWith("/") && served.test(keyOf(output));
                links.add(object ? "<a href=\"/s3/" + escape(keyOf(output)) + "\">" + escape(output) + "</a>"
                        : escape(output));
            }
            if (!links.isEmpty()) {
                html.append("<tr class=\"outputs\"><td colspan=\"8\"><code>").append(String.join(" · ", links))
                        .append("</code></td></tr>");
            }
        }
        html.append("</table>\n");
        return page(dataset, html.toString(), !mine.isEmpty());
    }

    /** The key of an {@code s3://bucket/key} address (up to a space: outputs are described as "uri (detail)"). */
    static String keyOf(String uri) {
        String rest = uri.substring("s3://".length());
        int space = rest.indexOf(' ');
        rest = space < 0 ? rest : rest.substring(0, space);
        int slash = rest.indexOf('/');
        return slash < 0 ? "" : rest.substring(slash + 1);
    }
}
