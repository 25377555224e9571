package io.tributary.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tributary check}: the shipped routes and specs are clean; each kind of mistake is named with file and line. */
class CheckTest {

    private static String run(Path routes, int expectedCode) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Check.run(routes, Check.settings(), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedCode, code, text);
        return text;
    }

    @Test
    void theShippedRoutesAndSpecsHaveNoProblem() throws Exception {
        String out = run(Path.of("..", "routes"), 0);
        assertTrue(out.matches("(?s)\\d+ files checked, 0 problems\\n"), out);
    }

    @Test
    void eachMistakeIsNamedWithItsFileAndLine(@TempDir Path routes) throws Exception {
        Path flows = Files.createDirectories(routes.resolve("flows"));
        Path datasets = Files.createDirectories(routes.resolve("datasets"));
        Files.writeString(flows.resolve("mine.camel.yaml"), """
                # a flow with mistakes
                - route:
                    id: mine
                    from:
                      uri: "timer:mine"
                      parameters:
                        period: "{{tributary.no-such-setting}}"
                        delay: "{{tributary.other:1000}}"
                      steps:
                        - bean:
                            ref: cleanJobs
                            method: publsh
                        - bean:
                            ref: nobody
                            method: anything
                """);
        Files.writeString(flows.resolve("broken.camel.yaml"), "- route:\n    id: [unclosed\n");
        Files.writeString(datasets.resolve("bad_key.yaml"), """
                name: bad_key
                match: "a*.csv"
                output:
                  parquet:
                    compression: lz4
                """);
        Files.writeString(datasets.resolve("bad_expr.yaml"), """
                name: bad_expr
                match: "b*.csv"
                derive:
                  total: "a + * b"
                output:
                  columns: [a, total]
                  parquet: {partition_by: [day]}
                """);
        Files.writeString(datasets.resolve("bad_expr.test.yaml"), "not: a spec\n");

        String out = run(routes, 1);
        Path mine = flows.resolve("mine.camel.yaml");
        assertTrue(out.contains(mine + ":7: {{tributary.no-such-setting}} is not a setting of Tributary"), out);
        assertTrue(!out.contains("tributary.other"), "a placeholder with a default is fine: " + out);
        assertTrue(out.contains(mine + ":12: bean 'cleanJobs' has no method 'publsh' (its methods: "), out);
        assertTrue(out.contains(mine + ":15: bean 'nobody' does not exist (beans: "), out);
        assertTrue(out.contains(flows.resolve("broken.camel.yaml") + ":2: not valid YAML: while parsing a flow sequence: "
                + "expected ',' or ']', but got <stream end>"), out);
        assertTrue(out.contains(datasets.resolve("bad_key.yaml") + ":5: output.parquet.compression: 'lz4' is not one"
                + " of snappy, zstd, gzip, none"), out);
        assertTrue(out.contains(datasets.resolve("bad_expr.yaml") + ":4: derive.total: cannot parse 'a + * b'"), out);
        assertTrue(out.contains(datasets.resolve("bad_expr.yaml") + ":7: output.parquet.partition_by: 'day' is not one"
                + " of output.columns (a, total)"), out);
        assertTrue(out.endsWith("4 files checked, 7 problems\n"), out);
    }
}
