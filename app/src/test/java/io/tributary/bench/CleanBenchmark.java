package io.tributary.bench;

import io.tributary.clean.CleanSummary;
import io.tributary.clean.DatasetSpec;
import io.tributary.format.FileCleaning;
import io.tributary.sinks.CleanFile;
import io.tributary.sinks.Sinks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Locale;

/**
 * The cleaning benchmark (not a test): generates a hotel-bookings-like CSV of N rows from the real
 * sample, then cleans it with the real hotel spec to the sinks it declares but DynamoDB (CSV, JSON
 * Lines, Parquet partitioned by hotel and year) and the rejected rows, as the clean flow does on its
 * spooled copy, and prints rows/s, MB/s and the process' peak RSS.
 * Run it with {@code ./mvnw -Pbenchmark verify -DskipTests} (docs/BENCHMARKS.md).
 *
 * <p>Arguments: sample CSV, spec YAML, work directory, rows, runs.
 */
public final class CleanBenchmark {

    private CleanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        io.tributary.lake.ParquetLogging.atInfo();
        Path sample = Path.of(args[0]);
        Path specFile = Path.of(args[1]);
        Path work = Path.of(args[2]);
        long rows = Long.parseLong(args[3]);
        int runs = Integer.parseInt(args[4]);
        Files.createDirectories(work);
        Path input = work.resolve("hotel_bookings_" + rows + ".csv");
        if (!Files.exists(input)) {
            System.out.printf(Locale.ROOT, "generating %,d rows into %s%n", rows, input);
            HotelBookingsGenerator.generate(sample, input, rows, 42);
        }
        DatasetSpec spec;
        try (InputStream in = Files.newInputStream(specFile)) {
            spec = DatasetSpec.parse(in, specFile.toString(), "tributary-");
        }
        double mb = Files.size(input) / 1e6;
        System.out.printf(Locale.ROOT, "input %s: %.1f MB; java %s, %d cores, max heap %d MB%n", input.getFileName(),
                mb, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        // first, to show what the lake costs, the runs without Parquet; then the sinks the spec
        // declares, DynamoDB and the warehouse left out (no table here; the warehouse load has a benchmark
        // of its own, WarehouseBenchmark): CSV, JSON Lines, Parquet (their outputs stay, for the references' check)
        Map<String, DatasetSpec.SinkOptions> all = new LinkedHashMap<>(spec.output().sinks());
        all.remove("dynamodb");
        all.remove("warehouse");
        Map<String, DatasetSpec.SinkOptions> noParquet = new LinkedHashMap<>(all);
        noParquet.remove("parquet");
        for (Map<String, DatasetSpec.SinkOptions> sinks : List.of(noParquet, all)) {
            DatasetSpec variant = new DatasetSpec(spec.name(), spec.match(), spec.format(), spec.columns(), spec.rows(),
                    spec.derive(), spec.duplicates(), new DatasetSpec.Output(spec.output().columns(), sinks),
                    spec.export(), spec.api(), spec.source());
            System.out.printf(Locale.ROOT, "outputs: %s%n", String.join(", ", sinks.keySet()));
            for (int run = 1; run <= runs; run++) {
                run(variant, input, work, mb, run);
            }
        }
    }

    private static void run(DatasetSpec spec, Path input, Path work, double mb, int run) throws IOException {
        Path csv = work.resolve("clean.csv");
        Path jsonl = work.resolve("clean.jsonl");
        Path parquet = work.resolve("parquet");
        Path rejected = work.resolve("rejected.csv");
        long deleting = System.nanoTime();
        for (Path previous : new Path[]{csv, jsonl, rejected}) {
            Files.deleteIfExists(previous);
        }
        DuckDbReference.deleteTree(parquet);
        System.out.printf(Locale.ROOT, "deleting the previous outputs: %.2f s%n", (System.nanoTime() - deleting) / 1e9);
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        Sinks writers = new Sinks(CleanFile.local(spec.name(), "hotel_bookings", input.getFileName().toString(), work));
        FileCleaning.Result result = FileCleaning.clean(spec, spec.name(), input.getFileName().toString(),
                "tributary-", input, rejected, writers, r -> {
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        CleanSummary s = result.report().summary();
        long parquetBytes = 0;
        long parquetFiles = 0;
        if (Files.isDirectory(parquet)) {
            try (Stream<Path> files = Files.walk(parquet)) {
                for (Path p : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                    parquetFiles++;
                    parquetBytes += Files.size(p);
                }
            }
        }
        System.out.printf(Locale.ROOT, "run %d: %,d rows in %.2f s = %,.0f rows/s, %.1f MB/s; out %,d, dropped %s,"
                        + " rejected %d; output %.1f MB CSV + %.1f MB JSONL + %.1f MB Parquet (%d files); CPU %.2f s"
                        + " (%.2f cores); peak RSS so far %d MB%n",
                run, s.rowsIn(), seconds, s.rowsIn() / seconds, mb / seconds, s.rowsOut(), s.dropped(),
                s.rejectedTotal(), Files.size(csv) / 1e6, Files.size(jsonl) / 1e6, parquetBytes / 1e6, parquetFiles,
                cpu, cpu / seconds, peakRssMb());
    }

    /** CPU time of the whole process (every thread, the JIT and the GC included), user and system. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** VmHWM of this process (Linux): the peak resident set size. */
    static long peakRssMb() throws IOException {
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
        return status.stream().filter(l -> l.startsWith("VmHWM:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).orElse(-1L);
    }
}
