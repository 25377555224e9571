package io.tributary.local;

import io.tributary.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalAwsPortTest {

    /** Local-mode settings as a user would set them, with one port chosen by the test. */
    record Settings(int s3Port, int dynamodbPort, String emulatorsDir, boolean inMemory, String stateDir)
            implements TributaryConfig.Local {
        Settings(int s3Port, int dynamodbPort) {
            this(s3Port, dynamodbPort, System.getProperty("tributary.local.emulators-dir"));
        }

        Settings(int s3Port, int dynamodbPort, String emulatorsDir) {
            this(s3Port, dynamodbPort, emulatorsDir, true, "target/port-test-state");
        }

        public boolean enabled() { return true; }
        public int kinesisPort() { return 0; }
        public int kinesisTlsPort() { return 0; }
        public boolean warehouse() { return false; }
        public int postgresPort() { return 0; }
        public String kinesisDir() { return System.getProperty("tributary.local.kinesis-dir"); }
        public String node() { return "node"; }
        public String accessKey() { return "test"; }
        public String secretKey() { return "test"; }
        public Duration startupTimeout() { return Duration.ofSeconds(60); }
        public int emulatorHeapMb() { return 512; }
        @Override
        public io.tributary.TributaryConfig.MockApi mockApi() { return null; } // LocalAws does not serve it
    }

    @Test
    void startupWithABusyPortNamesThePortAndTheSetting() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = busy.getLocalPort();

            IllegalStateException s3 = assertThrows(IllegalStateException.class,
                    () -> new LocalAws(new Settings(port, 0)).start());
            assertEquals("Port " + port + " is already in use on 127.0.0.1: set tributary.local.s3-port "
                    + "(environment variable TRIBUTARY_LOCAL_S3_PORT) to a free port, or 0 to pick one", s3.getMessage());

            IllegalStateException dynamodb = assertThrows(IllegalStateException.class,
                    () -> new LocalAws(new Settings(0, port)).start());
            assertEquals("Port " + port + " is already in use on 127.0.0.1: set tributary.local.dynamodb-port "
                    + "(environment variable TRIBUTARY_LOCAL_DYNAMODB_PORT) to a free port, or 0 to pick one",
                    dynamodb.getMessage());
        }
    }

    @Test
    void missingEmulatorsSayHowToBuildThem() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new LocalAws(new Settings(0, 0, "target/no-such-dir")).start());
        assertTrue(e.getMessage().contains("tributary.local.emulators-dir")
                && e.getMessage().contains("./mvnw -pl local-aws package"), e.getMessage());
    }

    /** The session id of a process (Linux: field 6 of /proc/<pid>/stat, after the command's parenthesis). */
    static long session(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }

    @Test
    void aKinesisStateCutShortIsSetAsideAndTheEmulatorsStillStart(@TempDir Path state) throws Exception {
        // the Kinesis emulator killed while it saved its streams leaves an empty file it cannot start from
        Path saved = Files.createDirectories(state.resolve("kinesis")).resolve("kinesis-data.json");
        Files.createFile(saved);
        try (LocalAws aws = new LocalAws(new Settings(0, 0, System.getProperty("tributary.local.emulators-dir"),
                false, state.toString()))) {
            LocalAws.Endpoints endpoints = aws.start();
            // a session of their own: a terminal's Ctrl-C (SIGINT to the foreground process group) is not theirs
            ProcessHandle emulators = ProcessHandle.current().children().filter(p -> p.info().commandLine()
                    .orElse("").contains("LocalAwsServer")).findFirst().orElseThrow();
            assertNotEquals(session(ProcessHandle.current().pid()), session(emulators.pid()));
            try (KinesisClient kinesis = KinesisClient.builder().endpointOverride(URI.create(endpoints.kinesis()))
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build()) {
                assertEquals(List.of(), kinesis.listStreams().streamNames(), "it starts with no streams");
            }
        }
        try (Stream<Path> files = Files.list(state.resolve("kinesis"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("kinesis-data.json.unreadable-")), names.toString());
        }
        assertTrue(Files.readString(state.resolve("logs/local-aws.log")).contains(
                "TRIBUTARY-LOCAL-AWS WARNING: the Kinesis emulator could not start from its saved state"), "the log says what happened");
    }

    @Test
    void everyPortOfTheLocalStackListensOnLoopbackOnly(@TempDir Path state) throws Exception {
        try (LocalAws aws = new LocalAws(new Settings(0, 0, System.getProperty("tributary.local.emulators-dir"),
                true, state.toString()))) {
            aws.start();
            ProcessHandle emulators = ProcessHandle.current().children().filter(p -> p.info().commandLine()
                    .orElse("").contains("LocalAwsServer") && p.info().commandLine().orElse("").contains(state.toString()))
                    .findFirst().orElseThrow();
            List<ProcessHandle> tree = Stream.concat(Stream.of(emulators), emulators.descendants()).toList();
            assertTrue(tree.size() >= 2, "the child JVM and the Kinesis emulator: " + tree);
            java.util.Set<String> sockets = new java.util.HashSet<>();
            for (ProcessHandle p : tree) {
                try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
                    fds.forEach(fd -> {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            if (target.startsWith("socket:[")) {
                                sockets.add(target.substring(8, target.length() - 1));
                            }
                        } catch (java.io.IOException gone) {
                            // closed while listed
                        }
                    });
                }
            }
            List<String> listening = new java.util.ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                List<String> lines = Files.readAllLines(Path.of(table)); // read once: it changes as sockets come and go
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f[3].equals("0A") && sockets.contains(f[9])) { // LISTEN, and one of the stack's sockets
                        listening.add(f[1]);
                    }
                }
            }
            // S3, DynamoDB, Kinesis plain and TLS
            assertTrue(listening.size() >= 4, "the stack's listening sockets: " + listening);
            for (String address : listening) {
                String host = address.substring(0, address.indexOf(':'));
                assertTrue(host.equals("0100007F") || host.equals("00000000000000000000000001000000")
                        || host.equals("0000000000000000FFFF00000100007F"),
                        "listening on " + address + " (hex, as /proc/net/tcp says), not on loopback: " + listening);
            }
        }
    }
}
