package io.tributary.camel;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tributary.aws.RawStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clean and archive flows when the network to S3 drops connections: the routes' own S3 client (set up as
 * in production) reaches the local S3 through a proxy that cuts chosen requests off. A call cut
 * off is tried 3 times by the SDK (uploads too: {@code RetryableSendHttpClient}), and a step that
 * still fails is tried again by the route, 3 more times, 2 s apart
 * (routes/flows/clean-object.camel.yaml). Past that the file fails, explained in the state table,
 * its raw object untouched. An archive object whose write is cut off is written once.
 */
@QuarkusTest
@TestProfile(NetworkFailuresEndToEndTest.DroppedConnections.class)
class NetworkFailuresEndToEndTest extends PipelineTestSupport {

    /** The S3 client through the proxy; an inbox and spool of its own. */
    public static class DroppedConnections implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(S3ThroughDroppingProxy.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tributary.inbox.dir", "target/test-inbox-network",
                    "tributary.spool-dir", "target/spool-network");
        }
    }

    static final String PROFILES = """
            id,name,email,phone_number,created_at,age,address
            1,Ana Sousa,ana@example.com,+351 912 345 678,2024-01-15T10:00:00Z,34,"Rua Alegre 12, Porto"
            2,Bo Lindqvist,bo@example.se,+46 70 123 45 67,2024-01-16 08:30:00,27,"Storgatan 5, Malmö"
            3,Chen Wei,chen@example.cn,+86 138 0000 0000,2024-01-17T09:00:00Z,45,"Nanjing Rd 100, Shanghai"
            """;

    @Inject
    S3ThroughDroppingProxy s3Route;

    @AfterEach
    void stopDropping() {
        s3Route.proxy().dropNext("", "", 0);
    }

    /** Drops a user profiles file with this content into the inbox; the key of its raw object. */
    private String dropProfiles(String content, String fileName) throws IOException {
        Path file = Files.createTempFile("profiles", ".csv");
        Files.writeString(file, content);
        drop(file, fileName);
        return "raw/user_profiles/" + fileName;
    }

    /** The state table's item of a raw object whose cleaning is to fail, once it has. */
    private Map<String, AttributeValue> awaitFailure(String rawKey) {
        Map<String, AttributeValue> state = awaitOutcome(rawKey, Duration.ofSeconds(120));
        assertEquals("failed", state.get("status").s(), state.toString());
        return state;
    }

    @Test
    void connectionsDroppedWhilePublishingAreRetriedAndTheFileIsCleaned() throws Exception {
        // five cuts outlast the SDK's 3 attempts of the first upload: the route's retry uploads it
        s3Route.proxy().dropNext("PUT", "/clean/", 5);
        Map<String, AttributeValue> state = awaitCleaned(dropProfiles(
                PROFILES + "4,Dmitri Ivanov,dmitri@example.com,,2024-01-18T14:05:00Z,51,Tallinn\n", "user_profiles_retried.csv"));
        assertEquals(5, s3Route.proxy().dropped(), "every planned drop happened");
        assertEquals("4", state.get("rows_out").n());
        List<String> csv = lines("clean/user_profiles/user_profiles_retried.csv");
        assertEquals(5, csv.size(), String.join("\n", csv));
        assertEquals(4, lines("clean/user_profiles/user_profiles_retried.jsonl").size());
        assertEquals(4, dynamodb.scan(s -> s.tableName("tributary-user-profiles")
                .filterExpression("id = :a OR id = :b OR id = :c OR id = :d")
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromN("1"), ":b", AttributeValue.fromN("2"),
                        ":c", AttributeValue.fromN("3"), ":d", AttributeValue.fromN("4")))).count());
    }

    @Test
    void connectionsDroppedPastTheRetriesFailTheFileAndKeepItsRawObject() throws Exception {
        s3Route.proxy().dropNext("PUT", "/clean/", 1000);
        String content = PROFILES + "5,Eve Martin,eve@example.fr,,2024-01-19T12:00:00Z,29,Paris\n";
        String rawKey = dropProfiles(content, "user_profiles_failing.csv");
        Map<String, AttributeValue> state = awaitFailure(rawKey);
        String reason = state.get("reason").s();
        assertTrue(reason.startsWith("uploading s3://tributary-local/clean/user_profiles/user_profiles_failing.csv "
                + "(tried 4 times): "), reason);
        assertTrue(reason.endsWith("(SDK Attempt Count: 3)"), "each try was 3 attempts of the SDK: " + reason);
        assertTrue(s3Route.proxy().dropped() >= 12, "the first try and the route's 3 retries, 3 SDK attempts each: "
                + s3Route.proxy().dropped());
        stopDropping();

        byte[] raw = s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(rawKey)).asByteArray();
        assertArrayEquals(content.getBytes(StandardCharsets.UTF_8), raw, "the raw object as dropped");
        HeadObjectResponse head = s3.headObject(h -> h.bucket(config.bucket()).key(rawKey));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)),
                head.metadata().get(RawStore.META_SHA256));
        assertEquals(0, s3.listObjectsV2(l -> l.bucket(config.bucket()).prefix("clean/user_profiles/user_profiles_failing"))
                .keyCount(), "nothing published");
    }

    @Test
    void aDownloadCutOffIsRetriedAndOneCutEveryTimeFailsTheFileNamingTheDownload() throws Exception {
        // five cuts outlast the SDK's 3 attempts of the first download: the route's retry downloads it
        s3Route.proxy().dropNext("GET", "/raw/user_profiles/user_profiles_download_retried.csv", 5);
        Map<String, AttributeValue> cleaned = awaitCleaned(dropProfiles(PROFILES, "user_profiles_download_retried.csv"));
        assertEquals(5, s3Route.proxy().dropped(), "every planned drop happened");
        assertEquals("3", cleaned.get("rows_out").n());
        assertEquals(4, lines("clean/user_profiles/user_profiles_download_retried.csv").size());

        // every download of another file is cut off: it fails after the first try and the 3 retries
        s3Route.proxy().dropNext("GET", "/raw/user_profiles/user_profiles_undownloadable.csv", 1000);
        String content = PROFILES + "6,Femi Adeyemi,femi@example.ng,,2024-01-20T07:45:00Z,38,Lagos\n";
        String rawKey = dropProfiles(content, "user_profiles_undownloadable.csv");
        Map<String, AttributeValue> state = awaitFailure(rawKey);
        assertTrue(state.get("reason").s().startsWith("downloading s3://tributary-local/" + rawKey + " (tried 4 times): "),
                state.get("reason").s());
        assertTrue(state.get("reason").s().endsWith("Connection reset (SDK Attempt Count: 3)"), state.get("reason").s());
        // (the JDK's HttpURLConnection may open a second connection for an attempt of its own)
        assertTrue(s3Route.proxy().dropped() >= 12, "the first try and the route's 3 retries, 3 SDK attempts each: "
                + s3Route.proxy().dropped());
        stopDropping();
        assertEquals(content, new String(s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(rawKey)).asByteArray(),
                StandardCharsets.UTF_8), "the raw object as dropped");
    }

    @Test
    void anArchiveWriteCutOffIsReadAgainFromTheCheckpointAndEveryInsertArchivedOnce() throws Exception {
        ensureTable();
        s3Route.proxy().dropNext("PUT", "/archive/", 2);
        for (long id = 1; id <= 200; id++) {
            insert(id);
        }
        Map<Long, Long> archived = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(this::archivedIds, ids -> ids.size() >= 200);
        assertEquals(2, s3Route.proxy().dropped(), "both planned drops happened");
        assertEquals(200, archived.size());
        assertTrue(archived.values().stream().allMatch(n -> n == 1), "every insert once: " + archived);
    }
}
