package io.tributary.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.warehouse.Dialect;
import io.tributary.warehouse.LoadStatements;
import io.tributary.warehouse.Staged;
import io.tributary.warehouse.Warehouse;
import io.tributary.warehouse.WarehouseException;
import io.tributary.warehouse.WarehouseTable;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Amazon Redshift as the warehouse, through the Redshift Data API (no JDBC driver, no network
 * path to the cluster): one {@code BatchExecuteStatement} per load, which Redshift runs as one
 * transaction (the statements of {@link LoadStatements} with a {@code COPY ... FROM 's3://...'
 * IAM_ROLE ...} between them), then {@code DescribeStatement} until it is finished. A failed COPY
 * is explained from {@code SYS_LOAD_ERROR_DETAIL} (line, column, reason), which works on a
 * provisioned cluster and on Serverless.
 */
public final class RedshiftWarehouse implements Warehouse {

    /** Where the statements run and who runs them; exactly one of workgroup and cluster. */
    public record Settings(String workgroup, String clusterId, String database, String dbUser, String secretArn,
                           String iamRole, String ledger, Duration timeout) {
        public Settings {
            if ((workgroup == null) == (clusterId == null)) {
                throw new IllegalArgumentException("Redshift needs either a Serverless workgroup"
                        + " (tributary.warehouse.redshift.workgroup) or a cluster (tributary.warehouse.redshift.cluster-id)");
            }
        }
    }

    /** Waits between two DescribeStatement calls (a test's clock moves instead). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final AwsJsonClient api;
    private final Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;

    public RedshiftWarehouse(AwsJsonClient api, Settings settings, Clock clock, Sleeper sleeper) {
        this.api = api;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public String describe() {
        return "redshift " + (settings.workgroup() != null ? "workgroup " + settings.workgroup()
                : "cluster " + settings.clusterId()) + " database " + settings.database();
    }

    /** The COPY of a staged object into the staging table: CSV with a header, or the archive's gzip JSON Lines. */
    String copy(LoadStatements sql, Staged staged) {
        String role = settings.iamRole() == null ? "default" : "'" + settings.iamRole().replace("'", "''") + "'";
        String from = "FROM '" + staged.uri().replace("'", "''") + "' IAM_ROLE " + role;
        return switch (staged.format()) {
            case CSV -> "COPY " + sql.copyTable() + " (" + String.join(", ", sql.stagedColumns().stream()
                    .map(c -> "\"" + c.replace("\"", "\"\"") + "\"").toList()) + ") " + from
                    + " FORMAT AS CSV IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'auto' TIMEFORMAT 'auto'"
                    + " COMPUPDATE OFF STATUPDATE OFF";
            case CHANGES -> "COPY " + sql.copyTable() + " " + from
                    + " FORMAT AS JSON 'auto ignorecase' GZIP DATEFORMAT 'auto' TIMEFORMAT 'auto'"
                    + " COMPUPDATE OFF STATUPDATE OFF";
        };
    }

    /** Every statement of the load, in order (what one BatchExecuteStatement sends). */
    List<String> statements(WarehouseTable table, Staged staged) {
        LoadStatements sql = new LoadStatements(Dialect.REDSHIFT, table, settings.ledger());
        List<String> all = new ArrayList<>(sql.prepare());
        all.add(copy(sql, staged));
        all.addAll(sql.apply(staged.uri(), staged.sha256(), clock.instant(), 0));
        return all;
    }

    private ObjectNode target(ObjectNode body) {
        body.put("Database", settings.database());
        if (settings.workgroup() != null) {
            body.put("WorkgroupName", settings.workgroup());
        } else {
            body.put("ClusterIdentifier", settings.clusterId());
        }
        if (settings.secretArn() != null) {
            body.put("SecretArn", settings.secretArn());
        } else if (settings.dbUser() != null) {
            body.put("DbUser", settings.dbUser());
        }
        return body;
    }

