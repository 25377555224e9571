package io.tributary.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Uploads as other tools send them reach the local S3: the AWS CLI and the SDKs' defaults send a
 * CRC32 of the body (in a header, or as an aws-chunked trailer). The local S3 answered those with
 * a 500 while its SDK modules were older than the ones it is built on; a user's {@code aws s3 cp}
 * into raw/ failed.
 */
class ChecksummedUploadsTest {

    @Test
    void uploadsWithAChecksumAreStoredAsSent(@TempDir Path state) throws Exception {
        try (LocalAws aws = new LocalAws(new LocalAwsPortTest.Settings(0, 0,
                System.getProperty("tributary.local.emulators-dir"), true, state.toString()))) {
            LocalAws.Endpoints endpoints = aws.start();
            for (RequestChecksumCalculation when : RequestChecksumCalculation.values()) {
                try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoints.s3())).forcePathStyle(true)
                        .requestChecksumCalculation(when)
                        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .build()) {
                    s3.createBucket(b -> b.bucket("bkt-" + when.name().toLowerCase().replace('_', '-')));
                    String bucket = "bkt-" + when.name().toLowerCase().replace('_', '-');
                    String body = "id,name\n1,Zoë\n".repeat(1000);
                    s3.putObject(p -> p.bucket(bucket).key("raw/x/a.csv").checksumAlgorithm(ChecksumAlgorithm.CRC32),
                            RequestBody.fromString(body));
                    assertEquals(body, s3.getObjectAsBytes(g -> g.bucket(bucket).key("raw/x/a.csv"))
                            .asString(StandardCharsets.UTF_8), when.name());
                }
            }
        }
    }
}
