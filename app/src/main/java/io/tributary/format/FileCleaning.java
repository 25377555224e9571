package io.tributary.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.clean.CleanReport;
import io.tributary.clean.Cleaner;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.DecimalCheck;
import io.tributary.clean.OutputCheck;
import io.tributary.clean.RejectedRow;
import io.tributary.clean.RowSink;
import io.tributary.clean.RowSource;
import io.tributary.clean.SchemaInference;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Cleans one local (spooled) raw file into local files: the writers of the sinks its spec declares
 * (clean CSV, JSON Lines, Parquet, the DynamoDB items spool), the rejected rows, and the quality report. With no spec, the spec is
 * inferred from the file first. The clean flow and the benchmark both run this.
 */
public final class FileCleaning {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FileCleaning() {
    }

    /**
     * Where a file's clean rows go: the writers (and the limits of what they hold, as
     * {@link OutputCheck}s) for the spec the file is cleaned by, which is known only once inferred
     * when no spec claims the file.
     */
    public interface Writers {
        Opened open(DatasetSpec spec) throws IOException;
    }

    /** The writers of the clean rows and the checks a row must pass to reach them. */
    public record Opened(List<RowSink> writers, List<OutputCheck> checks) {
    }

    /**
     * Clean CSV and JSON Lines (and the DynamoDB items spool unless {@code items} is null) in one
     * local folder: the outputs of a clean outside the flow (tests, benchmarks).
     */
    public record Outputs(Path csv, Path jsonl, Path items, Path rejected, Path report, RowIds rowIds)
            implements Writers {
        public static Outputs in(Path dir) {
            return new Outputs(dir.resolve("clean.csv"), dir.resolve("clean.jsonl"), dir.resolve("items.jsonl"),
                    dir.resolve("rejected.csv"), dir.resolve("report.json"), null);
        }

        public Outputs withoutItems() {
            return new Outputs(csv, jsonl, null, rejected, report, null);
        }

        public Outputs withRowIds(RowIds ids) {
            return new Outputs(csv, jsonl, items, rejected, report, ids);
        }

        @Override
        public Opened open(DatasetSpec spec) throws IOException {
            List<RowSink> writers = new ArrayList<>();
            writers.add(new CsvRowWriter(buffered(csv)));
            writers.add(new JsonLinesRowWriter(buffered(jsonl)));
            if (items != null) {
                writers.add(rowIds == null ? new JsonLinesRowWriter(buffered(items))
                        : new JsonLinesRowWriter(buffered(items), rowIds.field(), rowIds.prefix()));
            }
            return new Opened(writers, List.of());
        }
    }

    /** The items spool's row ids: {@code field} = {@code <prefix>#<line>}; null for none. */
    public record RowIds(String field, String prefix) {
    }

    /**
     * What was done: the spec used (and its YAML when inferred), the report, the rejected rows
     * written, and what the report should say of the file beyond its rows (how it was decoded).
     */
    public record Result(DatasetSpec spec, String inferredYaml, CleanReport report, long rejectedRows,
                         List<String> notes) {
        public boolean inferred() {
            return inferredYaml != null;
        }
    }

    /**
     * Cleans into {@code out}'s CSV and JSON Lines (and items), its rejected rows into {@code out.rejected()}.
     *
     * @param spec the dataset's spec, or null to infer one (named {@code dataset}, claiming {@code fileName})
     * @param rejects told of every rejected row too (the rejected file gets them all)
     */
    public static Result clean(DatasetSpec spec, String dataset, String fileName, String tablePrefix, Path raw,
                               Outputs out, RowIds rowIds, Consumer<RejectedRow> rejects) throws IOException {
        return clean(spec, dataset, fileName, tablePrefix, raw, out, rowIds, List.of(), rejects);
    }

    /** As above, with the limits of the sinks the rows go to ({@link OutputCheck}). */
    public static Result clean(DatasetSpec spec, String dataset, String fileName, String tablePrefix, Path raw,
                               Outputs out, RowIds rowIds, List<OutputCheck> checks, Consumer<RejectedRow> rejects)
            throws IOException {
        Outputs writers = out.withRowIds(rowIds);
        return clean(spec, dataset, fileName, tablePrefix, raw, out.rejected(), s -> {
            Opened opened = writers.open(s);
            List<OutputCheck> all = new ArrayList<>(checks);
            all.addAll(opened.checks());
            return new Opened(opened.writers(), all);
        }, rejects);
    }

