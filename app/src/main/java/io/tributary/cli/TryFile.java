package io.tributary.cli;

import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetCatalog;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.JsonValue;
import io.tributary.clean.RejectedRow;
import io.tributary.clean.RowSink;
import io.tributary.clean.SpecException;
import io.tributary.format.FileCleaning;
import io.tributary.lake.ParquetLogging;
import io.tributary.sinks.CleanFile;
import io.tributary.sinks.Sinks;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./tributary try FILE [--spec NAME] [--out DIR]}: cleans a local file offline (no
 * emulator, no AWS) with the spec that claims it, or the one named, or an inferred one, into a
 * local folder holding every output the spec declares (the DynamoDB items as the items file that
 * would be loaded), the rejected rows and the report; prints the summary, the first clean rows as a
 * table, the rejected rows with their reasons, and the inferred spec as YAML when there was none.
 */
public final class TryFile {

    static final int ROWS_SHOWN = 10;
    /** A file this big tells how far its clean is, every {@link #PROGRESS_EVERY} (as the pipeline's default). */
    static final long PROGRESS_FROM_BYTES = 4L << 20;
    static final java.time.Duration PROGRESS_EVERY = java.time.Duration.ofSeconds(5);
    static final int REJECTS_SHOWN = 20;

    private TryFile() {
    }

    public static void main(String[] args) {
        ParquetLogging.atInfo();
        System.exit(run(args, Path.of(System.getProperty("tributary.routes-dir", "routes")), System.out, System.err));
    }

