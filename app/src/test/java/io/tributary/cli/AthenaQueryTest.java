package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.aws.FakeJsonApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code ./tributary query --aws}, request by request: there is no Athena emulator, so a small HTTP
 * server here plays Athena's JSON API (as its API reference documents the answers) and records
 * what Tributary asks.
 */
class AthenaQueryTest {
    private final List<Long> pauses = new ArrayList<>();
    private FakeJsonApi api;
    private AthenaQuery query;

    @BeforeEach
    void start() throws IOException {
        api = new FakeJsonApi();
        query = new AthenaQuery(api.client("eu-west-1", "athena", "AmazonAthena"),
                new AthenaQuery.Settings("analysts", "lake_db", "s3://results/athena/"), pauses::add);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Answers 200 with the body {@code answer} gives. */
    private void answer(Function<FakeJsonApi.Call, String> answer) {
        api.answers = call -> new String[]{"200", answer.apply(call)};
    }

    private static String cell(String v) {
        return v == null ? "{}" : "{\"VarCharValue\":\"" + v + "\"}";
    }

    private static String row(String... values) {
        List<String> cells = new ArrayList<>();
        for (String v : values) {
            cells.add(cell(v));
        }
        return "{\"Data\":[" + String.join(",", cells) + "]}";
    }

    @Test
    void aQueryIsStartedPolledAndItsResultsReadPageByPage() throws Exception {
        int[] polls = {0};
        answer(call -> switch (call.operation()) {
            case "StartQueryExecution" -> "{\"QueryExecutionId\":\"q-1\"}";
            case "GetQueryExecution" -> "{\"QueryExecution\":{\"Status\":{\"State\":\""
                    + (++polls[0] < 3 ? "RUNNING" : "SUCCEEDED") + "\"}}}";
            case "GetQueryResults" -> call.body().has("NextToken")
                    ? "{\"ResultSet\":{\"Rows\":[" + row("Resort Hotel", "7539", "99.77") + "]}}"
                    : "{\"NextToken\":\"page-2\",\"ResultSet\":{\"ResultSetMetadata\":{\"ColumnInfo\":["
                    + "{\"Name\":\"hotel\",\"Type\":\"varchar\"},{\"Name\":\"bookings\",\"Type\":\"bigint\"},"
                    + "{\"Name\":\"avg_adr\",\"Type\":\"double\"}]},\"Rows\":[" + row("hotel", "bookings", "avg_adr")
                    + "," + row("City Hotel", "2551", null) + "]}}";
            default -> throw new IllegalStateException(call.operation());
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, query.run("SELECT hotel, count(*) AS bookings FROM hotel_bookings GROUP BY hotel", "table",
                new PrintStream(out, true), new PrintStream(err, true)), err.toString());
        assertEquals("""
                hotel        | bookings | avg_adr
                -------------+----------+--------
                City Hotel   | 2551     |
                Resort Hotel | 7539     | 99.77
                (2 rows)
                """, out.toString());

        assertEquals(List.of("StartQueryExecution", "GetQueryExecution", "GetQueryExecution", "GetQueryExecution",
                "GetQueryResults", "GetQueryResults"), api.operations());
        JsonNode start = api.calls.get(0).body();
        assertEquals("SELECT hotel, count(*) AS bookings FROM hotel_bookings GROUP BY hotel",
                start.get("QueryString").asText());
        assertEquals("analysts", start.get("WorkGroup").asText());
        assertEquals("{\"Catalog\":\"AwsDataCatalog\",\"Database\":\"lake_db\"}",
                start.get("QueryExecutionContext").toString());
        assertEquals("s3://results/athena/", start.get("ResultConfiguration").get("OutputLocation").asText());
        assertEquals("q-1", api.calls.get(1).body().get("QueryExecutionId").asText());
        assertEquals("page-2", api.calls.get(5).body().get("NextToken").asText());
        assertEquals(List.of(200L, 400L), pauses, "polled with a growing pause");

        out.reset();
        api.calls.clear();
        polls[0] = 5;
        assertEquals(0, query.run("SELECT 1", "json", new PrintStream(out, true), new PrintStream(err, true)));
        assertEquals("{\"hotel\":\"City Hotel\",\"bookings\":2551,\"avg_adr\":null}\n"
                + "{\"hotel\":\"Resort Hotel\",\"bookings\":7539,\"avg_adr\":99.77}\n", out.toString());
    }

    @Test
    void aQueryAthenaFailsPrintsAthenasReason() throws Exception {
        answer(call -> switch (call.operation()) {
            case "StartQueryExecution" -> "{\"QueryExecutionId\":\"q-2\"}";
            case "GetQueryExecution" -> "{\"QueryExecution\":{\"Status\":{\"State\":\"FAILED\",\"StateChangeReason\":"
                    + "\"TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.lake_db.hotels' does not exist\"}}}";
            default -> throw new IllegalStateException(call.operation());
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, query.run("SELECT * FROM hotels", "table", new PrintStream(out, true),
                new PrintStream(err, true)));
        assertEquals("The query failed in Athena (FAILED, query q-2): TABLE_NOT_FOUND: line 1:15: Table"
                + " 'awsdatacatalog.lake_db.hotels' does not exist\n", err.toString());
        assertEquals("", out.toString());
    }
}
