package io.tributary.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tributary try}: a local file cleaned offline, what the spec did shown, every output in a folder. */
class TryFileTest {

    private static final Path ROUTES = Path.of("..", "routes");

    @TempDir
    Path dir;

    private record Ran(int code, String out, String err) {
    }

    private Ran run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TryFile.run(args, ROUTES, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFileItsSpecClaimsIsCleanedIntoEveryOutputTheSpecDeclares() throws Exception {
        List<String> sample = Files.readAllLines(Path.of("..", "samples", "hotel_bookings.csv"));
        Path file = dir.resolve("hotel_bookings_try.csv");
        // 30 rows, and one whose adults are not a number
        String broken = sample.get(2).replaceFirst("^((?:[^,]*,){9})2,", "$1two,");
        Files.write(file, List.of(sample.get(0), String.join("\n", sample.subList(1, 31)), broken));
        Path out = dir.resolve("out");

        Ran ran = run(file.toString(), "--out", out.toString());

        assertEquals(0, ran.code(), ran.err());
        assertTrue(ran.out().contains("hotel_bookings_try.csv: spec " + ROUTES.resolve("datasets/hotel_bookings.yaml")),
                ran.out());
        assertTrue(ran.out().matches("(?s).*\\[hotel_bookings]: rows in 31, out \\d+, dropped \\d+.*, rejected 1 "
                + "\\(type=1\\).*"), ran.out());
        assertTrue(ran.out().contains("First 10 clean rows"), ran.out());
        assertTrue(ran.out().contains("\nhotel        | is_canceled | lead_time |"), ran.out());
        assertTrue(ran.out().contains("  line 32 [type]: column adults: 'two' is not a valid int"), ran.out());
        for (String output : List.of("clean.csv", "clean.jsonl", "items.jsonl", "rejected.csv", "report.json")) {
            assertTrue(Files.exists(out.resolve(output)), output);
            assertTrue(ran.out().contains("  " + output + " ("), output + " listed");
        }
        assertTrue(ran.out().contains("parquet/hotel=Resort Hotel/arrival_date_year=2015/hotel_bookings_try-local"
                + ".parquet"), ran.out());
    }

    @Test
    void aFileNoSpecClaimsGetsItsInferredSpecPrinted() throws Exception {
        Path file = dir.resolve("sensor_log.csv");
        Files.writeString(file, "sensor;reading;at\ns1;21.5;2024-05-01T10:00:00Z\ns2;NA;2024-05-01T10:05:00Z\n");
        Ran ran = run(file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, ran.code(), ran.err());
        assertTrue(ran.out().contains("sensor_log.csv: no spec claims it; inferring one"), ran.out());
        assertTrue(ran.out().contains("Inferred spec (save it as " + ROUTES.resolve("datasets/sensor_log.yaml")),
                ran.out());
        assertTrue(ran.out().contains("name: sensor_log") && ran.out().contains("reading: double"), ran.out());
        // saved as it is printed, it names the schema and passes it, as an editor would check it
        String yaml = ran.out().substring(ran.out().indexOf("# yaml-language-server: $schema=../../"
                + SpecSchemaFiles.SCHEMA_FILE + "\n"));
        yaml = yaml.substring(0, yaml.indexOf("\nOutputs in "));
        assertEquals(List.of(), SpecSchemaFilesTest.schema().validate(new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml)));
    }

    @Test
    void aSpecCanBeNamedAndAnUnknownNameListsTheSpecs() throws Exception {
        Path file = dir.resolve("profiles_export.csv");
        Files.writeString(file, "id,name,email,phone_number,created_at,age,address\n"
                + "1,Ana,ana@example.com,,2024-01-01T10:00:00Z,35,Porto\n");
        Ran named = run(file.toString(), "--spec", "user_profiles", "--out", dir.resolve("a").toString());
        assertEquals(0, named.code(), named.err());
        assertTrue(named.out().contains("[user_profiles]: rows in 1, out 1"), named.out());

        Ran unknown = run(file.toString(), "--spec", "profiles");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().startsWith("no spec named profiles in " + ROUTES.resolve("datasets")
                + " (there are: "), unknown.err());
        assertTrue(unknown.err().contains("user_profiles"), unknown.err());
    }

    @Test
    void aFileThatCannotBeCleanedSaysWhyWithExitCodeOne() throws Exception {
        Path binary = dir.resolve("image.csv");
        Files.write(binary, new byte[]{'a', ',', 'b', '\n', 0, 1, 2, '\n'});
        Ran ran = run(binary.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, ran.code());
        assertTrue(ran.err().contains("image.csv is not text: a NUL byte at offset 4"), ran.err());

        assertEquals(2, run(dir.resolve("missing.csv").toString()).code());
        assertEquals(2, run().code());
    }
}
