package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.SpecException;
import io.tributary.clean.SpecKeys;
import io.tributary.clean.SpecKeys.Key;
import io.tributary.clean.SpecKeys.Section;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spec keys' one declaration drives the docs, the JSON Schema and the parser alike: the
 * checked-in schema and docs tables are what {@link SpecSchemaFiles} makes from it (run this test
 * with {@code -Dtributary.rewrite=true} to rewrite them), every shipped spec passes the schema an
 * editor uses, and the schema and the parser refuse the same mistakes.
 */
class SpecSchemaFilesTest {
    private static final Path PROJECT = Path.of("..");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    @BeforeAll
    static void rewriteWhenAsked() throws IOException {
        if (Boolean.getBoolean("tributary.rewrite")) {
            SpecSchemaFiles.main(new String[] {PROJECT.toString()});
        }
    }

    @Test
    void theCheckedInSchemaAndDocsTablesAreMadeFromTheDeclarations() throws IOException {
        Path schemaFile = PROJECT.resolve(SpecSchemaFiles.SCHEMA_FILE);
        Path docsFile = PROJECT.resolve(SpecSchemaFiles.DOCS_FILE);
        String hint = " is stale: run ./mvnw -q -o test -pl app -Dtest=SpecSchemaFilesTest -Dtributary.rewrite=true";
        assertEquals(SpecSchemaFiles.jsonSchema(), Files.exists(schemaFile) ? Files.readString(schemaFile) : "",
                SpecSchemaFiles.SCHEMA_FILE + hint);
        String docs = Files.readString(docsFile);
        assertEquals(SpecSchemaFiles.withKeyTables(docs), docs, SpecSchemaFiles.DOCS_FILE + hint);
        assertEquals(List.of(), SpecSchemaFiles.undocumentedSections(docs), "sections with keys no docs table shows");
        assertTrue(docs.contains("| `output.parquet.max_partitions` | whole number ≥ 1 | `500` (as Firehose's"),
                "the tables show each key's declaration");
    }

    @Test
    void everyShippedSpecPassesTheSchemaAndNamesIt() throws IOException {
        Schema schema = schema();
        List<Path> specs;
        try (Stream<Path> files = Files.list(PROJECT.resolve("routes/datasets"))) {
            specs = files.filter(p -> p.toString().endsWith(".yaml") && !p.toString().endsWith(".test.yaml"))
                    .sorted().toList();
        }
        assertFalse(specs.isEmpty());
        for (Path spec : specs) {
            String yaml = Files.readString(spec);
            assertTrue(yaml.startsWith("# yaml-language-server: $schema=../../" + SpecSchemaFiles.SCHEMA_FILE + "\n"),
                    spec + " names the schema for editors on its first line");
            assertEquals(List.of(), messages(schema.validate(YAML.readTree(yaml))), spec.toString());
            DatasetSpec.parse(yaml, spec.toString(), "t-");
        }
    }

    @Test
    void everyKeysExampleIsAValueItsShapeAccepts() {
        Schema empty = REGISTRY.getSchema(SpecSchemaFiles.schemaOf(new SpecKeys.Text("any")));
        assertFalse(empty.validate(YAML.createObjectNode()).isEmpty(), "the per-key check can fail");
        for (Section section : SpecKeys.ALL) {
            for (Key key : section.keys()) {
                JsonNode example = SpecSchemaFiles.example(key);
                Schema schema = REGISTRY.getSchema(SpecSchemaFiles.schemaOf(key.shape()));
                assertEquals(List.of(), messages(schema.validate(example)), section + "." + key.name() + " example "
                        + key.example());
            }
        }
    }

