package io.tributary.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;
import io.tributary.warehouse.Staged;
import io.tributary.warehouse.Warehouse;
import io.tributary.warehouse.WarehouseException;
import io.tributary.warehouse.WarehouseTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Tributary asks of the Redshift Data API for a load, checked statement by statement. There is
 * no Redshift here: a small HTTP server records each call and answers as the API reference says.
 * The statements other than the COPY are the very text PostgresWarehouseTest runs on a real
 * PostgreSQL (LoadStatements), so their behaviour is tested there.
 */
class RedshiftWarehouseTest {
    private FakeJsonApi api;
    private final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = new FakeJsonApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private RedshiftWarehouse warehouse(String workgroup, String cluster, String role) {
        return new RedshiftWarehouse(api.client("eu-west-1", "redshift-data", "RedshiftData"),
                new RedshiftWarehouse.Settings(workgroup, cluster, "dev", cluster == null ? null : "loader",
                        workgroup == null ? null : "arn:aws:secretsmanager:eu-west-1:1:secret:wh", role, "tributary_loads",
                        Duration.ofMinutes(15)),
                Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC), waits::add);
    }

    private static final WarehouseTable BOOKINGS = new WarehouseTable("public", "hotel_bookings", List.of(
            new WarehouseTable.Column("id", ColumnType.LONG, null),
            new WarehouseTable.Column("hotel", ColumnType.STRING, null),
            new WarehouseTable.Column("adr", ColumnType.DECIMAL, new DatasetSpec.Decimal(10, 2))),
            List.of("id"), WarehouseTable.Mode.UPSERT, null);

    private static final String SHA = "ab".repeat(32);

    private static Staged staged(String uri, Staged.Format format) {
        return new Staged(uri, SHA, format, InputStream::nullInputStream);
    }

    @Test
    void anUpsertIsOneBatchTransactionWhoseStatementsAreTheseAndItsRowsAreTheCopys() throws Exception {
        int[] describes = {0};
        api.answers = call -> switch (call.operation()) {
            case "BatchExecuteStatement" -> new String[]{"200", "{\"Id\":\"b-1\"}"};
            case "DescribeStatement" -> describes[0]++ == 0
                    ? new String[]{"200", "{\"Id\":\"b-1\",\"Status\":\"STARTED\"}"}
                    : new String[]{"200", "{\"Id\":\"b-1\",\"Status\":\"FINISHED\",\"SubStatements\":["
                    + "{},{},{},{\"ResultRows\":3},{},{},{},{},{},{\"ResultRows\":1},{}]}"};
            default -> new String[]{"400", "{\"__type\":\"ValidationException\",\"message\":\"unexpected\"}"};
        };
        Warehouse.Loaded loaded = warehouse("analytics", null, "arn:aws:iam::1:role/copy")
                .load(BOOKINGS, staged("s3://lake/staging/hotel_bookings/h-1.csv", Staged.Format.CSV));
        assertEquals(new Warehouse.Loaded(3, false), loaded);
        assertEquals(List.of("BatchExecuteStatement", "DescribeStatement", "DescribeStatement"), api.operations());
        JsonNode batch = api.calls.get(0).body();
        assertEquals("analytics", batch.get("WorkgroupName").asText());
        assertEquals("dev", batch.get("Database").asText());
        assertEquals("arn:aws:secretsmanager:eu-west-1:1:secret:wh", batch.get("SecretArn").asText());
        assertTrue(!batch.has("ClusterIdentifier") && !batch.has("DbUser"), batch.toString());
        List<String> sqls = new ArrayList<>();
        batch.get("Sqls").forEach(s -> sqls.add(s.asText()));
        String ledgerHas = "SELECT 1 FROM \"public\".\"tributary_loads\" WHERE \"object\" ="
                + " 's3://lake/staging/hotel_bookings/h-1.csv' AND \"target_table\" = 'hotel_bookings' AND \"sha256\" = '"
                + SHA + "'";
        assertEquals(List.of(
                "CREATE TABLE IF NOT EXISTS \"public\".\"hotel_bookings\" (\"id\" BIGINT, \"hotel\" VARCHAR(65535),"
                        + " \"adr\" DECIMAL(10,2))",
                "CREATE TABLE IF NOT EXISTS \"public\".\"tributary_loads\" (\"object\" VARCHAR(1024) NOT NULL,"
                        + " \"target_table\" VARCHAR(256) NOT NULL, \"sha256\" CHAR(64) NOT NULL, \"rows\" BIGINT,"
                        + " \"loaded_at\" TIMESTAMP, PRIMARY KEY (\"object\", \"target_table\", \"sha256\"))",
                "CREATE TEMP TABLE tributary_stage AS SELECT \"id\", \"hotel\", \"adr\", CAST(NULL AS BIGINT) AS"
                        + " \"tributary_row\" FROM \"public\".\"hotel_bookings\" LIMIT 0",
                "COPY tributary_stage (\"id\", \"hotel\", \"adr\", \"tributary_row\") FROM"
                        + " 's3://lake/staging/hotel_bookings/h-1.csv' IAM_ROLE 'arn:aws:iam::1:role/copy' FORMAT AS CSV"
                        + " IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'auto' TIMEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF",
                "DELETE FROM tributary_stage WHERE EXISTS (" + ledgerHas + ")",
                "CREATE TEMP TABLE tributary_latest AS SELECT \"id\", \"hotel\", \"adr\" FROM (SELECT \"id\", \"hotel\","
                        + " \"adr\", ROW_NUMBER() OVER (PARTITION BY \"id\" ORDER BY \"tributary_row\" DESC) AS"
                        + " tributary_rank FROM tributary_stage) ranked WHERE tributary_rank = 1",
                "DELETE FROM \"public\".\"hotel_bookings\" USING tributary_latest WHERE"
                        + " (\"public\".\"hotel_bookings\".\"id\" = tributary_latest.\"id\" OR"
                        + " (\"public\".\"hotel_bookings\".\"id\" IS NULL AND tributary_latest.\"id\" IS NULL))",
                "INSERT INTO \"public\".\"hotel_bookings\" (\"id\", \"hotel\", \"adr\") SELECT \"id\", \"hotel\", \"adr\""
                        + " FROM tributary_latest",
                "DROP TABLE tributary_latest",
                "INSERT INTO \"public\".\"tributary_loads\" (\"object\", \"target_table\", \"sha256\", \"rows\","
                        + " \"loaded_at\") SELECT 's3://lake/staging/hotel_bookings/h-1.csv', 'hotel_bookings', '" + SHA
                        + "', staged.n, TIMESTAMP '2026-12-04 10:00:00' FROM (SELECT COUNT(*) AS n FROM tributary_stage)"
                        + " staged WHERE NOT EXISTS (" + ledgerHas + ")",
                "DROP TABLE tributary_stage"), sqls);
        assertEquals("b-1", api.calls.get(1).body().get("Id").asText());
        assertEquals(List.of(Duration.ofMillis(200)), waits, "waited between two DescribeStatement calls");
    }

    @Test
    void aReplayIsSeenFromTheLedgersInsertThatAddedNoRow() throws Exception {
        api.answers = call -> call.operation().equals("BatchExecuteStatement") ? new String[]{"200", "{\"Id\":\"b-2\"}"}
                : new String[]{"200", "{\"Status\":\"FINISHED\",\"SubStatements\":[{},{},{},{\"ResultRows\":3},{},{},{},"
                + "{},{},{\"ResultRows\":0},{}]}"};
        assertEquals(new Warehouse.Loaded(0, true), warehouse("analytics", null, null)
                .load(BOOKINGS, staged("s3://lake/staging/hotel_bookings/h-1.csv", Staged.Format.CSV)));
        String copy = api.calls.get(0).body().get("Sqls").get(3).asText();
        assertTrue(copy.contains(" IAM_ROLE default FORMAT AS CSV"), "no role configured: the default role: " + copy);
    }

    @Test
    void anAppendGoesThroughAStagingTableWhichTheLedgerEmptiesOnAReplayForRedshiftEnforcesNoKey() throws Exception {
        api.answers = call -> call.operation().equals("BatchExecuteStatement") ? new String[]{"200", "{\"Id\":\"b-6\"}"}
                : new String[]{"200", "{\"Status\":\"FINISHED\",\"SubStatements\":[]}"};
        WarehouseTable append = new WarehouseTable("public", "hotel_bookings", BOOKINGS.columns(), List.of(),
                WarehouseTable.Mode.APPEND, null);
        warehouse("analytics", null, null).load(append, staged("s3://lake/staging/hotel_bookings/h-1.csv", Staged.Format.CSV));
        List<String> sqls = new ArrayList<>();
        api.calls.get(0).body().get("Sqls").forEach(s -> sqls.add(s.asText()));
        assertEquals(List.of(
                "CREATE TEMP TABLE tributary_stage AS SELECT \"id\", \"hotel\", \"adr\" FROM \"public\".\"hotel_bookings\""
                        + " LIMIT 0",
                "COPY tributary_stage (\"id\", \"hotel\", \"adr\") FROM 's3://lake/staging/hotel_bookings/h-1.csv' IAM_ROLE"
                        + " default FORMAT AS CSV IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'auto' TIMEFORMAT 'auto' COMPUPDATE"
                        + " OFF STATUPDATE OFF",
                "DELETE FROM tributary_stage WHERE EXISTS (SELECT 1 FROM \"public\".\"tributary_loads\" WHERE \"object\" ="
                        + " 's3://lake/staging/hotel_bookings/h-1.csv' AND \"target_table\" = 'hotel_bookings' AND"
                        + " \"sha256\" = '" + SHA + "')",
                "INSERT INTO \"public\".\"hotel_bookings\" (\"id\", \"hotel\", \"adr\") SELECT \"id\", \"hotel\", \"adr\""
                        + " FROM tributary_stage"), sqls.subList(2, 6));
    }

    @Test
    void aMirrorOnAClusterCopiesTheArchivesGzipJsonLinesByName() throws Exception {
        api.answers = call -> call.operation().equals("BatchExecuteStatement") ? new String[]{"200", "{\"Id\":\"b-3\"}"}
                : new String[]{"200", "{\"Status\":\"FINISHED\",\"SubStatements\":[]}"};
        WarehouseTable mirror = new WarehouseTable("public", "user_profiles", List.of(
                new WarehouseTable.Column("id", ColumnType.LONG, null),
                new WarehouseTable.Column("name", ColumnType.STRING, null)), List.of("id"),
                WarehouseTable.Mode.CHANGES, "tributary-user-profiles");
        warehouse(null, "prod-cluster", "arn:aws:iam::1:role/copy").load(mirror,
                staged("s3://lake/archive/tributary-changes/2026/12/04/10/a.jsonl.gz", Staged.Format.CHANGES));
        JsonNode batch = api.calls.get(0).body();
        assertEquals("prod-cluster", batch.get("ClusterIdentifier").asText());
        assertEquals("loader", batch.get("DbUser").asText());
        List<String> sqls = new ArrayList<>();
        batch.get("Sqls").forEach(s -> sqls.add(s.asText()));
        assertTrue(sqls.contains("CREATE TABLE IF NOT EXISTS \"public\".\"user_profiles_removed\" (\"id\" BIGINT,"
                + " \"change_sequence\" DECIMAL(38,0))"), sqls.toString());
        assertTrue(sqls.contains("COPY tributary_stage FROM 's3://lake/archive/tributary-changes/2026/12/04/10/a.jsonl.gz'"
                + " IAM_ROLE 'arn:aws:iam::1:role/copy' FORMAT AS JSON 'auto ignorecase' GZIP DATEFORMAT 'auto'"
                + " TIMEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF"), sqls.toString());
        assertTrue(sqls.contains("DELETE FROM tributary_stage WHERE \"change_table\" IS NULL OR \"change_table\" <>"
                + " 'tributary-user-profiles'"), sqls.toString());
        assertTrue(sqls.stream().noneMatch(s -> s.contains("ADD COLUMN IF NOT EXISTS")), "Redshift has no such clause");
    }

    @Test
    void aFailedCopyIsExplainedFromTheLoadErrorTableNamingTheLineAndColumn() {
        api.answers = call -> switch (call.operation()) {
            case "BatchExecuteStatement" -> new String[]{"200", "{\"Id\":\"b-4\"}"};
            case "ExecuteStatement" -> new String[]{"200", "{\"Id\":\"q-1\"}"};
            case "DescribeStatement" -> call.body().get("Id").asText().equals("b-4")
                    ? new String[]{"200", "{\"Status\":\"FAILED\",\"Error\":\"ERROR: Load into table 'tributary_stage'"
                    + " failed. Check 'sys_load_error_detail' system table for details.\"}"}
                    : new String[]{"200", "{\"Status\":\"FINISHED\"}"};
            case "GetStatementResult" -> new String[]{"200", "{\"Records\":[[{\"longValue\":3},{\"stringValue\":\"adr\"},"
                    + "{\"stringValue\":\"Numeric data overflow\"}]]}"};
            default -> new String[]{"400", "{}"};
        };
        WarehouseException e = assertThrows(WarehouseException.class, () -> warehouse("analytics", null, null)
                .load(BOOKINGS, staged("s3://lake/staging/hotel_bookings/h-1.csv", Staged.Format.CSV)));
        assertEquals("loading s3://lake/staging/hotel_bookings/h-1.csv into Redshift table hotel_bookings failed at"
                + " line 3, column adr (Numeric data overflow): ERROR: Load into table 'tributary_stage' failed. Check"
                + " 'sys_load_error_detail' system table for details.; the table is as it was", e.getMessage());
        JsonNode query = api.calls.stream().filter(c -> c.operation().equals("ExecuteStatement")).findFirst()
                .orElseThrow().body();
        assertEquals("SELECT line_number, TRIM(column_name), TRIM(error_message) FROM sys_load_error_detail WHERE"
                + " TRIM(file_name) = :file ORDER BY start_time DESC, line_number LIMIT 5", query.get("Sql").asText());
        assertEquals("s3://lake/staging/hotel_bookings/h-1.csv", query.get("Parameters").get(0).get("value").asText());
        assertEquals("analytics", query.get("WorkgroupName").asText());
    }

    @Test
    void aLoadPastTheTimeoutIsCancelledAndReported() {
        api.answers = call -> switch (call.operation()) {
            case "BatchExecuteStatement" -> new String[]{"200", "{\"Id\":\"b-5\"}"};
            case "DescribeStatement" -> new String[]{"200", "{\"Status\":\"STARTED\"}"};
            case "CancelStatement" -> new String[]{"200", "{\"Status\":true}"};
            default -> new String[]{"400", "{}"};
        };
        RedshiftWarehouse slow = new RedshiftWarehouse(api.client("eu-west-1", "redshift-data", "RedshiftData"),
                new RedshiftWarehouse.Settings("analytics", null, "dev", null, null, null, "tributary_loads",
                        Duration.ofSeconds(1)), Clock.systemUTC(), d -> Thread.sleep(300));
        WarehouseException e = assertThrows(WarehouseException.class, () -> slow.load(BOOKINGS,
                staged("s3://lake/staging/hotel_bookings/h-1.csv", Staged.Format.CSV)));
        assertEquals("loading s3://lake/staging/hotel_bookings/h-1.csv into Redshift table hotel_bookings did not"
                + " finish within PT1S (tributary.warehouse.redshift.timeout); cancelled", e.getMessage());
        assertEquals("CancelStatement", api.operations().get(api.operations().size() - 1));
    }
}
