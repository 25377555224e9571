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
            return Map.of("tributary.inbox.dir", "target/test-inbox-docs", "tributary.spool-dir", "target/spool-docs");
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

        String page = Files.readString(Path.of("../docs/queries.md"));
        Matcher m = QUERY.matcher(page);
        List<String> differences = new ArrayList<>();
        int queries = 0;
        Path cache = Files.createTempDirectory("query-cache");
        while (m.find()) {
            queries++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = LakeQuery.run(new LakeQuery.Options(m.group(1), "table", null,
                    clients.emulated().orElseThrow().start().s3(), config.bucket(), config.catalogPrefix(), cache),
                    new PrintStream(out, true), new PrintStream(err, true));
            String expected = m.group(2) + "\n";
            if (code != 0 || !out.toString().equals(expected)) {
                differences.add(m.group(1) + "\n-- documented:\n" + expected + "-- got (exit " + code + "):\n" + out
                        + err);
            }
        }
        assertTrue(queries >= 5, "the page's queries were found: " + queries);
        assertEquals(List.of(), differences);
    }
}
