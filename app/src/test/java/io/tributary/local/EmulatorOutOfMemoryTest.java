package io.tributary.local;

import io.tributary.LogCapture;
import io.tributary.TributaryConfig;
import io.tributary.aws.AwsClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In memory, every object lives in the emulators' heap: when it is full, the local S3 fails
 * uploads with errors that do not say why (a 500, or a connection cut while the body is sent).
 * Tributary says why, once, naming the setting.
 */
class EmulatorOutOfMemoryTest {

    /** The local stack in memory with a small heap. */
    private record SmallHeap(String stateDir) implements TributaryConfig.Local {
        public boolean enabled() { return true; }
        public boolean inMemory() { return true; }
        public int s3Port() { return 0; }
        public int dynamodbPort() { return 0; }
        public int kinesisPort() { return 0; }
        public int kinesisTlsPort() { return 0; }
        public boolean warehouse() { return false; }
        public int postgresPort() { return 0; }
        public String emulatorsDir() { return System.getProperty("tributary.local.emulators-dir"); }
        public String kinesisDir() { return System.getProperty("tributary.local.kinesis-dir"); }
        public String node() { return "node"; }
        public String accessKey() { return "test"; }
        public String secretKey() { return "test"; }
        public Duration startupTimeout() { return Duration.ofSeconds(60); }
        public int emulatorHeapMb() { return 160; }
        @Override
        public io.tributary.TributaryConfig.MockApi mockApi() { return null; } // LocalAws does not serve it
    }

    @Test
    void aFullHeapIsNamedWithTheSettingToChange(@TempDir Path state) throws Exception {
        LocalAws.freshConnections();
        try (LogCapture log = new LogCapture(LocalAws.class.getName());
             LocalAws aws = new LocalAws(new SmallHeap(state.toString()))) {
            LocalAws.Endpoints endpoints = aws.start();
            try (S3Client s3 = AwsClients.withPlainUploads(S3Client.builder()).endpointOverride(URI.create(endpoints.s3()))
                    .forcePathStyle(true).region(Region.US_EAST_1).httpClient(io.tributary.aws.LocalS3HttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build()) {
                s3.createBucket(b -> b.bucket("bkt"));
                byte[] body = new byte[4 << 20];
                boolean failed = false;
                for (int i = 0; i < 100 && !failed; i++) {
                    int n = i;
                    try {
                        s3.putObject(p -> p.bucket("bkt").key("k" + n), RequestBody.fromBytes(body));
                    } catch (RuntimeException e) {
                        failed = true;
                    }
                }
                assertTrue(failed, "400 MB into a 160 MB heap");
                String warning = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.lines()
                        .stream().filter(l -> l.contains("ran out of memory")).findFirst().orElse(null), l -> l != null);
                assertTrue(warning.contains("The local AWS emulators ran out of memory (heap 160 MB, tributary.local"
                        + ".emulator-heap-mb): their S3 fails requests until memory frees up. In memory, every object and"
                        + " item is held in their heap: give them more, or run without --in-memory"), warning);
                assertTrue(log.lines().stream().filter(l -> l.contains("ran out of memory")).count() == 1, "said once");
            }
        }
    }
}
