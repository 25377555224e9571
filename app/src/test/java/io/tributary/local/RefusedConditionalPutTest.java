package io.tributary.local;

import io.tributary.aws.AwsClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An upload after a conditional PUT the local S3 refused (412: the raw key is taken) goes through,
 * with the S3 client as local mode has it (the Apache HTTP client, {@link io.tributary.aws.LocalS3HttpClient}):
 * with the url-connection client's pooled connections, the next upload failed at once (see
 * {@link LocalAws#freshConnections}).
 */
class RefusedConditionalPutTest {

    @Test
    void uploadsAfterRefusedConditionalPutsGoThrough(@TempDir Path state) throws Exception {
        LocalAws.freshConnections(); // as local mode does (the test JVM has it from the start too)
        try (LocalAws aws = new LocalAws(new LocalAwsPortTest.Settings(0, 0,
                System.getProperty("tributary.local.emulators-dir"), true, state.toString()))) {
            LocalAws.Endpoints endpoints = aws.start();
            try (S3Client s3 = AwsClients.withPlainUploads(S3Client.builder()).endpointOverride(URI.create(endpoints.s3()))
                    .forcePathStyle(true)
                    .region(Region.US_EAST_1).httpClient(io.tributary.aws.LocalS3HttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build()) {
                s3.createBucket(b -> b.bucket("bkt"));
                s3.putObject(p -> p.bucket("bkt").key("taken"), RequestBody.fromString("x".repeat(5000)));
                int failures = 0;
                for (int i = 0; i < 50; i++) {
                    try {
                        s3.putObject(p -> p.bucket("bkt").key("taken").ifNoneMatch("*"), RequestBody.fromString("y".repeat(5000)));
                    } catch (S3Exception e) {
                        assertEquals(412, e.statusCode());
                    }
                    try {
                        final int n = i;
                        s3.putObject(p -> p.bucket("bkt").key("k" + n), RequestBody.fromString("z".repeat(5000)));
                    } catch (RuntimeException e) {
                        failures++;
                    }
                }
                assertEquals(0, failures, "uploads that failed after a refused conditional PUT");
            }
        }
    }
}