    /**
     * Cleans one local raw file into the writers {@code writers} opens for its spec, and its rejected
     * rows into {@code rejectedFile}. A row that fails a writer's {@link OutputCheck} is rejected, so
     * that every output holds the same rows.
     *
     * @param spec the dataset's spec, or null to infer one (named {@code dataset}, claiming {@code fileName})
     * @param rejects told of every rejected row too (the rejected file gets them all)
     */
    public static Result clean(DatasetSpec spec, String dataset, String fileName, String tablePrefix, Path raw,
                               Path rejectedFile, Writers writers, Consumer<RejectedRow> rejects)
            throws IOException {
        return clean(spec, dataset, fileName, tablePrefix, raw, rejectedFile, writers, rejects, new Progress());
    }

    /**
     * As above, telling {@code progress} how far it is: the stage {@code inferring a spec} (a file no
     * spec claims), then each pass of the cleaner ({@link Cleaner#onPass}), with the bytes of the file
     * read and the clean rows.
     */
    public static Result clean(DatasetSpec spec, String dataset, String fileName, String tablePrefix, Path raw,
                               Path rejectedFile, Writers writers, Consumer<RejectedRow> rejects, Progress progress)
            throws IOException {
        List<OutputCheck> checks = new ArrayList<>();
        InputOpener file = progress.counting(RowSources.file(raw));
        String inferredYaml = null;
        List<String> jsonColumns = null;
        List<String> notes = new ArrayList<>();
        if (spec == null) {
            Map<String, Object> format = sniff(raw, fileName);
            if (!format.containsKey("encoding") && byteOrderMark(raw) == null) {
                notUtf8(raw, fileName, notes).ifPresent(single -> format.put("encoding", single));
            }
            DatasetSpec guess = DatasetSpec.parse(JSON.writeValueAsString(Map.of("name", dataset, "match", fileName,
                    "format", format)), "(format of " + fileName + ")", tablePrefix);
            // a CSV or JSON Lines file in parts at once where it can be split (else, or should the
            // split fall inside a quoted field, whole)
            SchemaInference.Inferred inferred = null;
            progress.begin("inferring a spec", file.size(), Progress.Unit.BYTES);
            if (!"json".equals(guess.format().type())) {
                List<RowSource> parts = RowSources.opener(guess.format(), file).openParts(null, null);
                // the inferred spec reads the file as the guess did: its JSON columns are these
                jsonColumns = "jsonl".equals(guess.format().type()) ? parts.get(0).columns() : null;
                inferred = SchemaInference.infer(parts, dataset, fileName, format, tablePrefix);
            }
            if (inferred == null) {
                try (RowSource source = RowSources.open(guess.format(), file)) {
                    inferred = SchemaInference.infer(source, dataset, fileName, format, tablePrefix);
                    // the inferred spec reads the file as the guess did: its JSON columns are these
                    jsonColumns = source instanceof JsonRowSource ? source.columns() : null;
                }
            }
            spec = inferred.spec();
            inferredYaml = inferred.yaml();
        } else {
            undecodableRows(spec.format().encoding(), raw, fileName, notes).ifPresent(checks::add);
        }
        if (!spec.declaredDecimals().isEmpty()) {
            checks.add(new DecimalCheck(spec.declaredDecimals()::get));
        }
        CleanReport report;
        long rejected;
        Opened opened = writers.open(spec);
        checks.addAll(opened.checks());
        List<RowSink> counted = new ArrayList<>(opened.writers());
        counted.add(progress.rowCounter());
        long size = file.size();
        try (RowSinks sinks = new RowSinks(counted);
             RejectedRowsWriter rejectedRows = new RejectedRowsWriter(buffered(rejectedFile))) {
            // formatting and writing (and the report's output profile) run on a writer thread
            report = new Cleaner(spec, inferredYaml != null, checks)
                    .onPass(pass -> progress.begin(pass, size, Progress.Unit.BYTES)).run(RowSources.opener(spec.format(), file,
                            jsonColumns, spec.namedFileColumns()),
                    sinks, row -> {
                        rejectedRows.write(row);
                        rejects.accept(row);
                    }, BackgroundRowSink::new);
            rejected = rejectedRows.count();
        } finally {
            progress.end();
        }
        return new Result(spec, inferredYaml, report, rejected, notes);
    }

    /** A raw file that is not text (it holds a NUL byte, as binary data does): cleaning it would only make garbage. */
    public static final class NotText extends RuntimeException {
        NotText(String message) {
            super(message);
        }
    }

