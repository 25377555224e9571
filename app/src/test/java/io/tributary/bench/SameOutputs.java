package io.tributary.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks that a reference engine's clean CSV and JSON Lines hold the cleaning benchmark's rows:
 * byte for byte, or else the same lines in another order (compared as multisets by count and two
 * order-free sums of a 64-bit hash per line); and, when the reference wrote Parquet, that its
 * partitions hold the same rows (counts and sums per partition, read by DuckDB). Exits 1 when they differ, so a reference that does
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
        if (Files.isDirectory(theirs.resolve("parquet"))) {
            // the lake: the same partitions, with the same row counts and sums in each
            List<String> a = partitionSums(ours.resolve("parquet"));
            List<String> b = partitionSums(theirs.resolve("parquet"));
            boolean sameLake = a.equals(b) && !a.isEmpty();
            System.out.printf("%s parquet: %s as Tributary's (%d partitions: rows, sum(adr), sum(lead_time),"
                    + " count(company) each)%n", engine, sameLake ? "the same rows per partition" : "DIFFERENT", a.size());
            if (!sameLake) {
                System.out.println("Tributary: " + a + "\n" + engine + ": " + b);
                same = false;
            }
        }
        if (!same) {
            System.exit(1);
        }
    }

    /** Per Hive partition of a Parquet folder (read by DuckDB): rows, and sums of two columns, and a count of non-nulls. */
    static List<String> partitionSums(Path folder) {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT hotel, arrival_date_year, count(*), CAST(round(sum(adr), 2) AS DECIMAL(18, 2)),"
                     + " sum(lead_time), count(company) FROM read_parquet('" + folder + "/**/*.parquet',"
                     + " hive_partitioning = true) GROUP BY ALL ORDER BY ALL")) {
            List<String> sums = new ArrayList<>();
            while (rows.next()) {
                sums.add(rows.getString(1) + "/" + rows.getString(2) + ": " + rows.getLong(3) + ", "
                        + rows.getString(4) + ", " + rows.getLong(5) + ", " + rows.getLong(6));
            }
            return sums;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + folder + ": " + e.getMessage(), e);
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
