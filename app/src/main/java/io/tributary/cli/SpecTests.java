package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.clean.DatasetCatalog;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RejectedRow;
import io.tributary.format.FileCleaning;
import io.tributary.format.JsonLinesRowWriter;
import io.tributary.lake.ParquetLogging;
import io.tributary.sinks.CleanFile;
import io.tributary.sinks.Sinks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./tributary test}: runs the spec tests, {@code routes/datasets/<name>.test.yaml}. Each
 * holds input rows as a file would bring them and what the spec must make of them:
 * <pre>
 * spec: hotel_bookings            # default: the file's name before .test.yaml
 * file: hotel_bookings_test.csv   # the name the input is cleaned under (format by extension)
 * input: |
 *   hotel,adults,...
 *   Resort Hotel,2,...
 * expect:
 *   rows:                         # the clean rows, in order; the columns listed are compared
 *     - {hotel: Resort Hotel, total_guests: 2}
 *   rejected:                     # the rejected rows' lines and rules, in order ([] for none)
 *     - {line: 3, rule: type}
 *   dropped: {duplicate: 1}       # counts per rule ({} for none)
 * </pre>
 * Each part of {@code expect} left out is not checked.
 * <pre>
 * </pre>
 * The input is cleaned offline, as {@code ./tributary try} does, with the spec's sinks' own row
 * limits. A difference is reported with the test file, the row and the column.
 */
public final class SpecTests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpecTests() {
    }

    public static void main(String[] args) {
        ParquetLogging.atInfo();
        System.exit(run(Path.of(System.getProperty("tributary.routes-dir", "routes")), System.out));
    }

    /** Runs every spec test under {@code routes/datasets}; 0 when all pass (or there are none), 1 otherwise. */
    public static int run(Path routes, PrintStream out) {
        Path datasets = routes.resolve("datasets");
        List<Path> tests;
        try (Stream<Path> files = Files.list(datasets)) {
            tests = files.filter(p -> p.getFileName().toString().endsWith(".test.yaml")).sorted().toList();
        } catch (IOException e) {
            out.println(datasets + ": " + e.getMessage());
            return 1;
        }
        DatasetCatalog catalog;
        try {
            catalog = DatasetCatalog.load(datasets, "tributary-");
        } catch (RuntimeException e) {
            out.println(e.getMessage());
            return 1;
        }
        int failed = 0;
        for (Path test : tests) {
            List<String> problems = new ArrayList<>();
            String summary;
            try {
                summary = runOne(test, catalog, problems);
            } catch (IOException | RuntimeException e) {
                summary = null;
                problems.add(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            if (problems.isEmpty()) {
                out.printf("PASS %s (%s)%n", datasets.relativize(test), summary);
            } else {
                failed++;
                out.printf("FAIL %s%n", datasets.relativize(test));
                problems.forEach(p -> out.println("  " + p));
            }
        }
        out.printf(Locale.ROOT, "%d spec tests, %d failed%n", tests.size(), failed);
        return failed == 0 ? 0 : 1;
    }

    private static String runOne(Path test, DatasetCatalog catalog, List<String> problems) throws IOException {
        JsonNode root = YAML.readTree(test.toFile());
        String name = test.getFileName().toString().replace(".test.yaml", "");
        String specName = root.path("spec").asText(name);
        DatasetSpec spec = catalog.all().stream().filter(s -> s.name().equals(specName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("spec: no spec named " + specName));
        String fileName = root.path("file").asText(spec.match().get(0).replace("*", "_test"));
        if (!root.path("input").isTextual()) {
            throw new IllegalArgumentException("input: expected the file's text (input: |)");
        }
        Path work = Files.createTempDirectory("tributary-spec-test");
        try {
            Path raw = work.resolve("raw");
            Files.writeString(raw, root.path("input").asText(), StandardCharsets.UTF_8);
            Path rows = work.resolve("rows.jsonl");
            Sinks sinks = new Sinks(CleanFile.local(spec.name(), "test", fileName, work));
            List<RejectedRow> rejected = new ArrayList<>();
            FileCleaning.Result result;
            try (var rowsOut = FileCleaning.buffered(rows)) {
                result = FileCleaning.clean(spec, spec.name(), fileName, "tributary-", raw,
                        work.resolve("rejected.csv"), sinks.alsoTo(new JsonLinesRowWriter(rowsOut)), rejected::add);
            }
            JsonNode expect = root.path("expect");
            compareRows(expect.path("rows"), Files.readAllLines(rows, StandardCharsets.UTF_8), problems);
            compareRejected(expect.path("rejected"), rejected, problems);
            compareDropped(expect.path("dropped"), result.report().summary().dropped(), problems);
            var s = result.report().summary();
            return String.format(Locale.ROOT, "rows in %d, out %d, dropped %d, rejected %d", s.rowsIn(), s.rowsOut(),
                    s.droppedTotal(), s.rejectedTotal());
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void compareRows(JsonNode expected, List<String> actual, List<String> problems) throws IOException {
        if (expected.isMissingNode()) {
            return;
        }
        if (expected.size() != actual.size()) {
            problems.add(String.format(Locale.ROOT, "expect.rows: %d clean rows expected, %d came out", expected.size(),
                    actual.size()));
        }
        for (int r = 0; r < Math.min(expected.size(), actual.size()); r++) {
            JsonNode row = JSON.readTree(actual.get(r));
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.get(r).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode got = row.get(e.getKey());
                if (got == null) {
                    problems.add(String.format(Locale.ROOT, "expect.rows[%d].%s: no such output column (columns: %s)", r,
                            e.getKey(), String.join(", ", fieldNames(row))));
                } else if (!same(e.getValue(), got)) {
                    problems.add(String.format(Locale.ROOT, "expect.rows[%d].%s: expected %s, got %s", r, e.getKey(),
                            e.getValue(), got));
                }
            }
        }
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Equal as the same JSON value; numbers by value ({@code 82} equals {@code 82.0}). */
    static boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.isNull() || actual.isNull()) {
            return expected.isNull() && actual.isNull();
        }
        if (expected.isValueNode() && actual.isValueNode()) {
            return expected.asText().equals(actual.asText());
        }
        return expected.equals(actual);
    }

    private static void compareRejected(JsonNode expected, List<RejectedRow> actual, List<String> problems) {
        if (expected.isMissingNode()) {
            return;
        }
        List<String> want = new ArrayList<>();
        expected.forEach(r -> want.add(r.path("line").asLong() + " " + r.path("rule").asText()));
        List<String> got = actual.stream().map(r -> r.line() + " " + r.rule()).toList();
        if (!want.equals(got)) {
            List<String> reasons = actual.stream().map(r -> "line " + r.line() + " " + r.rule() + ": " + r.reason())
                    .toList();
            problems.add("expect.rejected: expected " + (want.isEmpty() ? "none" : want) + ", got "
                    + (reasons.isEmpty() ? "none" : reasons));
        }
    }

    private static void compareDropped(JsonNode expected, Map<String, Long> actual, List<String> problems) {
        if (expected.isMissingNode()) {
            return;
        }
        Map<String, Long> want = new LinkedHashMap<>();
        expected.fields().forEachRemaining(e -> want.put(e.getKey(), e.getValue().asLong()));
        if (!Set.copyOf(want.entrySet()).equals(Set.copyOf(actual.entrySet()))) {
            problems.add("expect.dropped: expected " + (want.isEmpty() ? "none" : want) + ", got "
                    + (actual.isEmpty() ? "none" : actual));
        }
    }
}
