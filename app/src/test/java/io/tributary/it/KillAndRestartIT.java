package io.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application as a user runs it ({@code java -jar quarkus-run.jar}, local mode, state
 * on disk), killed with SIGKILL in the middle of a run and started again on the same state: the
 * archive ends with every inserted profile exactly once.
 */
class KillAndRestartIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TABLE = "tributary-user-profiles";

    LocalApp app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroy();
        }
    }

    Process start(boolean generator) throws IOException {
        // the flowers API source off: the archive holds the generator's inserts only
        return app.start(List.of(), "-Dtributary.generator.enabled=" + generator, "-Dtributary.api.enabled=false",
                "-Dtributary.generator.rate=20",
                "-Dtributary.archive.buffer-interval=1s",
                "-Dtributary.changes.poll-interval=300ms",
                "-Dtributary.archive.poll-interval=300ms");
    }

    @Test
    void killedMidRunAndStartedAgainTheArchiveHoldsEveryInsertExactlyOnce() throws Exception {
        app = new LocalApp("tributary-kill-");
        Process first = start(true);
        try (S3Client s3 = app.s3(); DynamoDbClient dynamodb = app.dynamodb()) {
            // the generator has inserted profiles and at least two archive objects are written
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> s3.listObjectsV2(l -> l.bucket("tributary-local").prefix("archive/")).keyCount() >= 2);
            assertEquals(3, app.emulatorProcesses().size(), "the emulators' JVM, the Kinesis emulator and PostgreSQL run");
            first.destroyForcibly().waitFor();                      // SIGKILL: no shutdown hook, nothing flushed
            await().atMost(Duration.ofSeconds(30)).until(() -> !app.emulatorsListening());
            // no emulator outlives the Tributary that started it, however it died
            await().atMost(Duration.ofSeconds(30)).until(() -> app.emulatorProcesses().isEmpty());

            start(false);                                           // same state, generator off
            Map<Long, Long> archived = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions().until(() -> archivedIds(s3), ids -> ids.keySet().containsAll(tableIds(dynamodb)));
            Set<Long> inTable = tableIds(dynamodb);
            assertTrue(inTable.size() >= 40, "the generator inserted " + inTable.size() + " profiles");
            assertEquals(inTable, archived.keySet(), "every insert archived, nothing else");
            assertTrue(archived.values().stream().allMatch(n -> n == 1), "duplicates: " + archived.entrySet().stream()
                    .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList());
        }
    }

    static Set<Long> tableIds(DynamoDbClient dynamodb) {
        Set<Long> ids = new HashSet<>();
        dynamodb.scanPaginator(s -> s.tableName(TABLE).projectionExpression("id")).items()
                .forEach(i -> ids.add(Long.parseLong(i.get("id").n())));
        return ids;
    }

    static Map<Long, Long> archivedIds(S3Client s3) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket("tributary-local").prefix("archive/")).contents()) {
            if (!o.key().endsWith(".jsonl.gz")) {
                continue; // S3Proxy lists a temporary object while a PUT is under way
            }
            byte[] gz = s3.getObjectAsBytes(g -> g.bucket("tributary-local").key(o.key())).asByteArray();
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        JsonNode profile = JSON.readTree(line);
                        ids.add(profile.get("id").asLong());
                    }
                }
            }
        }
        Map<Long, Long> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id, 1L, Long::sum));
        return counts;
    }
}
