package io.tributary.sinks;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RejectedRow;
import io.tributary.clean.SpecException;
import io.tributary.format.FileCleaning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What `output:` declares is what a clean writes: which sinks, with which options, and the errors of a bad declaration. */
class DeclaredSinksTest {

    @TempDir
    Path dir;

    private static DatasetSpec spec(String output) {
        return DatasetSpec.parse("name: t\nmatch: t.csv\ncolumns: {id: int}\n" + output, "t.yaml", "t-");
    }

    private Sinks clean(DatasetSpec spec, String data, List<RejectedRow> rejected) throws IOException {
        Path raw = dir.resolve("raw");
        Files.writeString(raw, data, StandardCharsets.UTF_8);
        Sinks sinks = new Sinks(new CleanFile("t", "t", "raw/t/t.csv", "0badcafe", Instant.now(), dir,
                new CleanFile.Layout("clean/", "curated/", "catalog/", 1 << 20)));
        FileCleaning.clean(spec, "t", "t.csv", "t-", raw, dir.resolve("rejected.csv"), sinks, rejected::add);
        return sinks;
    }

    private static List<String> keys(Sinks sinks) {
        return sinks.all().stream().map(Sink::key).toList();
    }

    @Test
    void aSpecThatNamesNoSinkWritesToAllOfThem() throws IOException {
        assertEquals(List.of("csv", "jsonl", "parquet", "dynamodb"), keys(clean(spec(""), "id\n1\n", new ArrayList<>())));
        assertEquals(List.of("csv", "jsonl", "parquet", "dynamodb"),
                keys(clean(spec("output: {columns: [id]}"), "id\n1\n", new ArrayList<>())));
    }

    @Test
    void aSpecThatNamesSomeSinksWritesToThoseOnly() throws IOException {
        Sinks sinks = clean(spec("output: {jsonl: true, parquet: {compression: zstd}, csv: false}"), "id\n1\n",
                new ArrayList<>());
        assertEquals(List.of("jsonl", "parquet"), keys(sinks), "in the order Tributary runs them");
        assertTrue(Files.exists(dir.resolve("clean.jsonl")));
        assertFalse(Files.exists(dir.resolve("clean.csv")));
        assertTrue(Files.exists(dir.resolve("parquet/t-0badcafe.parquet")));
    }

    @Test
    void withDynamoDbOffNoItemsAreWrittenAndRowsAreNotHeldToDynamoDbsLimits() throws IOException {
        List<RejectedRow> rejected = new ArrayList<>();
        String big = "x".repeat(500_000); // an item DynamoDB would refuse (over 400 KB)
        Sinks sinks = clean(spec("output: {csv: true, dynamodb: false}"), "id,text\n1," + big + "\n", rejected);
        assertEquals(List.of("csv"), keys(sinks));
        assertEquals(List.of(), rejected);
        assertFalse(Files.exists(dir.resolve("items.jsonl")));
        assertEquals(2, Files.readAllLines(dir.resolve("clean.csv")).size());
        assertEquals(null, spec("output: {csv: true, dynamodb: false}").dynamodb());
    }

    @Test
    void theNameTemplateMayAddTheCleanTime() throws IOException {
        DatasetSpec spec = spec("output: {parquet: {file_name: \"{stem}_{cleaned_at}_{version}\"}}");
        Path raw = dir.resolve("raw");
        Files.writeString(raw, "id\n1\n", StandardCharsets.UTF_8);
        Sinks sinks = new Sinks(new CleanFile("t", "orders", "raw/t/orders.csv", "0badcafe",
                Instant.parse("2026-12-03T19:45:07Z"), dir, new CleanFile.Layout("clean/", "curated/", "catalog/", 1 << 20)));
        FileCleaning.clean(spec, "t", "orders.csv", "t-", raw, dir.resolve("rejected.csv"), sinks, r -> {
        });
        assertTrue(Files.exists(dir.resolve("parquet/orders_20261203T194507Z_0badcafe.parquet")));
    }

    @Test
    void aBadDeclarationIsAnErrorNamingTheKey() {
        assertEquals("t.yaml: output.parquet.compression: 'lz4' is not one of snappy, zstd, gzip, none",
                assertThrows(SpecException.class, () -> spec("output: {parquet: {compression: lz4}}")).getMessage());
        assertEquals("t.yaml: output.s3: unknown key (allowed here: columns, csv, jsonl, parquet, dynamodb, warehouse)",
                assertThrows(SpecException.class, () -> spec("output: {s3: true}")).getMessage());
        assertEquals("t.yaml: output.parquet.file_name: '{stem}-{day}': a name (no '/') made of text and {stem},"
                        + " {version}, {cleaned_at}",
                assertThrows(SpecException.class, () -> spec("output: {parquet: {file_name: \"{stem}-{day}\"}}"))
                        .getMessage());
        assertEquals("t.yaml: output.csv: expected true, false or a mapping of its options",
                assertThrows(SpecException.class, () -> spec("output: {csv: yes please}")).getMessage());
        SpecException notAColumn = assertThrows(SpecException.class, () -> clean(
                spec("output: {parquet: {partition_by: [city]}}"), "id\n1\n", new ArrayList<>()));
        assertTrue(notAColumn.getMessage().endsWith("output.parquet.partition_by: 'city' is not an output column (id)"),
                notAColumn.getMessage());
        assertEquals("t.yaml: columns.p: decimal(40,2): the precision is 1 to 38 digits and the scale (digits after"
                + " the point) at most the precision, as in decimal(10,2)", assertThrows(SpecException.class,
                () -> DatasetSpec.parse("name: t\nmatch: t.csv\ncolumns:\n  p: decimal(40,2)\n", "t.yaml", "t-"))
                .getMessage());
    }

    @Test
    void theVersionIsTheStartOfTheEtag() {
        assertEquals("9b2cf535", CleanFile.versionOf("\"9b2cf535f27731c974343645a3985328\""));
        assertEquals("d41d8cd9", CleanFile.versionOf("\"d41d8cd98f00b204e9800998ecf8427e-12\""));
        assertEquals("local", CleanFile.versionOf(null));
    }
}
