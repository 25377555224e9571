package io.tributary.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages by role, as the main sources' imports and qualified names make them: no cycle
 * between packages (so {@code aws} and {@code camel} cannot import each other again), and a
 * cleaning core ({@code clean}, {@code format}, {@code lake}) with no Camel, AWS, Quarkus or CDI in it.
 */
class PackageDependenciesTest {
    private static final Path MAIN = Path.of("src/main/java/io/tributary");
    private static final Pattern USE = Pattern.compile("\\bio\\.tributary\\.([a-z]+)\\.[A-Z]");
    private static final Pattern FRAMEWORK = Pattern.compile(
            "^import (static )?(org\\.apache\\.camel|software\\.amazon|io\\.quarkus|jakarta)\\.", Pattern.MULTILINE);

    @Test
    void noPackageDependsOnItselfThroughAnother() throws IOException {
        Map<String, Set<String>> uses = uses();
        assertTrue(uses.keySet().containsAll(List.of("aws", "camel", "clean", "local", "sinks")), uses.toString());
        List<String> cycles = new ArrayList<>();
        for (String from : uses.keySet()) {
            List<String> path = cycle(from, from, uses, new ArrayList<>(List.of(from)), new TreeSet<>());
            if (path != null) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), cycles, "package cycles (imports: " + uses + ")");
    }

    @Test
    void theCleaningCoreKnowsNoFramework() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String core : List.of("clean", "format", "lake")) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(core))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = FRAMEWORK.matcher(Files.readString(f));
                    if (m.find()) {
                        offenders.add(MAIN.relativize(f) + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    /** Package (the root one is "") to the packages its classes name. */
    static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path dir = MAIN.relativize(f).getParent();
                String from = dir == null ? "" : dir.toString().replace('/', '.');
                Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
                String source = Files.readString(f);
                Matcher m = USE.matcher(source);
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
                // the root package's classes (TributaryConfig, Datasets) are named io.tributary.X
                if (!from.isEmpty() && Pattern.compile("\\bimport io\\.tributary\\.[A-Z]").matcher(source).find()) {
                    to.add("");
                }
            }
        }
        return uses;
    }

    private static List<String> cycle(String start, String at, Map<String, Set<String>> uses, List<String> path,
                                      Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> found = new ArrayList<>(path);
                found.add(next);
                return found;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycle(start, next, uses, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
