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
 * the IQR rule makes the job read the file twice), one pass that also tells every field's value
 * apart (its bytes hashed and looked up in a table of the values its column held before, which a
 * reader that makes values, or a dictionary encoder, does at the least), and writing bytes as
 * many as the job's outputs (the clean CSV and JSON Lines it wrote) through a 64 KB buffer. Run
 * after {@link CleanBenchmark} by the {@code benchmark} profile; docs/BENCHMARKS.md compares them.
 *
 * <p>Arguments: input CSV, the clean CSV and JSON Lines written by the benchmark, scratch directory, runs.
 */
public final class IoFloor {

    private IoFloor() {
    }

    /** Values kept per column: more than a column of codes, categories and dates holds. */
    private static final int SLOTS = 4096;
    /** Values longer than this are not kept (ids, free text): a reader makes them each time. */
    private static final int MAX_KEPT = 24;

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
            long values = valueScan(input, buf);
            double valueScan = (System.nanoTime() - start) / 1e9;
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
            // the statistics pass's scan, the cleaning pass's value scan and the writes, each split
            // perfectly over the 2 cores: the least an engine that looks at every value can take
            double valueFloor = (scan + valueScan + write) / 2;
            System.out.printf(Locale.ROOT, "floor run %d: one boundary scan of the input %.2f s (%,d boundaries);"
                            + " one value scan %.2f s (%,d distinct values kept); writing %.1f MB %.2f s;"
                            + " two scans and the writes on 2 cores: at least %.2f s; a scan, a value scan and the"
                            + " writes: at least %.2f s%n", run,
                    scan, boundaries, valueScan, values, outputBytes / 1e6, write, floor, valueFloor);
        }
    }

    /**
     * One pass that finds every field and tells its value apart: the field's bytes hashed as they
     * are scanned, then looked up (hash, length, bytes) in its column's table of earlier values,
     * and kept there when new and there is room. Unquoted CSV only (the benchmark's input). The
     * number of values kept.
     */
    static long valueScan(Path input, byte[] buf) throws IOException {
        int[][] hashes = new int[256][];
        byte[][][] keys = new byte[256][][];
        long kept = 0;
        int column = 0;
        int hash = 0;
        byte[] field = new byte[MAX_KEPT];
        int length = 0;
        try (InputStream in = Files.newInputStream(input)) {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b != ',' && b != '\n') {
                        hash = 31 * hash + b;
                        if (length < MAX_KEPT) {
                            field[length] = b;
                        }
                        length++;
                        continue;
                    }
                    if (length <= MAX_KEPT && column < hashes.length) {
                        if (hashes[column] == null) {
                            hashes[column] = new int[SLOTS];
                            keys[column] = new byte[SLOTS][];
                        }
                        kept += keep(hashes[column], keys[column], hash, field, length);
                    }
                    hash = 0;
                    length = 0;
                    column = b == '\n' ? 0 : column + 1;
                }
            }
        }
        return kept;
    }

    /** Finds a value in a column's table (linear probing, 8 probes); 1 when it was added, else 0. */
    private static int keep(int[] hashes, byte[][] keys, int hash, byte[] field, int length) {
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        for (int probe = 0; probe < 8; probe++, slot = (slot + 1) & (SLOTS - 1)) {
            byte[] key = keys[slot];
            if (key == null) {
                keys[slot] = java.util.Arrays.copyOf(field, length);
                hashes[slot] = hash;
                return 1;
            }
            if (hashes[slot] == hash && java.util.Arrays.equals(key, 0, key.length, field, 0, length)) {
                return 0;
            }
        }
        return 0;
    }
}
