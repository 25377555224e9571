package io.tributary.camel;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tributary.aws.AwsClients;
import io.tributary.cli.LakeQuery;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every query of docs/queries.md, run by {@code ./tributary query}'s code over a fresh local stack
 * into which the samples were dropped, gives the output the page shows.
 */
@QuarkusTest
@TestProfile(DocsQueriesEndToEndTest.FreshStack.class)
class DocsQueriesEndToEndTest extends PipelineTestSupport {

    /** An application of its own: a fresh in-memory stack, an inbox and spool of its own. */
    public static class FreshStack implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the profiles' table streams its changes, so the archive (a table too) holds the profiles
            return Map.of("tributary.inbox.dir", "target/test-inbox-docs", "tributary.spool-dir", "target/spool-docs",
                    "tributary.changes.tables", "tributary-user-profiles");
        }
    }

    private static final Pattern QUERY = Pattern.compile("```sql\\n(.*?)\\n```\\n\\n```\\n(.*?)\\n```", Pattern.DOTALL);

    @Inject
    AwsClients clients;

    @Test
    void theDocumentedQueriesGiveTheDocumentedOutputs() throws Exception {
        drop(Path.of("../samples/hotel_bookings.csv"), "hotel_bookings.csv");
        drop(Path.of("src/test/resources/samples/user_profiles.csv"), "user_profiles.csv");
        awaitCleaned("raw/hotel_bookings/hotel_bookings.csv");
        awaitCleaned("raw/user_profiles/user_profiles.csv");

        // the five clean profiles reach DynamoDB, its stream, Kinesis and the archive
        Path cache = Files.createTempDirectory("query-cache");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
        String archived = "";
        while (!archived.equals("n\n-\n5\n(1 row)\n") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            archived = query("SELECT count(*) AS n FROM archive", cache);
        }
        assertEquals("n\n-\n5\n(1 row)\n", archived, "the archive holds the five profiles");

        String page = Files.readString(Path.of("../docs/queries.md"));
        Matcher m = QUERY.matcher(page);
        List<String> differences = new ArrayList<>();
        int queries = 0;
        while (m.find()) {
            queries++;
            String expected = m.group(2) + "\n";
            String got = query(m.group(1), cache);
            if (!got.equals(expected)) {
                differences.add(m.group(1) + "\n-- documented:\n" + expected + "-- got:\n" + got);
            }
        }
        assertTrue(queries >= 5, "the page's queries were found: " + queries);
        assertEquals(List.of(), differences);
    }

    /** What {@code ./tributary query} prints, with the exit code and error output when it fails. */
    private String query(String sql, Path cache) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LakeQuery.run(new LakeQuery.Options(sql, "table", null,
                clients.emulated().orElseThrow().start().s3(), config.bucket(), config.catalogPrefix(), cache),
                new PrintStream(out, true), new PrintStream(err, true));
        return code == 0 ? out.toString() : out + "(exit " + code + ") " + err;
    }
}
