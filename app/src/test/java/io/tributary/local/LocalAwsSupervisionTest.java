package io.tributary.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local stack notices its emulators died and starts them again; no emulator outlives its supervisor. */
class LocalAwsSupervisionTest {

    private static LocalAwsPortTest.Settings settings(Path state) {
        return new LocalAwsPortTest.Settings(0, 0, System.getProperty("tributary.local.emulators-dir"), true,
                state.toString());
    }

    /** The emulators' JVM of this state folder (the test JVM may run the application's too). */
    private static ProcessHandle emulatorJvm(Path state) {
        return ProcessHandle.current().children().filter(p -> p.info().commandLine().orElse("")
                        .contains("LocalAwsServer") && p.info().commandLine().orElse("").contains(state.toString()))
                .filter(ProcessHandle::isAlive).findFirst().orElseThrow();
    }

    @Test
    void emulatorsKilledWithSigkillComeBackOnTheSamePortsAndLeaveNoOrphan(@TempDir Path state) throws Exception {
        List<ProcessHandle> all;
        try (LocalAws aws = new LocalAws(settings(state))) {
            LocalAws.Endpoints endpoints = aws.start();
            AtomicInteger restarts = new AtomicInteger();
            aws.onRestart(restarts::incrementAndGet);
            ProcessHandle jvm = emulatorJvm(state);
            List<ProcessHandle> kinesis = jvm.descendants().toList();
            assertFalse(kinesis.isEmpty(), "the Kinesis emulator runs under the emulators' JVM");

            jvm.destroyForcibly(); // SIGKILL: no chance to stop its children
            for (ProcessHandle orphan : kinesis) {
                orphan.onExit().get(10, TimeUnit.SECONDS); // it notices its parent is gone, and stops
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (restarts.get() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, restarts.get(), "started again, once");
            assertEquals(endpoints, aws.endpoints(), "on the same ports");
            ProcessHandle again = emulatorJvm(state);
            assertTrue(again.pid() != jvm.pid());
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoints.s3())).forcePathStyle(true)
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build();
                 KinesisClient k = KinesisClient.builder().endpointOverride(URI.create(endpoints.kinesis()))
                         .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                         .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                         .build()) {
                s3.createBucket(b -> b.bucket("back-again"));
                assertEquals(List.of("back-again"), s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
                assertEquals(List.of(), k.listStreams().streamNames());
            }
            all = Stream.concat(Stream.of(again), again.descendants()).toList();
        }
        for (ProcessHandle p : all) {
            p.onExit().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void emulatorsAnEarlierRunLeftOnTheSameStateFolderAreStopped(@TempDir Path state, @TempDir Path other)
            throws Exception {
        // processes whose command lines are those of emulators started for a state folder
        Process ours = new ProcessBuilder("bash", "-c", "sleep 300; : io.tributary.localaws.LocalAwsServer --s3-port=1"
                + " --state-dir=" + state.toAbsolutePath() + " --kinesis-dir=x").start();
        Process node = new ProcessBuilder("bash", "-c", "sleep 300; : node --require "
                + state.toAbsolutePath().resolve("kinesis-preload.js") + " main.js").start();
        Process theirs = new ProcessBuilder("bash", "-c", "sleep 300; : io.tributary.localaws.LocalAwsServer"
                + " --state-dir=" + other.toAbsolutePath() + " --kinesis-dir=x").start();
        try {
            LocalAws.stopLeftovers(state.toAbsolutePath());
            assertTrue(ours.waitFor(5, TimeUnit.SECONDS), "the emulator JVM left on this folder is stopped");
            assertTrue(node.waitFor(5, TimeUnit.SECONDS), "and its Kinesis emulator");
            assertTrue(theirs.isAlive(), "another folder's are not touched");
        } finally {
            theirs.destroyForcibly();
            ours.destroyForcibly();
            node.destroyForcibly();
        }
    }
}
