package io.tributary.warehouse;

import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The load semantics against a real PostgreSQL 14 (the local stack's server, started here on its
 * own): upsert and append, exactly once by the ledger, a refused row, a load cut off mid-COPY, and
 * changes applied in stream order per key.
 */
public class PostgresWarehouseTest {

    private static EmbeddedPostgres postgres;
    private PostgresWarehouse warehouse;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().setPort(0).start();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void clean() throws SQLException {
        warehouse = new PostgresWarehouse(postgres.getJdbcUrl("postgres", "postgres"), null, null, "tributary_loads",
                Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));
        try (Connection c = warehouse.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS t CASCADE");
            s.execute("CREATE SCHEMA t");
        }
    }

    private static WarehouseTable.Column column(String name, ColumnType type) {
        return new WarehouseTable.Column(name, type, type == ColumnType.DECIMAL ? new DatasetSpec.Decimal(10, 2) : null);
    }

    private static final List<WarehouseTable.Column> BOOKINGS = List.of(column("id", ColumnType.LONG),
            column("hotel", ColumnType.STRING), column("adr", ColumnType.DECIMAL), column("arrival", ColumnType.DATE),
            column("booked_at", ColumnType.TIMESTAMP), column("canceled", ColumnType.BOOLEAN));

    private static WarehouseTable bookings(WarehouseTable.Mode mode) {
        return new WarehouseTable("t", "bookings", BOOKINGS, mode == WarehouseTable.Mode.APPEND ? List.of() : List.of("id"),
                mode, null);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Staged csv(String uri, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new Staged(uri, sha256(bytes), Staged.Format.CSV, () -> new ByteArrayInputStream(bytes));
    }

    private static final String HEADER = "id,hotel,adr,arrival,booked_at,canceled,tributary_row\n";

    private List<String> rows(String sql) throws SQLException {
        try (Connection c = warehouse.connect()) {
            return rows(c, sql);
        }
    }

    /** A query's rows, each its values' text joined by {@code |} (null as {@code null}). */
    public static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(r.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    /** The rows of a table; 0 when it does not exist (made in a transaction rolled back). */
    private long count(String table) throws SQLException {
        if (rows("SELECT to_regclass('" + table + "')").get(0).equals("null")) {
            return 0;
        }
        return Long.parseLong(rows("SELECT COUNT(*) FROM " + table).get(0));
    }

    @Test
    void anUpsertKeepsTheLastRowOfEachKeyTypedAsTheSpecAndAReplayChangesNothing() throws Exception {
        Staged first = csv("s3://b/staging/bookings/a-1.csv", HEADER
                + "1,City Hotel,10.50,2016-07-01,2016-06-01T10:15:30Z,false,1\n"
                + "2,Resort Hotel,,2016-07-02,,true,2\n"
                + "1,City Hotel,12.00,2016-07-01,2016-06-01T10:15:30Z,true,3\n");
        Warehouse.Loaded loaded = warehouse.load(bookings(WarehouseTable.Mode.UPSERT), first);
        assertEquals(new Warehouse.Loaded(3, false), loaded);
        assertEquals(List.of("1|City Hotel|12.00|2016-07-01|2016-06-01 10:15:30|t", "2|Resort Hotel|null|2016-07-02|null|t"),
                rows("SELECT * FROM t.bookings ORDER BY id"));
        assertEquals(List.of("id|bigint", "hotel|text", "adr|numeric", "arrival|date",
                "booked_at|timestamp without time zone", "canceled|boolean"), rows("SELECT column_name, data_type FROM"
                + " information_schema.columns WHERE table_schema = 't' AND table_name = 'bookings' ORDER BY ordinal_position"));

        assertEquals(new Warehouse.Loaded(0, true), warehouse.load(bookings(WarehouseTable.Mode.UPSERT), first),
                "the same content of the same object: the ledger has it");
        Staged second = csv("s3://b/staging/bookings/b-1.csv", HEADER
                + "2,Resort Hotel,99.99,2016-07-02,,false,1\n3,City Hotel,1.00,2016-08-01,,false,2\n");
        warehouse.load(bookings(WarehouseTable.Mode.UPSERT), second);
        assertEquals(List.of("1|12.00|t", "2|99.99|f", "3|1.00|f"), rows("SELECT id, adr, canceled FROM t.bookings ORDER BY id"));
        assertEquals(List.of("s3://b/staging/bookings/a-1.csv|bookings|3|2026-12-04 10:00:00",
                "s3://b/staging/bookings/b-1.csv|bookings|2|2026-12-04 10:00:00"),
                rows("SELECT object, target_table, rows, loaded_at FROM t.tributary_loads ORDER BY object"));
    }

    @Test
    void anAppendAddsEveryRowOnceAndNewContentOfTheSameObjectAgain() throws Exception {
        WarehouseTable table = bookings(WarehouseTable.Mode.APPEND);
        // an append's staged rows carry no order; on PostgreSQL they are COPYed into the table itself
        String header = "id,hotel,adr,arrival,booked_at,canceled\n";
        Staged staged = csv("s3://b/staging/bookings/a-1.csv", header + "1,A,,,,\n1,A,,,,\n");
        assertEquals(new Warehouse.Loaded(2, false), warehouse.load(table, staged));
        assertEquals(new Warehouse.Loaded(0, true), warehouse.load(table, staged));
        assertEquals(List.of("2"), rows("SELECT COUNT(*) FROM t.bookings"));
        warehouse.load(table, csv("s3://b/staging/bookings/a-1.csv", header + "5,B,,,,\n"));
        assertEquals(List.of("1", "1", "5"), rows("SELECT id FROM t.bookings ORDER BY id"));
    }

    @Test
    void theStagedBytesAreSentFromHereSoTheirProgressIsTheLoads() throws Exception {
        assertTrue(warehouse.sendsBytes());
        StringBuilder text = new StringBuilder("id,hotel,adr,arrival,booked_at,canceled,tributary_row\n");
        for (int i = 0; i < 20_000; i++) {
            text.append(i).append(",City Hotel,").append(i % 300).append(".25,2016-07-01,,false,").append(i).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Staged staged = new Staged("s3://b/staging/bookings/progress.csv", sha256(bytes), Staged.Format.CSV,
                () -> new ByteArrayInputStream(bytes), bytes.length);
        io.tributary.format.Progress progress = new io.tributary.format.Progress();
        progress.begin("loading the warehouse table t.bookings", staged.size(), io.tributary.format.Progress.Unit.BYTES);
        Warehouse.Loaded loaded = warehouse.load(bookings(WarehouseTable.Mode.UPSERT),
                staged.reading(() -> progress.counting(staged.bytes().open())));
        assertEquals(20_000, loaded.rows());
        assertEquals(bytes.length, progress.done(), "every byte went through the counted stream");
        assertTrue(progress.describe().startsWith("loading the warehouse table t.bookings: "), progress.describe());
    }

    @Test
    void twoLoadsOfTheSameObjectAtOnceAddItsRowsOnce() throws Exception {
        WarehouseTable table = bookings(WarehouseTable.Mode.APPEND);
        StringBuilder text = new StringBuilder("id,hotel,adr,arrival,booked_at,canceled\n");
        for (int i = 1; i <= 20000; i++) {
            text.append(i).append(",City Hotel,1.00,2016-07-01,,false\n");
        }
        Staged staged = csv("s3://b/staging/bookings/twice.csv", text.toString());
        warehouse.load(table, csv("s3://b/staging/bookings/first.csv", "id,hotel,adr,arrival,booked_at,canceled\n"));
        List<Warehouse.Loaded> results = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                try {
                    results.add(warehouse.load(table, staged));
                } catch (WarehouseException e) {
                    throw new RuntimeException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(java.util.Set.of(new Warehouse.Loaded(20000, false), new Warehouse.Loaded(0, true)),
                java.util.Set.copyOf(results));
        assertEquals(List.of("20000"), rows("SELECT COUNT(*) FROM t.bookings"));
    }

    @Test
    void aRowTheTablesTypesRefuseFailsNamingTheObjectTheLineAndTheColumnAndTheTableIsAsItWas() throws Exception {
        try (Connection c = warehouse.connect(); Statement s = c.createStatement()) {
            // a table someone made narrower than the clean types
            s.execute("CREATE TABLE t.bookings (id BIGINT, hotel VARCHAR(5), adr DECIMAL(10,2), arrival DATE,"
                    + " booked_at TIMESTAMP, canceled BOOLEAN)");
            s.execute("INSERT INTO t.bookings (id, hotel) VALUES (7, 'Old')");
        }
        Staged staged = csv("s3://b/staging/bookings/bad-1.csv", HEADER + "1,City,,,,,1\n2,Resort Hotel,,,,,2\n");
        WarehouseException e = assertThrows(WarehouseException.class,
                () -> warehouse.load(bookings(WarehouseTable.Mode.UPSERT), staged));
        assertEquals("loading s3://b/staging/bookings/bad-1.csv into \"t\".\"bookings\" failed at line 3, column hotel"
                + " (\"Resort Hotel\"): value too long for type character varying(5); the table is as it was", e.getMessage());
        assertEquals(List.of("7|Old"), rows("SELECT id, hotel FROM t.bookings"));
        assertEquals(0, count("t.tributary_loads"));
    }

    /** Bytes that stop half-way until released: a COPY in flight. */
    private static final class HalfThenWait extends InputStream {
        final byte[] bytes;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        int at;

        HalfThenWait(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            if (at == bytes.length / 2) {
                reached.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }
    }

    @Test
    void aLoadCutOffInTheMiddleOfItsCopyLeavesNothingAndTheRetryLoadsItOnce() throws Exception {
        StringBuilder text = new StringBuilder(HEADER);
        for (int i = 1; i <= 5000; i++) {
            text.append(i).append(",City Hotel,1.00,2016-07-01,,false,").append(i).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        String sha = sha256(bytes);
        WarehouseTable table = bookings(WarehouseTable.Mode.UPSERT);
        warehouse.load(table, csv("s3://b/staging/bookings/first.csv", HEADER + "1,Before,,,,,1\n"));
        HalfThenWait stream = new HalfThenWait(bytes);
        Staged cut = new Staged("s3://b/staging/bookings/big.csv", sha, Staged.Format.CSV, () -> stream);
        Thread killer = new Thread(() -> {
            try {
                stream.reached.await(30, TimeUnit.SECONDS);
                // the server ends the loading session, as a crash of Tributary or a dropped connection would
                rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'COPY tributary_stage%'");
            } catch (Exception e) {
                throw new RuntimeException(e);
            } finally {
                stream.release.countDown();
            }
        });
        killer.start();
        assertThrows(WarehouseException.class, () -> warehouse.load(table, cut));
        killer.join();
        assertEquals(List.of("1|Before"), rows("SELECT id, hotel FROM t.bookings"), "the table as it was");
        assertEquals(List.of("1"), rows("SELECT COUNT(*) FROM t.tributary_loads"));

        Staged again = new Staged(cut.uri(), sha, Staged.Format.CSV, () -> new ByteArrayInputStream(bytes));
        assertEquals(new Warehouse.Loaded(5000, false), warehouse.load(table, again));
        assertEquals(new Warehouse.Loaded(0, true), warehouse.load(table, again));
        assertEquals(List.of("5000|5000"), rows("SELECT COUNT(*), COUNT(DISTINCT id) FROM t.bookings"));
    }

    private static Staged changes(String uri, String... lines) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = gz.toByteArray();
        return new Staged(uri, sha256(bytes), Staged.Format.CHANGES, () -> new ByteArrayInputStream(bytes));
    }

    private static String change(String type, long sequence, String table, String image) {
        return "{" + image + (image.isEmpty() ? "" : ",") + "\"change_type\":\"" + type + "\",\"change_sequence\":\""
                + sequence + "\",\"change_table\":\"" + table + "\",\"changed_at\":null}";
    }

    private static final WarehouseTable PROFILES = new WarehouseTable("t", "profiles", List.of(
            column("id", ColumnType.LONG), column("name", ColumnType.STRING), column("age", ColumnType.INT),
            column("address", ColumnType.JSON)), List.of("id"), WarehouseTable.Mode.CHANGES, "ddb-profiles");

    @Test
    void changesApplyInStreamOrderPerKeyAndAnOlderChangeArrivingLaterChangesNothing() throws Exception {
        warehouse.load(PROFILES, changes("s3://b/archive/1.jsonl.gz",
                change("INSERT", 10, "ddb-profiles", "\"id\":1,\"name\":\"Ana\",\"age\":30,\"address\":{\"city\":\"Porto\"}"),
                change("INSERT", 11, "ddb-profiles", "\"id\":2,\"name\":\"Bo\",\"age\":40"),
                change("INSERT", 12, "other-table", "\"id\":3,\"name\":\"Elsewhere\""),
                change("MODIFY", 13, "ddb-profiles", "\"id\":1,\"name\":\"Ana\",\"age\":31,\"extra\":true"),
                change("INSERT", 14, "ddb-profiles", "\"id\":4,\"name\":\"Di\""),
                change("REMOVE", 15, "ddb-profiles", "\"id\":4")));
        assertEquals(List.of("1|Ana|31|null|13", "2|Bo|40|null|11"),
                rows("SELECT id, name, age, address, change_sequence FROM t.profiles ORDER BY id"));
        assertEquals(List.of("4|15"), rows("SELECT id, change_sequence FROM t.profiles_removed"));

        // another shard's object, written later, with older changes of the same items: ignored
        warehouse.load(PROFILES, changes("s3://b/archive/0.jsonl.gz",
                change("MODIFY", 12, "ddb-profiles", "\"id\":1,\"name\":\"Stale\",\"age\":1"),
                change("INSERT", 9, "ddb-profiles", "\"id\":4,\"name\":\"Back from the dead\""),
                change("REMOVE", 20, "ddb-profiles", "\"id\":2"),
                change("INSERT", 21, "ddb-profiles", "\"id\":5,\"name\":\"Eve\",\"address\":{\"city\":\"Faro\"}")));
        assertEquals(List.of("1|Ana|31|13", "5|Eve|null|21"), rows("SELECT id, name, age, change_sequence FROM t.profiles ORDER BY id"));
        assertEquals(List.of("{\"city\": \"Faro\"}"), rows("SELECT address FROM t.profiles WHERE id = 5"));
        assertEquals(List.of("2|20", "4|15"), rows("SELECT id, change_sequence FROM t.profiles_removed ORDER BY id"));

        // a re-insert after a remove brings the item back
        warehouse.load(PROFILES, changes("s3://b/archive/2.jsonl.gz", change("INSERT", 30, "ddb-profiles", "\"id\":2,\"name\":\"Bo again\"")));
        assertEquals(List.of("1|Ana", "2|Bo again", "5|Eve"), rows("SELECT id, name FROM t.profiles ORDER BY id"));
        assertEquals(List.of("4"), rows("SELECT id FROM t.profiles_removed"));
    }

    @Test
    void anArchiveThatDoesNotHoldChangesIsRefusedSayingWhichTransformMirrorsNeed() throws Exception {
        Staged inserts = changes("s3://b/archive/x.jsonl.gz", "{\"id\":1,\"name\":\"Ana\"}");
        WarehouseException e = assertThrows(WarehouseException.class, () -> warehouse.load(PROFILES, inserts));
        assertEquals("s3://b/archive/x.jsonl.gz line 1: not a change (no change_type and change_sequence): a table"
                + " mirrors the change stream when the archive-stream flow's transform is changes-as-rows", e.getMessage());
        assertEquals(0, count("t.profiles"));
        assertEquals(0, count("t.tributary_loads"));
    }

    @Test
    void aChangeValueTheMirrorsTypeRefusesNamesTheArchiveLine() throws Exception {
        Staged staged = changes("s3://b/archive/y.jsonl.gz",
                change("INSERT", 1, "ddb-profiles", "\"id\":1,\"age\":30"),
                change("INSERT", 2, "other-table", "\"id\":9,\"age\":\"x\""),
                change("INSERT", 3, "ddb-profiles", "\"id\":2,\"age\":\"thirty\""));
        WarehouseException e = assertThrows(WarehouseException.class, () -> warehouse.load(PROFILES, staged));
        assertEquals("loading s3://b/archive/y.jsonl.gz into \"t\".\"profiles\" failed at line 3, column age (\"thirty\"):"
                + " invalid input syntax for type integer: \"thirty\"; the table is as it was", e.getMessage());
    }
}