    @Override
    public Loaded load(WarehouseTable table, Staged staged) throws WarehouseException {
        List<String> statements = statements(table, staged);
        ObjectNode batch = target(AwsJsonClient.body());
        ArrayNode sqls = batch.putArray("Sqls");
        statements.forEach(sqls::add);
        batch.put("StatementName", "tributary-load-" + table.name());
        String id;
        try {
            id = api.call("BatchExecuteStatement", batch).path("Id").asText();
        } catch (RuntimeException e) {
            throw new WarehouseException("loading " + staged.uri() + " into Redshift table " + table.name()
                    + " failed: " + e.getMessage(), e);
        }
        JsonNode done = await(id, staged, table);
        if (!"FINISHED".equals(done.path("Status").asText())) {
            String error = done.path("Error").asText("status " + done.path("Status").asText());
            throw new WarehouseException("loading " + staged.uri() + " into Redshift table " + table.name()
                    + " failed" + loadErrors(staged) + ": " + error + "; the table is as it was");
        }
        JsonNode subs = done.path("SubStatements");
        int copyAt = new LoadStatements(Dialect.REDSHIFT, table, settings.ledger()).prepare().size();
        long rows = subs.path(copyAt).path("ResultRows").asLong(0);
        // the ledger's INSERT, second to last: no row when the ledger had the object already
        boolean before = subs.size() >= 2 && subs.path(subs.size() - 2).path("ResultRows").asLong(1) == 0;
        return new Loaded(before ? 0 : rows, before);
    }

    /** DescribeStatement until the statement is FINISHED, FAILED or ABORTED (or the timeout, when it is cancelled). */
    private JsonNode await(String id, Staged staged, WarehouseTable table) throws WarehouseException {
        long deadline = clock.millis() + settings.timeout().toMillis();
        Duration wait = Duration.ofMillis(200);
        while (true) {
            ObjectNode describe = AwsJsonClient.body();
            describe.put("Id", id);
            JsonNode answer;
            try {
                answer = api.call("DescribeStatement", describe);
            } catch (RuntimeException e) {
                throw new WarehouseException("loading " + staged.uri() + " into Redshift table " + table.name()
                        + ": statement " + id + " could not be followed: " + e.getMessage(), e);
            }
            String status = answer.path("Status").asText();
            if (status.equals("FINISHED") || status.equals("FAILED") || status.equals("ABORTED")) {
                return answer;
            }
            if (clock.millis() > deadline) {
                try {
                    api.call("CancelStatement", describe);
                } catch (RuntimeException ignored) {
                    // it ends anyway; the transaction is not committed
                }
                throw new WarehouseException("loading " + staged.uri() + " into Redshift table " + table.name()
                        + " did not finish within " + settings.timeout()
                        + " (tributary.warehouse.redshift.timeout); cancelled");
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WarehouseException("interrupted while " + staged.uri() + " was loaded");
            }
            wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : wait.multipliedBy(2);
        }
    }

    /** The COPY's rejected lines from SYS_LOAD_ERROR_DETAIL (" at line 3, column adults (...)"), or nothing. */
    private String loadErrors(Staged staged) {
        try {
            ObjectNode query = target(AwsJsonClient.body());
            query.put("Sql", "SELECT line_number, TRIM(column_name), TRIM(error_message) FROM sys_load_error_detail"
                    + " WHERE TRIM(file_name) = :file ORDER BY start_time DESC, line_number LIMIT 5");
            ObjectNode parameter = query.putArray("Parameters").addObject();
            parameter.put("name", "file");
            parameter.put("value", staged.uri());
            String id = api.call("ExecuteStatement", query).path("Id").asText();
            JsonNode done = await(id, staged, new WarehouseTable("", "sys_load_error_detail", List.of(), List.of(),
                    WarehouseTable.Mode.APPEND, null));
            if (!"FINISHED".equals(done.path("Status").asText())) {
                return "";
            }
            ObjectNode result = AwsJsonClient.body();
            result.put("Id", id);
            List<String> lines = new ArrayList<>();
            for (JsonNode record : api.call("GetStatementResult", result).path("Records")) {
                lines.add("line " + record.path(0).path("longValue").asLong() + ", column "
                        + record.path(1).path("stringValue").asText() + " (" + record.path(2).path("stringValue").asText()
                        + ")");
            }
            return lines.isEmpty() ? "" : " at " + String.join("; ", lines);
        } catch (RuntimeException | WarehouseException e) {
            return " (its load errors could not be read: " + e.getMessage() + ")";
        }
    }
}
