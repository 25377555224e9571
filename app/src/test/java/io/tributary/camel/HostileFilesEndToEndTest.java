package io.tributary.camel;

import io.tributary.Datasets;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.LogCapture;
import io.tributary.aws.RawStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of hostile files (src/test/resources/hostile/, and a few made here), each with its
 * expected outcome, dropped through the inbox and checked against the emulators: rows in = out +
 * dropped + rejected, one DynamoDB item per row out, the raw object byte for byte the file, no U+FFFD
 * the input lacked, nothing left in the inbox, one log line per failure and no stack trace.
 */
@QuarkusTest
class HostileFilesEndToEndTest extends PipelineTestSupport {

    @Inject
    Datasets datasets;

    /** What should become of a file. */
    sealed interface Outcome {
    }

    /** Cleaned: this many rows out, and rows rejected (and dropped) by rule. */
    record Cleaned(long out, Map<String, Long> rejected, Map<String, Long> dropped) implements Outcome {
        Cleaned(long out) {
            this(out, Map.of(), Map.of());
        }

        Cleaned(long out, String rule, long rejected) {
            this(out, Map.of(rule, rejected), Map.of());
        }
    }

    /** Ingested, then its cleaning fails with this reason: the raw object is kept, nothing is loaded. */
    record Failed(String reason) implements Outcome {
    }

    /** Not ingested: moved to the failed folder with this reason. */
    record Refused(String reason) implements Outcome {
    }

    record Case(String name, Supplier<byte[]> content, Outcome outcome) {
    }

