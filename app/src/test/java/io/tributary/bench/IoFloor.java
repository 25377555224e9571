package io.tributary.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What this machine needs for the cleaning benchmark's bytes alone, with no cleaning at all: one
 * pass over the input that finds every field and line boundary (the least any CSV reader does;
 * the IQR rule makes the job read the file twice), and writing bytes as many as the job's outputs
 * (the clean CSV and JSON Lines it wrote) through a 64 KB buffer. Run after {@link CleanBenchmark}
 * by the {@code benchmark} profile; docs/BENCHMARKS.md compares the two.
 *
 * <p>Arguments: input CSV, the clean CSV and JSON Lines written by the benchmark, scratch directory, runs.
 */
public final class IoFloor {

    private IoFloor() {
    }

    public static void main(String[] args) throws IOException {
        Path input = Path.of(args[0]);
        long outputBytes = Files.size(Path.of(args[1])) + Files.size(Path.of(args[2]));
        Path scratch = Path.of(args[3]).resolve("io-floor.bin");
        int runs = Integer.parseInt(args[4]);
        byte[] buf = new byte[1 << 16];
        for (int run = 1; run <= runs; run++) {
            long start = System.nanoTime();
            long boundaries = 0;
            try (InputStream in = Files.newInputStream(input)) {
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (b == ',' || b == '\n' || b == '"') {
                            boundaries++;
                        }
                    }
                }
            }
            double scan = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            try (OutputStream out = Files.newOutputStream(scratch)) {
                for (long left = outputBytes; left > 0; left -= buf.length) {
                    out.write(buf, 0, (int) Math.min(buf.length, left));
                }
            }
            double write = (System.nanoTime() - start) / 1e9;
            Files.delete(scratch);
            // two scans and the writes, spread perfectly over 2 cores, and never less than the longest of them
            double floor = Math.max(Math.max(2 * scan, write), (2 * scan + write) / 2);
            System.out.printf(Locale.ROOT, "floor run %d: one boundary scan of the input %.2f s (%,d boundaries);"
                            + " writing %.1f MB %.2f s; two scans and the writes on 2 cores: at least %.2f s%n", run,
                    scan, boundaries, outputBytes / 1e6, write, floor);
        }
    }
}
