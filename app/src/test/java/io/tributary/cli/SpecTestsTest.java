package io.tributary.cli;

import io.tributary.clean.DatasetCatalog;
import io.tributary.clean.DatasetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spec tests: the shipped ones pass (so the project's test command runs them), and a failing one says where. */
class SpecTestsTest {

    private static final Path ROUTES = Path.of("..", "routes");

    private static String run(Path routes, int expectedCode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SpecTests.run(routes, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedCode, code, text);
        return text;
    }

    @Test
    void everyShippedSpecHasATestAndAllPass() {
        String out = run(ROUTES, 0);
        for (DatasetSpec spec : DatasetCatalog.load(ROUTES.resolve("datasets"), "t-").all()) {
            assertTrue(out.contains("PASS " + spec.name() + ".test.yaml"), spec.name() + " has a passing spec test:\n" + out);
        }
    }

    @Test
    void aFailingSpecTestNamesTheFileTheRowAndTheColumn(@TempDir Path routes) throws Exception {
        Path datasets = Files.createDirectories(routes.resolve("datasets"));
        Files.writeString(datasets.resolve("people.yaml"), """
                name: people
                match: "people*.csv"
                columns: {age: int}
                output: {csv: true}
                """);
        Files.writeString(datasets.resolve("people.test.yaml"), """
                input: |
                  name,age
                  Ana,35
                  Bo,old
                expect:
                  rows:
                    - {name: Ana, age: 36, height: 170}
                  rejected: []
                  dropped: {}
                """);
        String out = run(routes, 1);
        assertTrue(out.contains("FAIL people.test.yaml\n"), out);
        assertTrue(out.contains("  expect.rows[0].age: expected 36, got 35\n"), out);
        assertTrue(out.contains("  expect.rows[0].height: no such output column (columns: name, age)\n"), out);
        assertTrue(out.contains("  expect.rejected: expected none, got [line 3 type: column age: 'old' is not a valid"
                + " int]\n"), out);
        assertTrue(out.endsWith("1 spec tests, 1 failed\n"), out);
    }

    @Test
    void aSpecTestOfNoSpecFails(@TempDir Path routes) throws Exception {
        Path datasets = Files.createDirectories(routes.resolve("datasets"));
        Files.writeString(datasets.resolve("ghost.test.yaml"), "input: |\n  a\n  1\n");
        String out = run(routes, 1);
        assertTrue(out.contains("FAIL ghost.test.yaml\n  spec: no spec named ghost\n"), out);
    }
}