    /**
     * A file without a spec is UTF-8 unless its bytes say otherwise: then it is in the single-byte
     * set most files in the wild are in, which this names (and the report's notes say why).
     */
    private static Optional<String> notUtf8(Path raw, String fileName, List<String> notes) throws IOException {
        EncodingScan.Result scan = scanText(raw, fileName);
        if (scan.validUtf8()) {
            return Optional.empty();
        }
        String single = scan.notWindows1252() ? "ISO-8859-1" : "windows-1252";
        EncodingScan.Invalid first = scan.invalid().get(0);
        notes.add(String.format(Locale.ROOT, "the file is not UTF-8 (%d bytes are not, the first at offset %d on"
                + " line %d): it was read as %s", scan.invalidCount(), first.offset(), first.line(), single));
        return Optional.of(single);
    }

    /**
     * A file a spec says is UTF-8 (or ASCII) whose bytes do not all fit: the check that rejects the
     * rows they are in, instead of letting U+FFFD into the outputs.
     */
    private static Optional<OutputCheck> undecodableRows(Charset encoding, Path raw, String fileName,
                                                         List<String> notes) throws IOException {
        if (!(encoding.equals(StandardCharsets.UTF_8) || encoding.equals(StandardCharsets.US_ASCII))
                || byteOrderMark(raw) != null) {
            return Optional.empty(); // another set (or a byte-order mark's) decodes as it reads
        }
        EncodingScan.Result scan = scanText(raw, fileName);
        if (scan.validUtf8()) {
            return Optional.empty();
        }
        notes.add(String.format(Locale.ROOT, "%d byte sequences are not valid %s (the spec's encoding): the rows"
                + " that hold them are rejected as '%s'", scan.invalidCount(), encoding.name(), EncodingCheck.RULE));
        return Optional.of(new EncodingCheck(scan, encoding, raw));
    }

    /** The {@link EncodingScan} of a file that should be text in a single-byte set or UTF-8; one with a NUL byte is refused. */
    private static EncodingScan.Result scanText(Path raw, String fileName) throws IOException {
        EncodingScan.Result scan = EncodingScan.scan(raw);
        if (scan.firstNul() >= 0) {
            throw new NotText(String.format(Locale.ROOT, "%s is not text: a NUL byte at offset %d (binary data?);"
                    + " nothing was cleaned or loaded", fileName, scan.firstNul()));
        }
        return scan;
    }

    private static Charset byteOrderMark(Path raw) throws IOException {
        try (InputStream in = Files.newInputStream(raw)) {
            return TextEncodings.byteOrderMark(in.readNBytes(4));
        }
    }

    /** How many rejected rows the report shows (all are in the rejected file). */
    public static final int REPORT_REJECTS = 50;

    /** The first rejected rows as the report lists them ({@code rejected_rows}: line, rule, reason, record). */
    public static List<Map<String, Object>> reportRejects(List<RejectedRow> rows) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RejectedRow row : rows.subList(0, Math.min(REPORT_REJECTS, rows.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", row.line());
            m.put("rule", row.rule());
            m.put("reason", row.reason());
            m.put("record", row.record());
            list.add(m);
        }
        return list;
    }

    /**
     * Writes the report's page beside its JSON: one self-contained HTML file with the charts
     * ({@link io.tributary.report.ReportPage}).
     *
     * @param rejectedLink where the rejected rows are, relative to the page (null: nowhere to link)
     */
    public static void writeReportPage(Path json, Path html, String title, String rejectedLink) throws IOException {
        com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                json.toFile());
        Files.writeString(html, io.tributary.report.ReportPage.render(report, title, rejectedLink),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** How many of a text column's most frequent values the report lists (the rest as {@code other}). */
    public static final int TOP_VALUES = 10;

    /**
     * A column's spread, for the report's charts: {@code histogram} {start, width, counts} for
     * numbers, {@code dates} {unit, counts} for dates, {@code top_values} [{value, count}] and
     * {@code other} for the rest.
     */
    private static void distribution(io.tributary.clean.Distribution d, Map<String, Object> col) {
        if (d == null) {
            return;
        }
        io.tributary.clean.Distribution.Histogram h = d.histogram();
        if (h != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", h.start());
            m.put("width", h.width());
            m.put("counts", h.counts());
            col.put("histogram", m);
        }
        io.tributary.clean.Distribution.Dates dates = d.dates();
        if (dates != null) {
            col.put("dates", Map.of("unit", dates.unit(), "counts", dates.counts()));
        }
        List<io.tributary.clean.Distribution.Count> top = d.top(TOP_VALUES);
        if (!top.isEmpty()) {
            List<Map<String, Object>> values = new ArrayList<>();
            for (io.tributary.clean.Distribution.Count c : top) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("value", c.value());
                v.put("count", c.count());
                values.add(v);
            }
            col.put("top_values", values);
            col.put("other", d.otherThan(TOP_VALUES));
            if (d.capped()) {
                col.put("other_includes_values_past", io.tributary.clean.Distribution.VALUES);
            }
        }
    }