    /** Runs the command; the exit code: 0 cleaned, 1 the file or the spec failed, 2 bad arguments. */
    static int run(String[] args, Path routes, PrintStream out, PrintStream err) {
        Path file = null;
        String specName = null;
        Path folder = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spec" -> specName = i + 1 < args.length ? args[++i] : null;
                case "--out" -> folder = i + 1 < args.length ? Path.of(args[++i]) : null;
                default -> file = args[i].startsWith("--") ? null : Path.of(args[i]);
            }
        }
        if (file == null || (specName == null && List.of(args).contains("--spec"))) {
            err.println("usage: ./tributary try FILE [--spec NAME] [--out DIR]");
            return 2;
        }
        if (!Files.isRegularFile(file)) {
            err.println(file + ": no such file");
            return 2;
        }
        try {
            DatasetCatalog catalog = DatasetCatalog.load(routes.resolve("datasets"), "tributary-");
            String fileName = file.getFileName().toString();
            DatasetSpec spec;
            if (specName != null) {
                String wanted = specName;
                spec = catalog.all().stream().filter(s -> s.name().equals(wanted)).findFirst().orElse(null);
                if (spec == null) {
                    err.printf("no spec named %s in %s (there are: %s)%n", specName, routes.resolve("datasets"),
                            catalog.all().stream().map(DatasetSpec::name).collect(Collectors.joining(", ")));
                    return 1;
                }
            } else {
                spec = catalog.forFileName(fileName).orElse(null);
            }
            String dataset = spec != null ? spec.name() : catalog.datasetOf(fileName);
            String stem = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
            if (folder == null) {
                folder = Path.of(".tributary", "try", stem);
            }
            clearOutputs(folder);
            Files.createDirectories(folder);
            out.printf("%s: %s%n", fileName, spec != null ? "spec " + spec.source()
                    : "no spec claims it; inferring one");
            Preview preview = new Preview();
            Sinks sinks = new Sinks(CleanFile.local(dataset, stem, fileName, folder));
            List<RejectedRow> rejected = new ArrayList<>();
            long[] rejectedCount = {0};
            long started = System.nanoTime();
            // a big file tells how far it is on stderr, as the pipeline's log does
            io.tributary.format.Progress progress = new io.tributary.format.Progress();
            FileCleaning.Result result;
            try (io.tributary.format.Progress.Ticker told = Files.size(file) < PROGRESS_FROM_BYTES ? () -> { }
                    : io.tributary.format.Progress.every(PROGRESS_EVERY, "tributary-try-progress", () -> {
                        String line = progress.describe();
                        if (line != null) {
                            err.println(fileName + ": " + line);
                        }
                    })) {
                result = FileCleaning.clean(spec, dataset, fileName, "tributary-", file,
                        folder.resolve("rejected.csv"), sinks.alsoTo(preview), row -> {
                            if (rejectedCount[0]++ < FileCleaning.REPORT_REJECTS) {
                                rejected.add(row);
                            }
                        }, progress);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("dataset", dataset);
            context.put("raw", file.toAbsolutePath().toString());
            context.put("duration_ms", millis);
            context.put("rejected_rows", FileCleaning.reportRejects(rejected));
            FileCleaning.writeReport(folder.resolve("report.json"), context, result);
            FileCleaning.writeReportPage(folder.resolve("report.json"), folder.resolve("report.html"), fileName,
                    rejectedCount[0] > 0 ? "rejected.csv" : null);
            var summary = result.report().summary();
            out.printf(Locale.ROOT, "[%s%s]: rows in %d, out %d, dropped %d%s, rejected %d%s; %.1f s%n", dataset,
                    result.inferred() ? ", inferred spec" : "", summary.rowsIn(), summary.rowsOut(),
                    summary.droppedTotal(), detail(summary.dropped()), summary.rejectedTotal(),
                    detail(summary.rejected()), millis / 1000.0);
            out.println();
            out.printf("First %d clean rows (of %d):%n", Math.min(ROWS_SHOWN, summary.rowsOut()), summary.rowsOut());
            out.print(preview.table());
            if (!rejected.isEmpty()) {
                out.println();
                out.printf("Rejected rows%s:%n", rejectedCount[0] > REJECTS_SHOWN
                        ? String.format(Locale.ROOT, " (the first %d of %d)", REJECTS_SHOWN, rejectedCount[0]) : "");
                for (RejectedRow row : rejected.subList(0, Math.min(REJECTS_SHOWN, rejected.size()))) {
                    out.printf("  line %d [%s]: %s%n", row.line(), row.rule(), row.reason());
                }
            }
            if (result.inferred()) {
                out.println();
                out.printf("Inferred spec (save it as %s and adjust it):%n%n", routes.resolve("datasets")
                        .resolve(dataset + ".yaml"));
                out.println(result.inferredYaml());
            }
            out.println();
            out.printf("Outputs in %s:%n", folder);
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.printf("  %s (%,d bytes)%n", folder.relativize(p), Files.size(p));
                }
            }
            return 0;
        } catch (SpecException | FileCleaning.NotText e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println(file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    /** Removes what an earlier try of the same file left (its outputs, not the folder's other files). */
    private static void clearOutputs(Path folder) throws IOException {
        for (String name : List.of("clean.csv", "clean.jsonl", "items.jsonl", "rejected.csv", "report.json",
                "report.html", "warehouse.csv")) {
            Files.deleteIfExists(folder.resolve(name));
        }
        Path parquet = folder.resolve("parquet");
        if (Files.isDirectory(parquet)) {
            try (Stream<Path> files = Files.walk(parquet)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String detail(Map<String, Long> counts) {
        return counts.isEmpty() ? "" : counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", " (", ")"));
    }

    /** Keeps the first clean rows, as text, for the table. */
    static final class Preview implements RowSink {
        private List<String> columns = List.of();
        private final List<String[]> rows = new ArrayList<>();

        @Override
        public void start(List<String> columns, List<ColumnType> types) {
            this.columns = List.copyOf(columns);
        }

        @Override
        public void accept(long line, int part, Object[] row) {
            if (rows.size() < ROWS_SHOWN) {
                String[] text = new String[columns.size()];
                for (int c = 0; c < text.length; c++) {
                    Object v = row[c];
                    text[c] = v == null ? "" : v instanceof BigDecimal d ? d.toPlainString()
                            : v instanceof JsonValue j ? j.json() : v.toString();
                }
                rows.add(text);
            }
        }

        @Override
        public void close() {
        }

        /** The rows as an aligned table (values cut at 24 characters). */
        String table() {
            if (columns.isEmpty()) {
                return "  (no columns)\n";
            }
            int[] width = new int[columns.size()];
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.min(24, columns.get(c).length());
                for (String[] r : rows) {
                    width[c] = Math.max(width[c], Math.min(24, r[c].length()));
                }
            }
            StringBuilder b = new StringBuilder();
            line(b, columns.toArray(String[]::new), width);
            StringBuilder rule = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
            }
            b.append(rule).append('\n');
            for (String[] r : rows) {
                line(b, r, width);
            }
            return b.toString();
        }

        private static void line(StringBuilder b, String[] values, int[] width) {
            for (int c = 0; c < width.length; c++) {
                String v = values[c].length() > width[c] ? values[c].substring(0, width[c] - 1) + "…" : values[c];
                b.append(c == 0 ? "" : " | ").append(v).append(" ".repeat(width[c] - v.length()));
            }
            b.append('\n');
        }
    }

}
