package io.tributary.bench;

import io.tributary.clean.CleanSummary;
import io.tributary.clean.DatasetSpec;
import io.tributary.format.FileCleaning;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The JSON Lines benchmark (not a test): the first N lines of the clean JSON Lines that
 * {@link CleanBenchmark} wrote (hotel bookings as typed JSON objects, 34 fields) cleaned as a raw
 * file, once as a file no spec claims (its spec inferred first, as the clean flow does) and once
 * with that inferred spec declared. Prints rows/s and MB/s for both, and the process' peak RSS.
 * Run by the {@code benchmark} profile after {@link CleanBenchmark} (docs/BENCHMARKS.md).
 *
 * <p>Arguments: the clean JSON Lines written by the benchmark, work directory, rows, runs.
 */
public final class JsonLinesBenchmark {

    private JsonLinesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]).resolve("jsonl"));
        long rows = Long.parseLong(args[2]);
        int runs = Integer.parseInt(args[3]);
        Path input = work.resolve("hotel_bookings_" + rows + ".jsonl");
        long written = 0;
        try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null && written < rows; line = in.readLine(), written++) {
                out.write(line);
                out.write('\n');
            }
        }
        double mb = Files.size(input) / 1e6;
        System.out.printf(Locale.ROOT, "input %s: %,d rows, %.1f MB%n", input.getFileName(), written, mb);
        FileCleaning.Outputs out = FileCleaning.Outputs.in(work).withoutItems();
        for (int run = 1; run <= runs; run++) {
            DatasetSpec inferred = clean(null, input, out, mb, run);
            clean(inferred, input, out, mb, run);
        }
    }

    /** Cleans the input with this spec (null: inferred first); the spec used. */
    private static DatasetSpec clean(DatasetSpec spec, Path input, FileCleaning.Outputs out, double mb, int run)
            throws Exception {
        long start = System.nanoTime();
        FileCleaning.Result result = FileCleaning.clean(spec, "hotel_bookings_json", input.getFileName().toString(),
                "tributary-", input, out, null, rejected -> {
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        CleanSummary s = result.report().summary();
        System.out.printf(Locale.ROOT, "run %d, %s: %,d rows in %.2f s = %,.0f rows/s, %.1f MB/s; out %,d;"
                        + " peak RSS so far %d MB%n", run, result.inferred() ? "spec inferred" : "spec declared",
                s.rowsIn(), seconds, s.rowsIn() / seconds, mb / seconds, s.rowsOut(), CleanBenchmark.peakRssMb());
        return result.spec();
    }
}
