package io.tributary.local;

import io.tributary.TributaryConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalAwsPortTest {

    /** Local-mode settings as a user would set them, with one port chosen by the test. */
    record Settings(int s3Port, int dynamodbPort, String emulatorsDir) implements TributaryConfig.Local {
        Settings(int s3Port, int dynamodbPort) {
            this(s3Port, dynamodbPort, System.getProperty("tributary.local.emulators-dir"));
        }

        public boolean enabled() { return true; }
        public boolean inMemory() { return true; }
        public String stateDir() { return "target/port-test-state"; }
        public int kinesisPort() { return 0; }
        public int kinesisTlsPort() { return 0; }
        public String kinesisDir() { return System.getProperty("tributary.local.kinesis-dir"); }
        public String node() { return "node"; }
        public String accessKey() { return "test"; }
        public String secretKey() { return "test"; }
        public Duration startupTimeout() { return Duration.ofSeconds(60); }
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
}
