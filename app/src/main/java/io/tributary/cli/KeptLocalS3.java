package io.tributary.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local stack's S3 started over its kept state ({@code <state-dir>/s3}) for the time of one
 * command, when the stack itself is not running: the same emulator as {@code ./tributary local}'s
 * (its child process, with {@code --s3-only}), on a free loopback port, stopped when closed.
 */
final class KeptLocalS3 implements AutoCloseable {

    private static final String READY = "TRIBUTARY-LOCAL-AWS READY";
    private final Process process;
    private final String endpoint;

    private KeptLocalS3(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Whether something accepts connections at an {@code http://host:port} endpoint. */
    static boolean answers(String endpoint) {
        java.net.URI uri = java.net.URI.create(endpoint);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts S3 over the kept state; throws {@link IllegalStateException} saying what to do when
     * there is no kept state or the emulators are not built.
     */
    static KeptLocalS3 start(Path stateDir, Path emulators, String accessKey, String secretKey) throws IOException {
        Path state = stateDir.toAbsolutePath();
        if (!Files.isDirectory(state.resolve("s3"))) {
            throw new IllegalStateException("The local stack is not running and has no kept state in " + state
                    + " (start it: ./tributary local, and drop a file into its inbox)");
        }
        Path lib = emulators.resolve("lib").toAbsolutePath();
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("The local AWS emulators are not built (" + lib + "): ./mvnw package");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", lib + java.io.File.separator + "*", "io.tributary.localaws.LocalAwsServer", "--s3-only",
                "--s3-port=" + port, "--state-dir=" + state, "--access-key=" + accessKey,
                "--secret-key=" + secretKey));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        KeptLocalS3 s3 = new KeptLocalS3(process, "http://127.0.0.1:" + port);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder said = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals(READY)) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // it stopped
                    }
                }, "kept-s3-output");
                drain.setDaemon(true);
                drain.start();
                return s3;
            }
            said.append(line).append('\n');
        }
        s3.close();
        throw new IllegalStateException("The local S3 did not start over " + state + ":\n" + said);
    }

    String endpoint() {
        return endpoint;
    }

    /** Stops it: its stdin closes, which ends it (as when Tributary exits). */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
