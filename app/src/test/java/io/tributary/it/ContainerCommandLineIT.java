package io.tributary.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What docker/Dockerfile.jvm would run, run here without Docker: its ENTRYPOINT command line and
 * ENV, with the image's paths (/routes, /data/inbox, /tmp/tributary-spool, /app/quarkus-run.jar)
 * mapped to folders of the test, the same jar, pointed at the local emulators. Its HEALTHCHECK
 * command must pass, and a file dropped in the mounted inbox must be cleaned.
 */
class ContainerCommandLineIT {

    static final Path DOCKERFILE = Path.of("../docker/Dockerfile.jvm");
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        // as `docker stop` does: SIGTERM, and the routes and the emulators stopped before the next test
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** The Dockerfile with continuation lines joined. */
    static List<String> instructions() throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            if (line.startsWith("#") && current.isEmpty()) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                lines.add(current.append(line).toString().trim());
                current.setLength(0);
            }
        }
        return lines;
    }

    static String instruction(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow()
                .substring(name.length() + 1).trim();
    }

    /** ["a", "b"] → a, b (the exec form). */
    static List<String> execForm(String json) throws IOException {
        List<String> parts = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).forEach(n -> parts.add(n.asText()));
        return parts;
    }

    @Test
    void theImagesCommandLineAndEnvironmentRunTheJarCleanAFileAndPassTheHealthCheck() throws Exception {
        List<String> dockerfile = instructions();
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "tributary-image-");
        Map<String, Path> paths = Map.of("/routes", root.resolve("routes"), "/data/inbox", root.resolve("inbox"),
                "/tmp/tributary-spool", root.resolve("spool"), "/app/quarkus-run.jar",
                Path.of(System.getProperty("tributary.app-jar")));
        // COPY routes/ /routes/ : the image starts with the repository's routes
        Path routes = Path.of(System.getProperty("tributary.routes-dir"));
        try (Stream<Path> files = Files.walk(routes)) {
            for (Path f : files.toList()) {
                Path target = paths.get("/routes").resolve(routes.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.createDirectories(paths.get("/data/inbox"));

        Map<String, String> env = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(instruction(dockerfile, "ENV"));
        while (pair.find()) {
            env.put(pair.group(1), mapPaths(pair.group(2).replaceAll("^\"|\"$", ""), paths));
        }
        assertEquals(paths.get("/routes").toString(), env.get("TRIBUTARY_ROUTES_DIR"));
        int http = freePort();
        int s3Port = freePort();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
        // the image points at AWS; here the same environment points at the built-in local AWS instead
        env.put("TRIBUTARY_LOCAL_ENABLED", "true");
        env.put("TRIBUTARY_LOCAL_IN_MEMORY", "true");
        env.put("TRIBUTARY_LOCAL_STATE_DIR", root.resolve("state").toString());
        env.put("TRIBUTARY_LOCAL_S3_PORT", Integer.toString(s3Port));
        env.put("TRIBUTARY_LOCAL_DYNAMODB_PORT", "0");
        env.put("TRIBUTARY_LOCAL_KINESIS_PORT", "0");
        env.put("TRIBUTARY_LOCAL_KINESIS_TLS_PORT", "0");
        env.put("TRIBUTARY_LOCAL_POSTGRES_PORT", "0");
        env.put("TRIBUTARY_LOCAL_EMULATORS_DIR", System.getProperty("tributary.local.emulators-dir"));
        env.put("TRIBUTARY_LOCAL_KINESIS_DIR", System.getProperty("tributary.local.kinesis-dir"));
        env.put("TRIBUTARY_RAW_POLL_INTERVAL", "500ms");

        List<String> entrypoint = execForm(instruction(dockerfile, "ENTRYPOINT"));
        List<String> command = new ArrayList<>(entrypoint.subList(0, entrypoint.size() - 1));
        command.add(mapPaths(entrypoint.get(entrypoint.size() - 1), paths)
                .replace("exec java", "exec " + Path.of(System.getProperty("java.home"), "bin", "java")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve("container.log").toFile());
        builder.environment().putAll(env);
        started.add(builder.start());

        List<String> healthCheck = execForm(instruction(dockerfile, "HEALTHCHECK").replaceFirst("^.*?CMD ", ""));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> run(healthCheck, env) == 0);

        Files.copy(Path.of("src/test/resources/samples/user_profiles.csv"), root.resolve("user_profiles.csv"));
        Files.move(root.resolve("user_profiles.csv"), paths.get("/data/inbox").resolve("user_profiles.csv"));
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).endpointOverride(URI.create("http://127.0.0.1:" + s3Port))
                .build()) {
            String clean = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> s3.getObjectAsBytes(g -> g.bucket("tributary-local")
                            .key("clean/user_profiles/user_profiles.jsonl")).asUtf8String(), s -> !s.isEmpty());
            assertEquals(5, clean.lines().count());
        }
        assertTrue(Files.exists(paths.get("/data/inbox").resolve(".done/user_profiles.csv")),
                "the ingested file moved to the inbox's .done/");
    }

    static String mapPaths(String value, Map<String, Path> paths) {
        String mapped = value;
        for (Map.Entry<String, Path> p : paths.entrySet()) {
            mapped = mapped.replace(p.getKey(), p.getValue().toString());
        }
        return mapped;
    }

    static int run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().putAll(env);
        Process p = b.start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
