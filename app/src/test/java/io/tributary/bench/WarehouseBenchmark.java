package io.tributary.bench;

import io.tributary.clean.DatasetSpec;
import io.tributary.format.FileCleaning;
import io.tributary.sinks.CleanFile;
import io.tributary.sinks.Sink;
import io.tributary.sinks.Sinks;
import io.tributary.sinks.Target;
import io.tributary.warehouse.PostgresWarehouse;
import io.tributary.warehouse.Staged;
import io.tributary.warehouse.Warehouse;
import io.tributary.warehouse.WarehouseTable;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The warehouse benchmark (not a test): N clean hotel rows loaded into the local warehouse (the
 * PostgreSQL 14 the local stack runs, started here on its own) through the warehouse sink's
 * publish (the staged CSV's SHA-256, the load's transaction: staging table, COPY FROM STDIN,
 * insert, ledger), next to its floor: {@code psql \copy} of the same CSV into an empty table of
 * the same columns on the same server (or, without psql, the same COPY FROM STDIN over JDBC).
 * Both ways alternate, each run into a fresh table. docs/BENCHMARKS.md, "Warehouse loads".
 *
 * <p>Arguments: the hotel sample, the hotel spec, a work directory, rows, runs.
 */
public final class WarehouseBenchmark {

    private WarehouseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path sample = Path.of(args[0]);
        DatasetSpec shipped = DatasetSpec.parse(Files.newInputStream(Path.of(args[1])), args[1], "tributary-");
        Path work = Files.createDirectories(Path.of(args[2]).resolve("warehouse"));
        long rows = Long.parseLong(args[3]);
        int runs = Integer.parseInt(args[4]);
        Path input = Path.of(args[2]).resolve("hotel_bookings_" + rows + ".csv");
        if (!Files.exists(input)) {
            HotelBookingsGenerator.generate(sample, input, rows, 42);
        }
        // the shipped spec, loading the warehouse only (append: hotel bookings have no key)
        Map<String, DatasetSpec.SinkOptions> sinks = new LinkedHashMap<>();
        sinks.put("warehouse", new DatasetSpec.Warehouse("hotel_bookings", true, List.of(), false));
        DatasetSpec spec = new DatasetSpec(shipped.name(), shipped.match(), shipped.format(), shipped.columns(),
                shipped.rows(), shipped.derive(), shipped.duplicates(), new DatasetSpec.Output(List.of(), sinks),
                null, null, shipped.source());
        Sinks writers = new Sinks(CleanFile.local(spec.name(), "hotel_bookings", input.getFileName().toString(), work));
        FileCleaning.clean(spec, spec.name(), input.getFileName().toString(), "tributary-", input,
                work.resolve("rejected.csv"), writers, r -> {
                });
        Path staged = work.resolve("warehouse.csv");
        System.out.printf(Locale.ROOT, "staged %s: %.1f MB%n", staged, Files.size(staged) / 1e6);
        Optional<String> psql = Optional.ofNullable(System.getenv("PSQL")).or(() -> java.util.stream.Stream.of(
                "/usr/bin/psql", "/usr/local/bin/psql").filter(p -> Files.isExecutable(Path.of(p))).findFirst());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(0)
                .setDataDirectory(work.resolve("postgres")).setCleanDataDirectory(true).start()) {
            PostgresWarehouse warehouse = new PostgresWarehouse(postgres.getJdbcUrl("postgres", "postgres"), null, null,
                    "tributary_loads", Clock.systemUTC());
            for (int run = 1; run <= runs; run++) {
                try (Connection c = warehouse.connect(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS hotel_bookings, tributary_loads, floor");
                    s.execute("CHECKPOINT");
                }
                long start = System.nanoTime();
                Target target = new BenchTarget(warehouse);
                for (Sink sink : writers.all()) {
                    sink.publish(target);
                }
                double ours = (System.nanoTime() - start) / 1e9;
                long count = count(warehouse, "hotel_bookings");
                // the floor: the same CSV into an empty table of the same columns
                try (Connection c = warehouse.connect(); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE floor AS SELECT * FROM hotel_bookings"
                            + " LIMIT 0");
                    s.execute("CHECKPOINT");
                }
                start = System.nanoTime();
                String how;
                if (psql.isPresent()) {
                    Process p = new ProcessBuilder(psql.get(), "-h", "127.0.0.1", "-p", Integer.toString(postgres.getPort()),
                            "-U", "postgres", "-q", "-c", "\\copy floor FROM '" + staged + "' WITH (FORMAT csv, HEADER true)")
                            .inheritIO().start();
                    if (p.waitFor() != 0) {
                        throw new IOException("psql failed");
                    }
                    how = "psql \\copy";
                } else {
                    try (Connection c = warehouse.connect(); var in = Files.newInputStream(staged)) {
                        c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(
                                "COPY floor FROM STDIN WITH (FORMAT csv, HEADER true)", in);
                    }
                    how = "COPY FROM STDIN (JDBC; no psql here)";
                }
                double floor = (System.nanoTime() - start) / 1e9;
                long floorCount = count(warehouse, "floor");
                System.out.printf(Locale.ROOT, "run %d: warehouse sink %,d rows in %.2f s = %,.0f rows/s; floor (%s)"
                                + " %,d rows in %.2f s = %,.0f rows/s; ratio %.2f%n", run, count, ours, count / ours, how,
                        floorCount, floor, floorCount / floor, ours / floor);
            }
        }
    }

    private static long count(PostgresWarehouse warehouse, String table) throws Exception {
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Publishes into the warehouse only: nothing to upload (the staged file is read where it is). */
    private static final class BenchTarget extends io.tributary.sinks.NowhereTarget {
        private final Warehouse warehouse;

        BenchTarget(Warehouse warehouse) {
            this.warehouse = warehouse;
        }

        @Override
        public boolean hasWarehouse() {
            return true;
        }

        @Override
        public Warehouse.Loaded loadWarehouse(WarehouseTable table, Staged staged) throws IOException {
            return warehouse.load(table, staged);
        }
    }
}
