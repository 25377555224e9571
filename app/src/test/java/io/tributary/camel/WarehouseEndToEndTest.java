package io.tributary.camel;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tributary.warehouse.PostgresWarehouse;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warehouse as a user of local mode gets it: the shipped specs' {@code warehouse} sinks load
 * the local PostgreSQL through the production routes (hotel bookings from their clean rows, user
 * profiles mirrored from their DynamoDB table's change stream and its archive).
 */
@QuarkusTest
@TestProfile(WarehouseEndToEndTest.ProfilesStream.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarehouseEndToEndTest extends PipelineTestSupport {

    /** The user profiles' table is the one whose stream is read; failed files are retried within seconds. */
    public static class ProfilesStream implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // an inbox and spool of its own: no other test's file reaches this application's tables
            return Map.of("tributary.changes.tables", PROFILES_TABLE, "tributary.retry-failed-after", "2s",
                    "tributary.archive.buffer-interval", "1s", "tributary.inbox.dir", "target/test-inbox-warehouse",
                    "tributary.spool-dir", "target/spool-warehouse");
        }
    }

    static final String PROFILES_TABLE = "tributary-user-profiles";

    @Inject
    Warehouses warehouses;
    @Inject
    CamelContext camel;
    @Inject
    ChangeStreams changeStreams;
    @Inject
    StreamArchive streamArchive;

    private Connection connect() throws SQLException {
        return ((PostgresWarehouse) warehouses.warehouse().orElseThrow()).connect();
    }

    private List<String> rows(String sql) throws SQLException {
        try (Connection c = connect()) {
            return io.tributary.warehouse.PostgresWarehouseTest.rows(c, sql);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    @Order(1)
    void aRowTheTableRefusesFailsTheFileNamingTheStagedObjectAndRowAndTheFixedTableGetsItOnTheRetry() throws Exception {
        // someone made the table before, with a hotel name too short for "Resort Hotel"
        execute("CREATE TABLE hotel_bookings (hotel VARCHAR(10))");
        List<String> lines = Files.readAllLines(HotelBookingsEndToEndTest.HOTEL, StandardCharsets.UTF_8);
        String small = String.join("\n", lines.subList(0, 21)) + "\n";
        String key = "raw/hotel_bookings/hotel_bookings_small.csv";
        s3.putObject(p -> p.bucket(config.bucket()).key(key), RequestBody.fromString(small));
        Map<String, AttributeValue> failed = awaitOutcome(key, Duration.ofSeconds(120));
        assertEquals("failed", failed.get("status").s());
        String reason = failed.get("reason").s();
        assertTrue(reason.contains("staging/hotel_bookings/hotel_bookings_small-") && reason.contains(".csv into"
                + " \"public\".\"hotel_bookings\" failed at line 2, column hotel (\"Resort Hotel\"): value too long for"
                + " type character varying(10); the table is as it was"), reason);
        assertEquals(List.of("0"), rows("SELECT COUNT(*) FROM hotel_bookings"));
        assertEquals(List.of("null"), rows("SELECT to_regclass('tributary_loads')"));

        execute("DROP TABLE hotel_bookings");   // the fix: the table is made again from the spec's types
        Map<String, AttributeValue> cleaned = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> awaitOutcome(key, Duration.ofSeconds(60)), i -> "cleaned".equals(i.get("status").s()));
        assertEquals(cleaned.get("rows_out").n(), rows("SELECT COUNT(*) FROM hotel_bookings").get(0));
        execute("DROP TABLE hotel_bookings");
        execute("DELETE FROM tributary_loads");
    }

    @Test
    @Order(2)
    void theHotelSampleLandsInHotelBookingsWithTheCleanTypesOnceEvenWhenCleanedAgain() throws Exception {
        String key = "raw/hotel_bookings/hotel_bookings.csv";
        s3.putObject(p -> p.bucket(config.bucket()).key(key), RequestBody.fromFile(HotelBookingsEndToEndTest.HOTEL));
        Map<String, AttributeValue> state = awaitCleaned(key);
        assertEquals("10090", state.get("rows_out").n());
        assertEquals(List.of("10090"), rows("SELECT COUNT(*) FROM hotel_bookings"));
        Map<String, String> types = new TreeMap<>();
        rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'hotel_bookings'")
                .forEach(r -> types.put(r.split("\\|")[0], r.split("\\|")[1]));
        assertEquals("integer", types.get("adults"));
        assertEquals("double precision", types.get("adr"));
        assertEquals("date", types.get("arrival_date"));
        assertEquals("date", types.get("reservation_status_date"));
        assertEquals("text", types.get("hotel"));
        assertEquals("integer", types.get("total_guests"));
        assertEquals(List.of("0"), rows("SELECT COUNT(*) FROM hotel_bookings WHERE company IS NULL"), "filled with 0");
        assertEquals(List.of("0"), rows("SELECT COUNT(*) FROM hotel_bookings WHERE adults = 0 AND children = 0 AND babies = 0"));
        // the same rows as the clean CSV, column for column (a sum over the clean file and over the table)
        List<String> clean = lines(config.cleanPrefix() + "hotel_bookings/hotel_bookings.csv");
        int adr = List.of(clean.get(0).split(",")).indexOf("adr");
        double adrSum = clean.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",", -1)[adr])).sum();
        assertEquals(adrSum, Double.parseDouble(rows("SELECT SUM(adr) FROM hotel_bookings").get(0)), 1e-6);

        // cleaned again (a replayed S3 event): the ledger has the staged object, nothing twice
        camel.createProducerTemplate().sendBody("direct:clean-object", new ObjectCreated(config.bucket(), key,
                Files.size(HotelBookingsEndToEndTest.HOTEL), state.get("etag").s()));
        assertEquals(List.of("10090"), rows("SELECT COUNT(*) FROM hotel_bookings"));
        assertEquals(List.of("1"), rows("SELECT COUNT(*) FROM tributary_loads WHERE target_table = 'hotel_bookings'"));
    }

    /** The DynamoDB table and the mirror, each row as id → its attributes' text, side by side. */
    private void assertMirrorEqualsTheTable() throws SQLException {
        Map<Long, String> table = new TreeMap<>();
        dynamodb.scanPaginator(s -> s.tableName(PROFILES_TABLE)).items().forEach(i -> table.put(
                Long.parseLong(i.get("id").n()), String.join("|", i.get("name").s(), i.get("email").s(),
                        i.get("phone_number").s(), Instant.parse(i.get("created_at").s()).toString(), i.get("age").n(),
                        i.get("address").s())));
        Map<Long, String> mirror = new TreeMap<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT id, name, email, phone_number, created_at, age, address FROM user_profiles")) {
            while (r.next()) {
                String previous = mirror.put(r.getLong(1), String.join("|", r.getString(2), r.getString(3),
                        r.getString(4), r.getTimestamp(5).toLocalDateTime().toInstant(java.time.ZoneOffset.UTC).toString(),
                        r.getString(6), r.getString(7)));
                assertEquals(null, previous, "id " + r.getLong(1) + " twice in the mirror");
            }
        }
        assertEquals(table, mirror);
    }

    private long mirrorCount() throws SQLException {
        if (rows("SELECT to_regclass('user_profiles')").get(0).equals("null")) {
            return -1;
        }
        return Long.parseLong(rows("SELECT COUNT(*) FROM user_profiles").get(0));
    }

    @Test
    @Order(3)
    void aThousandChangesLeaveTheMirrorEqualToTheDynamoDbTableRowForRow() throws Exception {
        aThousandChanges(PROFILES_TABLE, 200);                     // 500 INSERT, 300 MODIFY, 200 REMOVE
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> mirrorCount() == 300 && rows("SELECT COUNT(*) FROM user_profiles WHERE age = 200").equals(List.of("300")));
        assertMirrorEqualsTheTable();
        assertEquals(List.of("200"), rows("SELECT COUNT(*) FROM user_profiles_removed"));
    }

    @Test
    @Order(4)
    void stoppedMidRunAndStartedFromTheCheckpointsTheMirrorIsStillEqualWithNothingTwice() throws Exception {
        Thread writer = new Thread(() -> {
            for (long id = 1001; id <= 1300; id++) {
                insert(PROFILES_TABLE, id);
                if (id % 3 == 0) {
                    final long key = id - 1;
                    dynamodb.deleteItem(d -> d.tableName(PROFILES_TABLE).key(Map.of("id",
                            AttributeValue.fromN(Long.toString(key)))));
                }
            }
        });
        writer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !rows("SELECT id FROM user_profiles WHERE id > 1000 LIMIT 1").isEmpty());
        // a restart: the consumers stop mid-run and forget everything they held; the archive is read
        // again from its checkpoint, so objects already applied are written and applied again
        restartTheStreamConsumers(camel, changeStreams, streamArchive);
        writer.join();
        long expected = dynamodb.scanPaginator(s -> s.tableName(PROFILES_TABLE)).items().stream().count();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> mirrorCount() == expected && rows("SELECT COUNT(*) FROM user_profiles WHERE id = 1300").equals(List.of("1")));
        assertMirrorEqualsTheTable();
    }
}
