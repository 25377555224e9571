package io.tributary.it;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application as a user runs it ({@code java -jar quarkus-run.jar}, local mode, state
 * on disk under a temporary home), on ports of its own, with clients of its emulators.
 */
final class LocalApp {

    final Path home;
    final int s3Port = freePort();
    final int dynamodbPort = freePort();
    final int kinesisPort = freePort();
    final int kinesisTlsPort = freePort();
    private final List<Process> started = new ArrayList<>();

    LocalApp(String prefix) throws IOException {
        home = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix);
    }

    Path log() {
        return home.resolve("app.log");
    }

    /**
     * Starts the application with these further settings ({@code -D…}); {@code launcher} goes
     * before {@code java} (e.g. {@code setsid}), or is empty.
     */
    Process start(List<String> launcher, String... settings) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.profile=local",
                "-Dquarkus.http.port=0",
                "-Dtributary.local.state-dir=" + home.resolve("state"),
                "-Dtributary.local.s3-port=" + s3Port,
                "-Dtributary.local.dynamodb-port=" + dynamodbPort,
                "-Dtributary.local.kinesis-port=" + kinesisPort,
                "-Dtributary.local.kinesis-tls-port=" + kinesisTlsPort,
                "-Dtributary.local.postgres-port=0",
                "-Dtributary.local.mock-api.port=0",
                "-Dtributary.local.emulators-dir=" + System.getProperty("tributary.local.emulators-dir"),
                "-Dtributary.local.kinesis-dir=" + System.getProperty("tributary.local.kinesis-dir"),
                "-Dtributary.routes-dir=" + System.getProperty("tributary.routes-dir"),
                "-Dtributary.inbox.dir=" + home.resolve("inbox"),
                "-Dtributary.spool-dir=" + home.resolve("spool")));
        command.addAll(List.of(settings));
        command.addAll(List.of("-jar", System.getProperty("tributary.app-jar")));
        Process app = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        started.add(app);
        return app;
    }

    /**
     * Stops every process this started that is still running as a user would (SIGTERM: the
     * application stops its emulators after its routes), and waits until the emulators are down,
     * so that none is left saving its state while the next test runs; SIGKILL after 90 s.
     */
    void destroy() throws InterruptedException {
        for (Process app : started) {
            if (app.isAlive()) {
                app.destroy();
                if (!app.waitFor(90, TimeUnit.SECONDS)) {
                    app.destroyForcibly().waitFor();
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (emulatorsListening() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    S3Client s3() {
        return S3Client.builder().region(Region.US_EAST_1).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true)
                .endpointOverride(URI.create("http://127.0.0.1:" + s3Port)).build();
    }

    DynamoDbClient dynamodb() {
        return DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:" + dynamodbPort)).build();
    }

    /** Whether any of the emulators still answers. */
    static final String HOTEL_TABLE = "tributary-hotel-bookings";

    /**
     * Waits until the hotel bookings table exists, drops the sample's first 3,000 rows into the
     * inbox as {@code name}, and waits until their DynamoDB load has begun.
     */
    void dropHotelRowsAndAwaitTheirLoad(DynamoDbClient dynamodb, String name) throws IOException {
        Path inbox = home.resolve("inbox");
        Files.createDirectories(inbox);
        List<String> sample = Files.readAllLines(Path.of("..", "samples", "hotel_bookings.csv"),
                java.nio.charset.StandardCharsets.UTF_8);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(180))
                .pollInterval(java.time.Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> dynamodb.describeTable(d -> d.tableName(HOTEL_TABLE)).table() != null);
        Files.write(inbox.resolve(name), sample.subList(0, 3001), java.nio.charset.StandardCharsets.UTF_8);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120))
                .pollInterval(java.time.Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> hotelItems(dynamodb) > 0);
    }

    /** The items in the hotel bookings table. */
    static int hotelItems(DynamoDbClient dynamodb) {
        return dynamodb.scanPaginator(s -> s.tableName(HOTEL_TABLE)
                        .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT)).stream()
                .mapToInt(page -> page.count()).sum();
    }

    /** The emulator processes of this app's state folder that are running (its JVM and the Kinesis emulator). */
    java.util.List<ProcessHandle> emulatorProcesses() {
        String state = home.resolve("state").toAbsolutePath().toString();
        return ProcessHandle.allProcesses().filter(p -> {
            String line = p.info().commandLine().orElse("");
            return line.contains(state) && !line.contains("quarkus-run.jar"); // not the app itself
        }).toList();
    }

    boolean emulatorsListening() {
        return listening(s3Port) || listening(dynamodbPort) || listening(kinesisPort);
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
