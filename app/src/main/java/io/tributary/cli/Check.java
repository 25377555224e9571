package io.tributary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tributary.camel.NativeImageHints;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RowExpression;
import io.tributary.clean.SpecException;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./tributary check}: checks every route and dataset spec without starting anything: the
 * YAML parses; each {@code {{setting}}} a route names is a setting Tributary has (or has a default
 * after {@code :}); each bean a route calls exists and has the method; each spec parses (every key,
 * type and option), its expressions parse, and the key and partition columns it names are among
 * its {@code output.columns} when it lists them. Each problem names the file and line; the exit
 * code is 1 when there is one.
 */
public final class Check {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}:]+)(:[^}]*)?}}");

    private Check() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(Path.of(System.getProperty("tributary.routes-dir", "routes")), settings(), System.out));
    }

    /**
     * The names of every setting Tributary has (every application.properties on the class path: the
     * app's, and in tests the test profile's too; profiles stripped).
     */
    static Properties settings() throws IOException {
        Properties properties = new Properties();
        for (java.net.URL url : java.util.Collections.list(Check.class.getClassLoader()
                .getResources("application.properties"))) {
            try (InputStream in = url.openStream()) {
                properties.load(in);
            }
        }
        Properties plain = new Properties();
        properties.stringPropertyNames().forEach(k -> plain.setProperty(k.startsWith("%") ? k.substring(k.indexOf('.') + 1)
                : k, properties.getProperty(k)));
        return plain;
    }

    /** The beans routes can call, by name: the route beans registered in {@link NativeImageHints}. */
    static Map<String, Class<?>> beans() {
        Map<String, Class<?>> beans = new LinkedHashMap<>();
        for (Class<?> type : NativeImageHints.class.getAnnotation(RegisterForReflection.class).targets()) {
            Named named = type.getAnnotation(Named.class);
            if (named != null) {
                beans.put(named.value(), type);
            }
        }
        return beans;
    }

    static int run(Path routes, Properties settings, PrintStream out) {
        List<String> problems = new ArrayList<>();
        int files = 0;
        for (String folder : List.of("sources", "flows")) {
            for (Path route : list(routes.resolve(folder), ".camel.yaml", problems)) {
                files++;
                checkRoute(route, settings, beans(), problems);
            }
        }
        for (Path spec : list(routes.resolve("datasets"), ".yaml", problems)) {
            if (!spec.toString().endsWith(".test.yaml")) {
                files++;
                checkSpec(spec, problems);
            }
        }
        problems.forEach(out::println);
        out.printf("%d files checked, %d %s%n", files, problems.size(), problems.size() == 1 ? "problem" : "problems");
        return problems.isEmpty() ? 0 : 1;
    }

    private static List<Path> list(Path dir, String suffix, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            problems.add(dir + ": " + e.getMessage());
            return List.of();
        }
    }

    private static void checkRoute(Path route, Properties settings, Map<String, Class<?>> beans, List<String> problems) {
        List<String> lines;
        JsonNode tree;
        try {
            lines = Files.readAllLines(route, StandardCharsets.UTF_8);
            tree = YAML.readTree(route.toFile());
        } catch (JsonProcessingException e) {
            problems.add(route + ":" + (e.getLocation() == null ? 1 : e.getLocation().getLineNr()) + ": not valid YAML: "
                    + yamlError(e.getOriginalMessage()));
            return;
        } catch (IOException e) {
            problems.add(route + ": " + e.getMessage());
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).stripLeading().startsWith("#")) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(lines.get(i));
            while (m.find()) {
                if (m.group(2) == null && !settings.containsKey(m.group(1).trim())) {
                    problems.add(route + ":" + (i + 1) + ": {{" + m.group(1) + "}} is not a setting of Tributary"
                            + " (application.properties; give a default as {{" + m.group(1) + ":value}})");
                }
            }
        }
        List<JsonNode> calls = new ArrayList<>();
        collectBeanCalls(tree, calls);
        for (JsonNode call : calls) {
            String ref = call.get("ref").asText();
            String method = call.get("method").asText().replaceAll("\\(.*$", "").trim();
            int line = lineOf(lines, "ref: " + ref, "method: " + method);
            Class<?> type = beans.get(ref);
            if (type == null) {
                problems.add(route + ":" + line + ": bean '" + ref + "' does not exist (beans: "
                        + String.join(", ", new TreeSet<>(beans.keySet())) + ")");
            } else if (Arrays.stream(type.getMethods()).noneMatch(x -> x.getName().equals(method)
                    && Modifier.isPublic(x.getModifiers()) && x.getDeclaringClass() != Object.class)) {
                TreeSet<String> methods = new TreeSet<>();
                for (Method x : type.getMethods()) {
                    if (x.getDeclaringClass() == type) {
                        methods.add(x.getName());
                    }
                }
                problems.add(route + ":" + line + ": bean '" + ref + "' has no method '" + method + "' (its methods: "
                        + String.join(", ", methods) + ")");
            }
        }
    }

    /** SnakeYAML's message without its source excerpts: what it was parsing, and what it expected. */
    static String yamlError(String message) {
        List<String> kept = new ArrayList<>();
        String[] lines = message.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (i == 0 || line.matches("^(expected|found|but|could not|did not|mapping|block|unexpected).*")) {
                kept.add(line);
            }
        }
        return String.join(": ", kept);
    }

    /** Every {ref, method} mapping in a route: a bean call. */
    private static void collectBeanCalls(JsonNode node, List<JsonNode> calls) {
        if (node.isObject() && node.path("ref").isTextual() && node.path("method").isTextual()) {
            calls.add(node);
        }
        node.forEach(child -> collectBeanCalls(child, calls));
    }

    /** The line of {@code second} that follows the first line holding {@code first} (1-based), else that of {@code first}. */
    private static int lineOf(List<String> lines, String first, String second) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(first)) {
                for (int j = Math.max(0, i - 1); j < Math.min(lines.size(), i + 3); j++) {
                    if (lines.get(j).contains(second)) {
                        return j + 1;
                    }
                }
                return i + 1;
            }
        }
        return 1;
    }

    private static void checkSpec(Path file, List<String> problems) {
        List<String> lines;
        DatasetSpec spec;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            try (InputStream in = Files.newInputStream(file)) {
                spec = DatasetSpec.parse(in, file.toString(), "tributary-");
            }
        } catch (SpecException e) {
            String message = e.getMessage().startsWith(file + ": ") ? e.getMessage().substring(file.toString().length() + 2)
                    : e.getMessage();
            problems.add(file + ":" + keyLine(file, message) + ": " + message);
            return;
        } catch (IOException e) {
            problems.add(file + ": " + e.getMessage());
            return;
        }
        List<String[]> expressions = new ArrayList<>();
        spec.rows().dropWhen().forEach((rule, text) -> expressions.add(new String[]{"rows.drop_when." + rule, text}));
        spec.rows().keepWhen().forEach((rule, text) -> expressions.add(new String[]{"rows.keep_when." + rule, text}));
        spec.derive().forEach((column, d) -> expressions.add(new String[]{"derive." + column, d.expression()}));
        for (String[] e : expressions) {
            String error = RowExpression.syntaxError(e[1]);
            if (error != null) {
                problems.add(file + ":" + lineOf(lines, e[0].substring(e[0].lastIndexOf('.') + 1) + ":", e[1]) + ": "
                        + e[0] + ": " + error);
            }
        }
        List<String> columns = spec.output().columns();
        if (!columns.isEmpty()) {
            List<String[]> named = new ArrayList<>();
            if (spec.dynamodb() != null) {
                named.add(new String[]{"output.dynamodb.partition_key", spec.dynamodb().partitionKey()});
                named.add(new String[]{"output.dynamodb.sort_key", spec.dynamodb().sortKey()});
            }
            if (spec.parquet() != null) {
                spec.parquet().partitionBy().forEach(c -> named.add(new String[]{"output.parquet.partition_by", c}));
            }
            for (String[] n : named) {
                if (n[1] != null && !columns.contains(n[1])) {
                    problems.add(file + ":" + lineOf(lines, n[0].substring(n[0].lastIndexOf('.') + 1) + ":", n[1]) + ": "
                            + n[0] + ": '" + n[1] + "' is not one of output.columns (" + String.join(", ", columns) + ")");
                }
            }
        }
    }

    /** The line of the last key segment a spec message names ({@code output.parquet.compression: ...}). */
    private static int keyLine(Path file, String message) {
        String key = message.contains(":") ? message.substring(0, message.indexOf(':')) : "";
        String last = key.substring(key.lastIndexOf('.') + 1).trim();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!last.isEmpty() && !line.stripLeading().startsWith("#")
                        && (line.contains(last + ":") || line.contains("\"" + last + "\":"))) {
                    return i + 1;
                }
            }
        } catch (IOException ignored) {
            // the message names the key
        }
        return 1;
    }
}
