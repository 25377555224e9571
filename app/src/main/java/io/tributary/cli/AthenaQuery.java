package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.aws.AwsJsonClient;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ./tributary query --aws "SQL"}: the same SQL through Amazon Athena, over the Glue tables
 * the clean flow keeps current: StartQueryExecution (the configured workgroup, database and result
 * location), GetQueryExecution until it ends, GetQueryResults page by page; printed as the local
 * engine's results are. A query Athena fails prints Athena's reason.
 */
final class AthenaQuery {
    private static final Set<String> NUMBERS = Set.of("tinyint", "smallint", "integer", "bigint", "float", "double",
            "real", "decimal");

    /** Where and how Athena runs the query. */
    record Settings(String workgroup, String database, String outputLocation) {
    }

    /** How long to wait between polls: from 200 ms, doubling, at most 2 s. */
    interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    private final AwsJsonClient athena;
    private final Settings settings;
    private final Pause pause;

    AthenaQuery(AwsJsonClient athena, Settings settings, Pause pause) {
        this.athena = athena;
        this.settings = settings;
        this.pause = pause;
    }

    /** Runs the query; the exit code (0, or 1 with Athena's reason on {@code err}). */
    int run(String sql, String format, PrintStream out, PrintStream err) throws InterruptedException {
        ObjectNode start = AwsJsonClient.body().put("QueryString", sql).put("WorkGroup", settings.workgroup());
        start.putObject("QueryExecutionContext").put("Catalog", "AwsDataCatalog").put("Database", settings.database());
        if (settings.outputLocation() != null) {
            start.putObject("ResultConfiguration").put("OutputLocation", settings.outputLocation());
        }
        String id;
        try {
            id = athena.call("StartQueryExecution", start).path("QueryExecutionId").asText();
        } catch (AwsJsonClient.ServiceError e) {
            err.println("Athena refused the query: " + e.getMessage());
            return 1;
        }
        long wait = 200;
        JsonNode status;
        while (true) {
            status = athena.call("GetQueryExecution", AwsJsonClient.body().put("QueryExecutionId", id))
                    .path("QueryExecution").path("Status");
            String state = status.path("State").asText();
            if (state.equals("SUCCEEDED")) {
                break;
            }
            if (state.equals("FAILED") || state.equals("CANCELLED")) {
                err.println("The query failed in Athena (" + state + ", query " + id + "): "
                        + status.path("StateChangeReason").asText("no reason given"));
                return 1;
            }
            pause.sleep(wait);
            wait = Math.min(2000, wait * 2);
        }
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        String token = null;
        boolean first = true;
        do {
            ObjectNode page = AwsJsonClient.body().put("QueryExecutionId", id).put("MaxResults", 1000);
            if (token != null) {
                page.put("NextToken", token);
            }
            JsonNode results = athena.call("GetQueryResults", page);
            JsonNode set = results.path("ResultSet");
            if (names.isEmpty()) {
                for (JsonNode column : set.path("ResultSetMetadata").path("ColumnInfo")) {
                    names.add(column.path("Name").asText());
                    types.add(column.path("Type").asText());
                }
            }
            for (JsonNode row : set.path("Rows")) {
                if (first) {
                    first = false; // the first row of a SELECT's results is its header
                    continue;
                }
                List<Object> values = new ArrayList<>();
                int c = 0;
                for (JsonNode datum : row.path("Data")) {
                    values.add(value(datum, types.get(c++)));
                }
                rows.add(values);
            }
            token = results.hasNonNull("NextToken") ? results.get("NextToken").asText() : null;
        } while (token != null);
        out.print(ResultTable.format(names, rows, format));
        return 0;
    }

    /** A cell's value: null when Athena gives none, a number for numeric columns, else its text. */
    private static Object value(JsonNode datum, String type) {
        if (!datum.has("VarCharValue")) {
            return null;
        }
        String text = datum.get("VarCharValue").asText();
        return NUMBERS.contains(type) ? new BigDecimal(text) : text;
    }
}