    /** Mistakes an editor marks (the schema) and startup refuses (the parser), alike. */
    @Test
    void theSchemaAndTheParserRefuseTheSameMistakes() throws IOException {
        Schema schema = schema();
        String base = "name: t\nmatch: \"t*.csv\"\n";
        List<String> wrong = List.of(
                "colums: {a: int}",
                "format: {type: xml}",
                "format: {header: yes please}",
                "format: {flatten: {max_depth: 0}}",
                "format: {delimitr: \";\"}",
                "columns: {a: integer}",
                "columns: {a: {type: int, outliers: {method: iqr, action: explode}}}",
                "columns: {a: {type: int, outliers: {action: clamp}}}",
                "columns: {a: {type: int, outliers: {method: iqr, k: 0}}}",
                "columns: {a: {type: int, missing: {fill: 0, other: 1}}}",
                "columns: {a: {type: int, missing: average}}",
                "columns: {a: {type: int, requird: true}}",
                "derive: {b: {type: int}}",
                "derive: {b: {expr: \"a + 1\", typ: int}}",
                "duplicates: maybe",
                "duplicates: {keep: middle}",
                "output: {s3: true}",
                "output: {csv: {delimiter: \";\"}}",
                "output: {parquet: {compression: lz4}}",
                "output: {parquet: {row_group_mb: 2048}}",
                "output: {parquet: {max_partitions: 0}}",
                "output: {dynamodb: {key: id}}",
                "rows: {drop_when: {x: [1]}}",
                "api: {path: /x}",
                "api: {url: u, pagination: {type: pages}}",
                "api: {url: u, incremental: {cursor_field: updated_at}}",
                "api: {url: u, api_key: {vault: x}}",
                "api: {url: u, retries: 50}",
                "api: {url: u, params: {a: [1, 2]}}",
                "export: {partition_by: [a], compression: lz4}",
                "export: {every: hour}");
        for (String mistake : wrong) {
            String yaml = base + mistake + "\n";
            assertFalse(schema.validate(YAML.readTree(yaml)).isEmpty(), "the schema accepts " + mistake);
            assertThrows(SpecException.class, () -> DatasetSpec.parse(yaml, "t.yaml", "t-"), "the parser accepts "
                    + mistake);
        }
        List<String> right = List.of(
                "format: {type: jsonl, flatten: {separator: \"__\", max_depth: 2}, unnest: [items]}",
                "format: {delimiter: \"\\\\t\", null_values: [\"\", \"-\"]}",
                "columns: {a: \"decimal(10,2)\", b: {type: timestamp, timezone: Europe/Lisbon, format: [iso]}}",
                "columns: {a: {type: double, missing: median, outliers: {method: z_score, threshold: 2.5}}}",
                "columns: {a: {type: int, missing: {fill: 0}}}",
                "derive: {b: \"a\", c: {expr: \"a\", type: long}}",
                "duplicates: {columns: [a], keep: last}",
                "duplicates: none",
                "rows: {drop_when: {x: \"a == 1\"}, keep_when: {y: \"a != 2\"}}",
                "output: {parquet: {partition_by: [a], compression: zstd}, dynamodb: false, csv: true}",
                "api: {url: \"${X:http://h}\", path: /v1/x, params: {a: b}, records: /data, pagination: {type: cursor,"
                        + " cursor_path: /next}, incremental: {cursor_field: id, param: since}, schedule: \"*/5 * * * *\"}",
                "columns: {price: {type: \"decimal(10,2)\", remove: \"$,\"}}",
                // choices in any case, - for _, as the parser takes them
                "format: {type: JSONL}\noutput: {parquet: {compression: Zstd}}\nduplicates: {columns: [a], keep: LAST}",
                "columns: {a: {type: int, missing: Last-Valid}}",
                "export: {partition_by: [a], key: [a], schedule: \"5 * * * *\"}\noutput: {jsonl: true, parquet: true}");
        for (String fine : right) {
            String yaml = base + fine + "\n";
            assertEquals(List.of(), messages(schema.validate(YAML.readTree(yaml))), fine);
            DatasetSpec.parse(yaml, "t.yaml", "t-");
        }
    }

    /** The checked-in schema, as an editor loads it. */
    static Schema schema() throws IOException {
        return REGISTRY.getSchema(new ObjectMapper().readTree(PROJECT.resolve(SpecSchemaFiles.SCHEMA_FILE).toFile()));
    }

    private static List<String> messages(List<Error> errors) {
        List<String> m = new ArrayList<>();
        errors.forEach(e -> m.add(e.getInstanceLocation() + ": " + e.getMessage()));
        return m;
    }
}
