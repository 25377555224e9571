package io.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A reference for the cleaning benchmark, not part of Tributary: DuckDB (a vectorized, columnar
 * C++ engine) doing the cleaning of {@code routes/datasets/hotel_bookings.yaml} on the same input
 * with both cores, written by hand as SQL: the declared types and null tokens, the {@code company}
 * fill, the {@code adr} IQR clamp on the file's quartiles, the {@code no_guests} rule, the two
 * derived columns and exact duplicates, then the clean CSV and JSON Lines, and the Parquet lake
 * partitioned as the spec says ({@code COPY ... (FORMAT parquet, PARTITION_BY ...)}). Its rows come out in
 * another order; {@link SameOutputs} checks they are the benchmark's rows. Run by the
 * {@code benchmark} profile, which alone puts the DuckDB JDBC driver on the classpath.
 *
 * <p>Arguments: input CSV, output directory, runs.
 */
public final class DuckDbReference {

    private DuckDbReference() {
    }

    private static final String INPUT_COLUMNS = """
            {'hotel': 'VARCHAR', 'is_canceled': 'INTEGER', 'lead_time': 'INTEGER', 'arrival_date_year': 'INTEGER',
             'arrival_date_month': 'VARCHAR', 'arrival_date_week_number': 'INTEGER', 'arrival_date_day_of_month': 'INTEGER',
             'stays_in_weekend_nights': 'INTEGER', 'stays_in_week_nights': 'INTEGER', 'adults': 'INTEGER',
             'children': 'INTEGER', 'babies': 'INTEGER', 'meal': 'VARCHAR', 'country': 'VARCHAR',
             'market_segment': 'VARCHAR', 'distribution_channel': 'VARCHAR', 'is_repeated_guest': 'INTEGER',
             'previous_cancellations': 'INTEGER', 'previous_bookings_not_canceled': 'INTEGER',
             'reserved_room_type': 'VARCHAR', 'assigned_room_type': 'VARCHAR', 'booking_changes': 'INTEGER',
             'deposit_type': 'VARCHAR', 'agent': 'INTEGER', 'company': 'INTEGER', 'days_in_waiting_list': 'INTEGER',
             'customer_type': 'VARCHAR', 'adr': 'DOUBLE', 'required_car_parking_spaces': 'INTEGER',
             'total_of_special_requests': 'INTEGER', 'reservation_status': 'VARCHAR', 'reservation_status_date': 'VARCHAR'}""";

    /** The spec's rules; {@code %s} is the input file. */
    private static final String CLEAN = """
            CREATE OR REPLACE TEMP TABLE clean AS
            WITH raw AS (
              SELECT * FROM read_csv('%s', header = true, auto_detect = false,
                                     nullstr = ['NULL', 'NA', ''], columns = %s)),
            quartiles AS (SELECT quantile_cont(adr, 0.25) AS q1, quantile_cont(adr, 0.75) AS q3 FROM raw),
            bounds AS (SELECT q1 - 3 * (q3 - q1) AS low, q3 + 3 * (q3 - q1) AS high FROM quartiles)
            SELECT DISTINCT raw.* REPLACE (
                     coalesce(company, 0) AS company,
                     greatest(least(adr, (SELECT high FROM bounds)), (SELECT low FROM bounds)) AS adr,
                     strptime(reservation_status_date, '%%m/%%d/%%Y')::DATE AS reservation_status_date),
                   make_date(arrival_date_year, month(strptime(arrival_date_month, '%%B')),
                             arrival_date_day_of_month) AS arrival_date,
                   adults + coalesce(children, 0) + babies AS total_guests
            FROM raw
            WHERE NOT (adults = 0 AND coalesce(children, 0) = 0 AND babies = 0)""";

    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        int runs = Integer.parseInt(args[2]);
        Files.createDirectories(out);
        Path csv = out.resolve("clean.csv");
        Path jsonl = out.resolve("clean.jsonl");
        Path parquet = out.resolve("parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = db.createStatement()) {
            DatabaseMetaData meta = db.getMetaData();
            int threads = Runtime.getRuntime().availableProcessors();
            sql.execute("SET threads = " + threads);
            // rows in any order, as SELECT DISTINCT gives them: the engine's fastest setting
            sql.execute("SET preserve_insertion_order = false");
            System.out.printf(Locale.ROOT, "%s %s, %d threads%n", meta.getDatabaseProductName(),
                    meta.getDatabaseProductVersion(), threads);
            long rowsIn = count(sql, "SELECT count(*) FROM read_csv('" + input + "', header = true, columns = "
                    + INPUT_COLUMNS + ")");
            for (int run = 1; run <= runs; run++) {
                Files.deleteIfExists(csv);
                Files.deleteIfExists(jsonl);
                deleteTree(parquet);
                long start = System.nanoTime();
                long cpuStart = CleanBenchmark.processCpuNanos();
                sql.execute(String.format(Locale.ROOT, CLEAN, input, INPUT_COLUMNS));
                long cleaned = System.nanoTime();
                sql.execute("COPY clean TO '" + csv + "' (FORMAT csv, HEADER true)");
                long csvWritten = System.nanoTime();
                sql.execute("COPY clean TO '" + jsonl + "' (FORMAT json)");
                long jsonlWritten = System.nanoTime();
                // the lake, as the spec declares it: Snappy Parquet partitioned by hotel and year
                sql.execute("COPY clean TO '" + parquet + "' (FORMAT parquet, COMPRESSION snappy,"
                        + " PARTITION_BY (hotel, arrival_date_year))");
                long end = System.nanoTime();
                double seconds = (end - start) / 1e9;
                double cpu = (CleanBenchmark.processCpuNanos() - cpuStart) / 1e9;
                System.out.printf(Locale.ROOT, "duckdb run %d: %,d rows in %.2f s = %,.0f rows/s; read and clean %.2f s,"
                                + " CSV %.2f s, JSON Lines %.2f s, Parquet %.2f s; out %,d; CPU %.2f s (%.2f cores);"
                                + " peak RSS so far %d MB%n",
                        run, rowsIn, seconds, rowsIn / seconds,
                        (cleaned - start) / 1e9, (csvWritten - cleaned) / 1e9, (jsonlWritten - csvWritten) / 1e9,
                        (end - jsonlWritten) / 1e9,
                        count(sql, "SELECT count(*) FROM clean"), cpu, cpu / seconds, CleanBenchmark.peakRssMb());
            }
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