    /** Writes the quality report as JSON: {@code context} first (dataset, raw object, outputs), then the report. */
    public static void writeReport(Path target, Map<String, Object> context, Result result) throws IOException {
        CleanReport r = result.report();
        Map<String, Object> json = new LinkedHashMap<>(context);
        json.put("spec", result.inferred() ? "inferred" : result.spec().source());
        json.put("rows_in", r.summary().rowsIn());
        json.put("rows_out", r.summary().rowsOut());
        json.put("dropped", r.summary().dropped());
        json.put("rejected", r.summary().rejected());
        List<Map<String, Object>> columns = new ArrayList<>();
        for (CleanReport.ColumnReport c : r.columns()) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("type", c.type().label());
            col.put("type_from", c.origin());
            if (c.nullsBefore() >= 0) {
                col.put("nulls_before", c.nullsBefore());
            }
            col.put("nulls_after", c.nullsAfter());
            if (c.filled() > 0 || c.fillValue() != null) {
                col.put("filled", c.filled());
                col.put("fill_value", plain(c.fillValue()));
            }
            col.put("min", plain(c.min()));
            col.put("max", plain(c.max()));
            if (c.mean() != null) {
                col.put("mean", c.mean());
            }
            col.put("distinct_estimate", c.distinctEstimate());
            distribution(c.distribution(), col);
            columns.add(col);
        }
        json.put("columns", columns);
        Map<String, Object> outliers = new LinkedHashMap<>();
        r.outliers().forEach((column, o) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", o.method().name().toLowerCase(Locale.ROOT));
            m.put(o.method() == DatasetSpec.OutlierMethod.IQR ? "k" : "threshold", o.threshold());
            m.put("low", o.low());
            m.put("high", o.high());
            m.put("action", o.action().name().toLowerCase(Locale.ROOT));
            m.put("count", o.count());
            outliers.put(column, m);
        });
        json.put("outliers", outliers);
        json.put("encoding", result.spec().format().encoding().name());
        List<String> warnings = new ArrayList<>(result.notes());
        warnings.addAll(r.warnings());
        json.put("warnings", warnings);
        if (result.inferred()) {
            json.put("inferred_spec", result.inferredYaml());
        }
        JSON.writeValue(target.toFile(), json);
    }

    private static Object plain(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        return v.toString();
    }

    /**
     * The format of a file without a spec: by extension, a .json that is not an array is JSON Lines,
     * CSV's separator by count; the character set by byte-order mark, or UTF-16 by its zero bytes
     * (Excel's "Unicode Text"), else UTF-8.
     */
    static Map<String, Object> sniff(Path raw, String fileName) throws IOException {
        String lower = fileName.toLowerCase(Locale.ROOT);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(raw)) {
            bytes = in.readNBytes(64 * 1024);
        }
        Charset encoding = TextEncodings.guess(bytes);
        String head = new String(bytes, encoding).replace("\uFEFF", "");
        Map<String, Object> format = new LinkedHashMap<>();
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
            format.put("type", head.stripLeading().startsWith("[") ? "json" : "jsonl");
            return withEncoding(format, encoding);
        }
        String firstLine = head.lines().findFirst().orElse("");
        char best = ',';
        long bestCount = 0;
        for (char c : new char[]{',', ';', '\t', '|'}) {
            long n = firstLine.chars().filter(ch -> ch == c).count();
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        format.put("type", "csv");
        format.put("delimiter", best == '\t' ? "\\t" : String.valueOf(best));
        return withEncoding(format, encoding);
    }

    private static Map<String, Object> withEncoding(Map<String, Object> format, Charset encoding) {
        if (!encoding.equals(StandardCharsets.UTF_8)) {
            format.put("encoding", encoding.name());
        }
        return format;
    }

    /** A file opened for writing through a 64 KB buffer. */
    public static OutputStream buffered(Path path) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    }
}
