package io.tributary.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks that a reference engine's clean CSV and JSON Lines hold the cleaning benchmark's rows:
 * byte for byte, or else the same lines in another order (compared as multisets by count and two
 * order-free sums of a 64-bit hash per line). Exits 1 when they differ, so a reference that does
 * other work than the benchmark cannot pass for a faster one.
 *
 * <p>Arguments: the benchmark's output directory, the reference's output directory, its name.
 */
public final class SameOutputs {

    private SameOutputs() {
    }

    public static void main(String[] args) throws IOException {
        Path ours = Path.of(args[0]);
        Path theirs = Path.of(args[1]);
        String engine = args[2];
        boolean same = true;
        for (String file : new String[]{"clean.csv", "clean.jsonl"}) {
            Path a = ours.resolve(file);
            Path b = theirs.resolve(file);
            String verdict;
            if (sameBytes(a, b)) {
                verdict = "byte for byte the same";
            } else if (Arrays.equals(lineDigest(a), lineDigest(b))) {
                verdict = "the same lines in another order";
            } else {
                verdict = "DIFFERENT";
                same = false;
            }
            System.out.printf("%s %s: %s as Tributary's%n", engine, file, verdict);
        }
        if (!same) {
            System.exit(1);
        }
    }

    private static boolean sameBytes(Path a, Path b) throws IOException {
        if (Files.size(a) != Files.size(b)) {
            return false;
        }
        try (InputStream x = Files.newInputStream(a); InputStream y = Files.newInputStream(b)) {
            byte[] bx = new byte[1 << 16];
            byte[] by = new byte[1 << 16];
            int n;
            while ((n = x.readNBytes(bx, 0, bx.length)) > 0) {
                if (y.readNBytes(by, 0, n) != n || !Arrays.equals(bx, 0, n, by, 0, n)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Line count, and the sum and the xor of each line's mixed hash: the same for any order. */
    private static long[] lineDigest(Path file) throws IOException {
        long lines = 0;
        long sum = 0;
        long xor = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long h = 0x9E3779B97F4A7C15L;
                for (int i = 0; i < line.length(); i++) {
                    h = (h ^ line.charAt(i)) * 0x100000001B3L;
                }
                h ^= h >>> 33;
                h *= 0xFF51AFD7ED558CCDL;
                h ^= h >>> 33;
                lines++;
                sum += h;
                xor ^= h * 0xC4CEB9FE1A85EC53L;
            }
        }
        return new long[]{lines, sum, xor};
    }
}
