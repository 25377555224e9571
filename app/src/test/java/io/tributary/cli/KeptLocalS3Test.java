package io.tributary.cli;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./tributary query} with the local stack stopped: the stack's S3 alone over the state it
 * kept, for the time of the query (the real emulator, started as the stack starts it).
 */
class KeptLocalS3Test {
    private static final Path EMULATORS = Path.of(System.getProperty("tributary.local.emulators-dir",
            "../local-aws/target/emulators"));

    private static S3Client s3(String endpoint) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @Test
    void whatTheStackKeptIsReadAfterItStoppedAndTheS3GoesWithTheQuery() throws Exception {
        Path state = Files.createTempDirectory("kept-state");
        Files.createDirectories(state.resolve("s3"));
        String endpoint;
        try (KeptLocalS3 kept = KeptLocalS3.start(state, EMULATORS, "test", "test");
             S3Client s3 = s3(kept.endpoint())) {
            endpoint = kept.endpoint();
            s3.createBucket(b -> b.bucket("lake"));
            s3.putObject(b -> b.bucket("lake").key("catalog/t.sql"), RequestBody.fromString("SELECT"));
        }
        assertFalse(KeptLocalS3.answers(endpoint), "stopped with the query");

        try (KeptLocalS3 kept = KeptLocalS3.start(state, EMULATORS, "test", "test");
             S3Client s3 = s3(kept.endpoint())) {
            assertTrue(KeptLocalS3.answers(kept.endpoint()));
            assertEquals("SELECT", s3.getObjectAsBytes(b -> b.bucket("lake").key("catalog/t.sql")).asUtf8String());
            // the query reads that state: a catalog it cannot read says which object
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = LakeQuery.run(new LakeQuery.Options("SELECT 1", "table", null, kept.endpoint(), "lake",
                    "catalog/", state.resolve("query-cache")), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true));
            assertEquals(1, code);
            assertEquals("The lake's catalog is unreadable: s3://lake/catalog/t.sql: not a CREATE EXTERNAL TABLE"
                    + " statement\n", err.toString());
        }
    }

    @Test
    void withoutKeptStateItSaysHowToGetSome() throws Exception {
        Path empty = Files.createTempDirectory("no-state");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeptLocalS3.start(empty, EMULATORS, "test", "test"));
        assertEquals("The local stack is not running and has no kept state in " + empty.toAbsolutePath()
                + " (start it: ./tributary local, and drop a file into its inbox)", e.getMessage());
    }
}