    private static Supplier<byte[]> resource(String name) {
        return () -> {
            try (InputStream in = HostileFilesEndToEndTest.class.getResourceAsStream("/hostile/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("no test resource hostile/" + name);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static Supplier<byte[]> utf8(String text) {
        return () -> text.getBytes(StandardCharsets.UTF_8);
    }

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        // rows that share a source line: each its own item
        cases.add(new Case("array_one_line.json", resource("array-one-line.json"), new Cleaned(60)));
        // names a filesystem allows
        // (each with content of its own: a file whose content is already in raw/ is not uploaded again)
        for (String name : List.of("données.csv", "My Data (v2) é.csv", "日本語.csv", "emoji 😀.csv",
                "a #1 + b % & c.csv", "tab\there.csv")) {
            cases.add(new Case(name, utf8("id,file\n1," + name.replace("\t", " ") + "\n2,Lyon\n"), new Cleaned(2)));
        }
        cases.add(new Case("empty.csv", () -> new byte[0], new Refused("empty.csv is empty (0 bytes)")));
        cases.add(new Case("binary.csv", () -> {
            byte[] bytes = new byte[200_000];
            new Random(18).nextBytes(bytes);
            return bytes;
        }, new Failed("binary.csv is not text: a NUL byte at offset")));
        cases.add(new Case("nul_late.csv", () -> {
            StringBuilder csv = new StringBuilder("id,v\n");
            for (int i = 0; csv.length() < 70_000; i++) {
                csv.append(i).append(",value ").append(i).append('\n');
            }
            byte[] bytes = (csv + "x,\0\n").getBytes(StandardCharsets.UTF_8);
            return bytes;
        }, new Failed("nul_late.csv is not text: a NUL byte at offset")));
        cases.add(new Case("big_row.csv", utf8("id,text\n1,small\n2," + "x".repeat(420_000) + "\n3,fine\n"),
                new Cleaned(2, "dynamodb_item_size", 1)));
        cases.add(new Case("ten_mb_line.csv", utf8("id,text\n1,small\n2," + "y".repeat(10 << 20) + "\n3,fine\n"),
                new Cleaned(2, "dynamodb_item_size", 1)));
        cases.add(new Case("nested_300.jsonl", utf8("{\"id\":1,\"a\":" + "{\"a\":".repeat(299) + "1" + "}".repeat(300)
                + "\n{\"id\":2,\"a\":null}\n"), new Cleaned(1, "dynamodb_nesting", 1)));
        cases.add(new Case("latin1.csv", resource("latin1.csv"), new Cleaned(3)));
        cases.add(new Case("nulls.csv", resource("nulls.csv"), new Cleaned(9)));
        cases.add(new Case("nested_arrays.json", resource("nested-arrays.json"), new Cleaned(2)));
        cases.add(new Case("ragged.csv", resource("ragged.csv"), new Cleaned(2, "column_count", 2)));
        cases.add(new Case("unclosed_quote.csv", resource("unclosed-quote.csv"), new Cleaned(1, "malformed", 1)));
        cases.add(new Case("bom_utf8.csv", resource("bom-utf8.csv"), new Cleaned(2)));
        cases.add(new Case("bom_utf16le.csv", resource("bom-utf16le.csv"), new Cleaned(2)));
        cases.add(new Case("bom_utf16be.csv", resource("bom-utf16be.csv"), new Cleaned(2)));
        cases.add(new Case("crlf.csv", resource("crlf.csv"), new Cleaned(2)));
        cases.add(new Case("lone_cr.csv", resource("lone-cr.csv"), new Cleaned(2)));
        cases.add(new Case("header_only.csv", resource("header-only.csv"), new Cleaned(0)));
        cases.add(new Case("duplicate_header.csv", resource("duplicate-header.csv"),
                new Failed("the file's header has two columns named 'name'")));
        cases.add(new Case("truncated_array.json", resource("truncated-array.json"), new Cleaned(2, "malformed", 1)));
        cases.add(new Case("beyond_double.csv", resource("beyond-double.csv"), new Cleaned(3)));
        cases.add(new Case("beyond_38_digits.json", resource("beyond-38-digits.json"), new Cleaned(2)));
        cases.add(new Case("zero_nan_inf.csv", resource("zero-nan-inf.csv"), new Cleaned(5)));
        cases.add(new Case("scripts.csv", resource("scripts.csv"), new Cleaned(7)));
        cases.add(new Case("semicolon.csv", resource("semicolon.csv"), new Cleaned(2)));
        cases.add(new Case("blank_lines.csv", resource("blank-lines.csv"), new Cleaned(2)));
        cases.add(new Case("json_scalars.jsonl", resource("json-scalars.jsonl"), new Cleaned(2, "malformed", 3)));
        cases.add(new Case("broken_jsonl.jsonl", resource("broken-jsonl.jsonl"), new Cleaned(2, "malformed", 1)));
        cases.add(new Case("quotes_inside.csv", resource("quotes-inside.csv"), new Cleaned(3)));
        cases.add(new Case("replacement_char.csv", resource("replacement-char.csv"), new Cleaned(2)));
        // a declared spec (UTF-8) and a row in Latin-1: that row is rejected, the others flow
        cases.add(new Case("user_profiles_mixed_bytes.csv", resource("user_profiles_mixed_bytes.csv"),
                new Cleaned(2, "encoding", 1)));
        return cases;
    }

    @Test
    void everyHostileFileEndsWhereItShouldAndNothingIsLostOrChanged() throws Exception {
        List<Case> cases = corpus();
        assertTrue(cases.size() >= 30, "a corpus of at least 30 files: " + cases.size());
        assertEquals(cases.size(), cases.stream().map(Case::name).distinct().count(), "each name once");
        Map<Case, byte[]> contents = new LinkedHashMap<>();
        try (LogCapture log = new LogCapture("")) {
            for (Case c : cases) {
                byte[] bytes = c.content().get();
                contents.put(c, bytes);
                Path source = Files.createTempFile("hostile", ".bin");
                Files.write(source, bytes);
                drop(source, c.name());
                Files.delete(source);
            }
            for (Case c : cases) {
                check(c, contents.get(c), log);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (Stream<Path> left = Files.list(inbox())) {
                    return left.map(p -> p.getFileName().toString()).allMatch(n -> n.equals(".done")
                            || n.equals(".failed"));
                }
            });
            assertEquals(List.of(), log.withStackTraces(), "no stack trace for an explained failure");
        }
    }

    private String rawKey(String name) {
        return config.rawPrefix() + datasets.datasetOf(name) + "/" + RawStore.keyName(name);
    }

    private void check(Case c, byte[] input, LogCapture log) throws IOException {
        String name = c.name();
        String at = name + ": ";
        if (c.outcome() instanceof Refused refused) {
            Path reason = inbox().resolve(config.inbox().failedDir()).resolve(name + ".error.txt");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(reason));
            assertTrue(Files.readString(reason).contains(refused.reason()), at + Files.readString(reason));
            assertArrayEquals(input, Files.readAllBytes(inbox().resolve(config.inbox().failedDir()).resolve(name)),
                    at + "the file is kept as it was");
            assertEquals(1, errorLines(log, name), at + "one line");
            return;
        }
        String rawKey = rawKey(name);
        Map<String, AttributeValue> state = awaitOutcome(rawKey, Duration.ofSeconds(240));
        assertArrayEquals(input, s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(rawKey)).asByteArray(),
                at + "the raw object is the file, byte for byte");
        String table = config.tablePrefix() + datasets.datasetOf(name).replace('_', '-');
        if (c.outcome() instanceof Failed failed) {
            assertEquals("failed", state.get("status").s(), at + state);
            assertTrue(state.get("reason").s().contains(failed.reason()), at + state.get("reason").s());
            assertEquals(1, errorLines(log, rawKey), at + "one line");
            if (datasets.forRawObject(datasets.datasetOf(name), name).isEmpty()) {
                assertThrows(ResourceNotFoundException.class, () -> dynamodb.describeTable(d -> d.tableName(table)),
                        at + "no table is created for a file that is not cleaned");
            }
            return;
        }
        Cleaned expected = (Cleaned) c.outcome();
        assertEquals("cleaned", state.get("status").s(), at + state);
        long in = Long.parseLong(state.get("rows_in").n());
        long out = Long.parseLong(state.get("rows_out").n());
        Map<String, Long> rejected = counts(state.get("rejected"));
        Map<String, Long> dropped = counts(state.get("dropped"));
        assertEquals(expected.out(), out, at + state);
        assertEquals(expected.rejected(), rejected, at + "rejected by rule");
        if (!expected.dropped().isEmpty()) {
            assertEquals(expected.dropped(), dropped, at + "dropped by rule");
        }
        assertEquals(in, out + sum(rejected) + sum(dropped), at + "rows in = out + dropped + rejected");
        // the one file of the corpus that holds U+FFFD itself (EF BF BD in UTF-8)
        boolean inputHasReplacement = name.equals("replacement_char.csv");
        String cleanBase = config.cleanPrefix() + datasets.datasetOf(name) + "/"
                + RawStore.keyName(name).substring(0, RawStore.keyName(name).lastIndexOf('.'));
        for (String ext : List.of(".csv", ".jsonl")) {
            String clean = text(cleanBase + ext);
            assertEquals(inputHasReplacement, clean.contains("\uFFFD"), at + ext + " holds no U+FFFD the input lacked");
        }
        if (sum(rejected) > 0) {
            String rejectedRows = text(config.rejectedPrefix() + cleanBase.substring(config.cleanPrefix().length())
                    + ".csv");
            assertFalse(rejectedRows.contains("\uFFFD"), at + "nor do the rejected rows: " + rejectedRows.lines()
                    .limit(5).toList());
        }
        if (name.startsWith("user_profiles")) {
            // keyed by id: the rows out are there, the one that did not decode is not
            item("tributary-user-profiles", Map.of("id", AttributeValue.fromN("1")));
            item("tributary-user-profiles", Map.of("id", AttributeValue.fromN("3")));
            assertTrue(dynamodb.getItem(g -> g.tableName("tributary-user-profiles")
                    .key(Map.of("id", AttributeValue.fromN("2")))).item().isEmpty(), at + "row 2 was rejected");
            return;
        }
        List<Map<String, AttributeValue>> items = items(table, rawKey);
        assertEquals(out, items.size(), at + "one DynamoDB item per row out (no key collisions)");
        assertEquals(inputHasReplacement, items.stream().anyMatch(HostileFilesEndToEndTest::holdsReplacement),
                at + "no U+FFFD in DynamoDB that the file lacked (and the file's own kept): " + items);
        expectations(name, items, cleanBase);
    }

    /** What particular files must hold beyond the invariants. */
    private void expectations(String name, List<Map<String, AttributeValue>> items, String cleanBase)
            throws IOException {
        switch (name) {
            case "latin1.csv" -> {
                assertTrue(text(cleanBase + ".csv").contains("Málaga"), text(cleanBase + ".csv"));
                JsonNode report = json(config.reportsPrefix() + "latin1/latin1.json");
                assertEquals("windows-1252", report.get("encoding").asText());
            }
            case "nested_arrays.json" -> {
                assertTrue(lines(cleanBase + ".jsonl").get(0).contains("\"tags\":[\"gift\",\"rush\"]"),
                        "nested values stay JSON");
                Map<String, AttributeValue> first = items.stream().filter(i -> i.get("order_id").n().equals("1"))
                        .findFirst().orElseThrow();
                assertEquals(List.of("gift", "rush"), first.get("tags").l().stream().map(AttributeValue::s).toList());
                assertEquals("A", first.get("products").l().get(0).m().get("sku").s(), "a list of maps in DynamoDB");
            }
            case "nulls.csv" -> assertEquals(8, items.stream().filter(i -> i.get("n").nul() != null
                    && i.get("n").nul()).count(), "every null token, trimmed, is missing");
            case "bom_utf8.csv" -> assertEquals("id,name", lines(cleanBase + ".csv").get(0), "no BOM in the name");
            case "scripts.csv" -> assertTrue(text(cleanBase + ".csv").contains("中文名字")
                    && text(cleanBase + ".csv").contains("😀 emoji"));
            default -> {
            }
        }
    }

    /** The error lines that name a file. */
    private static long errorLines(LogCapture log, String naming) {
        return log.lines().stream().filter(l -> (l.startsWith("ERROR") || l.startsWith("SEVERE")) && l.contains(naming))
                .count();
    }

    private List<Map<String, AttributeValue>> items(String table, String rawKey) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamodb.scanPaginator(s -> s.tableName(table).filterExpression("begins_with(row_id, :p)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(rawKey + "#")))).items().forEach(items::add);
        return items;
    }

    private static boolean holdsReplacement(Map<String, AttributeValue> item) {
        return item.values().stream().anyMatch(HostileFilesEndToEndTest::holdsReplacement);
    }

    private static boolean holdsReplacement(AttributeValue v) {
        if (v.s() != null) {
            return v.s().contains("\uFFFD");
        }
        if (v.hasL()) {
            return v.l().stream().anyMatch(HostileFilesEndToEndTest::holdsReplacement);
        }
        return v.hasM() && holdsReplacement(v.m());
    }

    private static Map<String, Long> counts(AttributeValue v) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (v != null && v.hasM()) {
            v.m().forEach((k, n) -> counts.put(k, Long.parseLong(n.n())));
        }
        return counts;
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
