package io.tributary.local;

import io.tributary.TributaryConfig;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The built-in local AWS: starts the emulators of module local-aws as one child process
 * (S3Proxy, DynamoDB Local with Streams, kinesis-local, and PostgreSQL as the local warehouse) on
 * loopback ports, and stops them when
 * {@link #close()} is called: by Tributary after its routes have stopped, so that work in flight
 * still reaches the emulators. The child runs in a session of its own (through {@code setsid}
 * where there is one), so a terminal's Ctrl-C reaches Tributary only and not the emulators
 * under it; it also stops by itself when this JVM dies, because it watches its stdin.
 * Used by local mode and by the tests, never in AWS.
 */
public final class LocalAws implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalAws.class);
    private static final String READY = "TRIBUTARY-LOCAL-AWS READY";
    /**
     * How a line of the emulators' output that is logged as a warning starts (LocalAwsServer.WARNING;
     * not plain "WARNING: ", which java.util.logging writes for the emulators' own chatter).
     */
    private static final String WARNING = "TRIBUTARY-LOCAL-AWS WARNING: ";
    private static final String MAIN = "io.tributary.localaws.LocalAwsServer";

    /**
     * Where one running emulator set answers.
     *
     * @param postgres the local warehouse's JDBC URL, or null when it is off ({@code tributary.local.warehouse})
     */
    public record Endpoints(String s3, String dynamodb, String kinesis, String postgres) {
    }

    /** The local warehouse's user and database (PostgreSQL's own; trust on loopback, no password). */
    public static final String POSTGRES_USER = "postgres";
    public static final String POSTGRES_DATABASE = "postgres";

    /** The JDBC URL of the local warehouse on a port. */
    public static String postgresUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + POSTGRES_DATABASE + "?user=" + POSTGRES_USER;
    }

    private final TributaryConfig.Local config;
    private Process process;
    private Endpoints endpoints;
    private Path logFile;
    private volatile boolean outOfMemorySaid;
    /** The ports chosen at the first start: a restart keeps them, so every client's endpoint stays right. */
    private int[] ports;
    private final List<Runnable> onRestart = new java.util.concurrent.CopyOnWriteArrayList<>();

    public LocalAws(TributaryConfig.Local config) {
        this.config = config;
    }

    /**
     * HTTP connections to the emulators are not kept alive (a JVM-wide setting of the JDK's
     * HttpURLConnection, which the SDK's url-connection client uses; local mode talks to nothing
     * else). S3Proxy leaves a pooled connection in a state its next request fails on ("Unexpected end
     * of file from server", "Error writing request body to server", on every SDK attempt): after any
     * conditional PUT it refuses, and now and then after accepted uploads. A new loopback
     * connection per call costs microseconds. Call before the first HTTP connection of the JVM.
     */
    public static void freshConnections() {
        System.setProperty("http.keepAlive", "false");
    }

    public synchronized Endpoints start() {
        if (endpoints != null) {
            return endpoints;
        }
        Path state = Path.of(config.stateDir()).toAbsolutePath();
        stopLeftovers(state);
        ports = new int[]{choosePort(config.s3Port(), "tributary.local.s3-port"),
                choosePort(config.dynamodbPort(), "tributary.local.dynamodb-port"),
                choosePort(config.kinesisPort(), "tributary.local.kinesis-port"),
                choosePort(config.kinesisTlsPort(), "tributary.local.kinesis-tls-port"),
                config.warehouse() ? choosePort(config.postgresPort(), "tributary.local.postgres-port") : -1};
        File lib = Path.of(config.emulatorsDir(), "lib").toAbsolutePath().toFile();
        if (!lib.isDirectory()) {
            throw new IllegalStateException("The local AWS emulators are not built: " + lib
                    + " is missing (tributary.local.emulators-dir). Build them with ./mvnw -pl local-aws package.");
        }
        try {
            Files.createDirectories(state.resolve("logs"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the local state folder " + state
                    + " (tributary.local.state-dir): " + e.getMessage(), e);
        }
        logFile = state.resolve("logs/local-aws.log");
        long started = System.nanoTime();
        launch(state, lib);
        LOG.infof("Local AWS ready in %d ms (%s, emulator log %s)", TimeUnit.NANOSECONDS.toMillis(
                System.nanoTime() - started), config.inMemory() ? "in memory" : "state in " + state, logFile);
        return endpoints;
    }

    /**
     * Adds what to do once the emulators were started again after they stopped on their own
     * (provision them, clean again what failed while they were gone), in the order added.
     */
    public void onRestart(Runnable action) {
        onRestart.add(action);
    }

    /** Starts the child on the chosen ports, waits until it is ready, and watches it. */
    private void launch(Path state, File lib) {
        List<String> command = new ArrayList<>();
        setsid().ifPresent(command::add);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + config.emulatorHeapMb() + "m", "-XX:+UseSerialGC",
                "-cp", lib + File.separator + "*",
                MAIN,
                "--s3-port=" + ports[0], "--dynamodb-port=" + ports[1],
                "--kinesis-port=" + ports[2], "--kinesis-tls-port=" + ports[3],
                "--state-dir=" + state,
                "--kinesis-dir=" + Path.of(config.kinesisDir()).toAbsolutePath(),
                "--node=" + config.node(),
                "--access-key=" + config.accessKey(), "--secret-key=" + config.secretKey()));
        if (ports[4] > 0) {
            command.add("--postgres-port=" + ports[4]);
        }
        if (config.inMemory()) {
            command.add("--in-memory");
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the local AWS emulators: " + e.getMessage(), e);
        }
        awaitReady();
        endpoints = new Endpoints("http://127.0.0.1:" + ports[0], "http://127.0.0.1:" + ports[1],
                "http://127.0.0.1:" + ports[2], ports[4] > 0 ? postgresUrl(ports[4]) : null);
        Process watched = process;
        watched.onExit().thenRun(() -> {
            Thread restart = new Thread(() -> restartAfter(watched, state, lib), "local-aws-restart");
            restart.setDaemon(true);
            restart.start();
        });
    }

    /**
     * The emulators stopped without being asked (killed, crashed): says so once and starts them
     * again on the same ports, a few times if need be; the routes then go on from their checkpoints
     * and the state table.
     */
    private void restartAfter(Process died, Path state, File lib) {
        synchronized (this) {
            if (process != died) {
                return; // closed by Tributary, or already started again
            }
            LOG.errorf("The local AWS emulators stopped on their own (exit code %d; see %s): starting them again"
                    + " on the same ports", died.exitValue(), logFile);
            long started = System.nanoTime();
            for (int attempt = 1; attempt <= 3; attempt++) {
                try {
                    awaitPortsFree();
                    launch(state, lib);
                    LOG.infof("Local AWS is back in %d ms%s", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                            config.inMemory() ? " (in memory: empty, provisioned again)" : "");
                    break;
                } catch (RuntimeException e) {
                    process = null;
                    endpoints = null;
                    if (attempt == 3) {
                        LOG.errorf("The local AWS emulators could not be started again (%s): stop Tributary and"
                                + " start it again", e.getMessage());
                        return;
                    }
                    try {
                        Thread.sleep(2000L * attempt);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    process = died; // still the one that died: nothing closed it meanwhile
                }
            }
        }
        for (Runnable action : onRestart) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.errorf("The local AWS emulators are back, but setting them up again failed: %s", e.getMessage());
            }
        }
    }

    /** Waits (up to 15 s) until the ports the emulators had are free again: a child of theirs may still hold one. */
    private void awaitPortsFree() {
        long deadline = System.currentTimeMillis() + 15_000;
        for (int port : ports) {
            if (port < 0) {
                continue; // not started
            }
            while (true) {
                try {
                    choosePort(port, "a port of the local AWS");
                    break;
                } catch (IllegalStateException busy) {
                    if (System.currentTimeMillis() > deadline) {
                        throw busy;
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw busy;
                    }
                }
            }
        }
    }

    /**
     * Stops emulators an earlier Tributary left running on this state folder (it died in a way that
     * gave them no chance to stop, on a machine without the parent watch): they would hold its ports
     * and its files. Only processes started for this very folder are touched.
     */
    static void stopLeftovers(Path state) {
        String server = MAIN + " ";
        String folder = "--state-dir=" + state;
        String preload = state.resolve("kinesis-preload.js").toString();
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> {
                    String line = p.info().commandLine().orElse("");
                    return line.contains(server) && (line.contains(folder + " ") || line.endsWith(folder))
                            || line.contains(preload);
                }).toList();
        for (ProcessHandle p : leftovers) {
            LOG.warnf("Stopping a local AWS emulator an earlier run left on %s (pid %d: %s)", state, p.pid(),
                    p.info().command().orElse("?"));
            p.destroy();
        }
        for (ProcessHandle p : leftovers) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * util-linux's {@code setsid}, which runs the child in a new session (the same process: a
     * child of the JVM is no process group leader, so it does not fork). Without it (not Linux,
     * a minimal image) the child shares the terminal, and a Ctrl-C stops it at once.
     */
    static Optional<String> setsid() {
        for (String dir : new String[]{"/usr/bin", "/bin"}) {
            Path candidate = Path.of(dir, "setsid");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /** Copies the child's output to the log file and completes when it reports ready. */
    private void awaitReady() {
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        List<String> tail = new ArrayList<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
                 PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                         java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
                String line;
                while ((line = out.readLine()) != null) {
                    log.println(line);
                    if (line.startsWith(WARNING)) {
                        LOG.warn(line.substring(WARNING.length()));
                    }
                    if (line.contains("java.lang.OutOfMemoryError") && !outOfMemorySaid) {
                        // S3Proxy answers 500 and drops uploads meanwhile: say why, once
                        outOfMemorySaid = true;
                        LOG.warnf("The local AWS emulators ran out of memory (heap %d MB, tributary.local."
                                + "emulator-heap-mb): their S3 fails requests until memory frees up. %s", config
                                .emulatorHeapMb(), config.inMemory() ? "In memory, every object and item is held in"
                                + " their heap: give them more, or run without --in-memory" : "Give them more");
                    }
                    if (line.equals(READY)) {
                        ready.complete(true);
                    } else if (!ready.isDone()) {
                        synchronized (tail) {
                            tail.add(line);
                            if (tail.size() > 20) {
                                tail.remove(0);
                            }
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
            ready.complete(false);
        }, "local-aws-output");
        pump.setDaemon(true);
        pump.start();
        boolean ok;
        try {
            ok = ready.get(config.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("The local AWS emulators did not start within "
                    + config.startupTimeout() + " (tributary.local.startup-timeout); see " + logFile);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Interrupted while the local AWS emulators started", e);
        }
        if (!ok) {
            String lastLines;
            synchronized (tail) {
                lastLines = String.join("\n  ", tail);
            }
            close();
            throw new IllegalStateException("The local AWS emulators failed to start; last output (full log "
                    + logFile + "):\n  " + lastLines);
        }
    }

    /**
     * A configured port must be free on loopback, and the message names the setting to change;
     * port 0 picks a free one.
     */
    static int choosePort(int port, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            // like the emulators themselves: a port in TIME_WAIT after a restart is free, a listening one is not
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " is already in use on 127.0.0.1: set " + setting
                    + " (environment variable " + setting.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_')
                    + ") to a free port, or 0 to pick one");
        }
    }

    public synchronized Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        endpoints = null;
        try {
            p.getOutputStream().close(); // the child's cue to stop
        } catch (IOException ignored) {
            // already gone
        }
        long stopping = System.nanoTime();
        try {
            // the Kinesis emulator saves all its streams as it stops: up to 50 s for a large one
            if (p.waitFor(60, TimeUnit.SECONDS)) {
                LOG.infof("Local AWS stopped in %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
            } else {
                LOG.warnf("Local AWS did not stop within 60 s; killing it (see %s)", logFile);
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
