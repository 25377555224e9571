package io.tributary.clean;

import io.tributary.format.RowSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.tributary.clean.CleanFixture.clean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nested JSON flattened and unnested; schemas inferred for files without a spec. */
class NestedJsonAndInferenceTest {

    static final String ORDERS = """
            [
              {"order_id": 1, "customer": {"name": "Ana", "address": {"city": "Porto", "geo": {"lat": 41.1}}},
               "products": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1}], "tags": ["gift", "rush"]},
              {"order_id": 2, "customer": {"name": "Bo"}, "products": []},
              {"order_id": 3, "customer": {"name": "Cy"}, "products": [{"sku": "C", "qty": 5}]}
            ]
            """;

    @Test
    void objectsAreFlattenedAndListedArraysGiveOneRowPerElement() throws IOException {
        CleanFixture.Result r = clean("""
                name: orders
                match: "*.json"
                format: {type: json, unnest: [products], flatten: {max_depth: 3}}
                columns: {order_id: int, products_qty: int}
                """, ORDERS);
        assertEquals(List.of("order_id", "customer_name", "customer_address_city", "customer_address_geo",
                "products_sku", "products_qty", "tags"), r.columns());
        assertEquals(List.of(1, 1, 2, 3), r.column("order_id"), "the order's fields repeat on each product row");
        assertEquals(Arrays.asList("A", "B", null, "C"), r.column("products_sku"),
                "an empty list gives one row without product");
        assertEquals(Arrays.asList("Ana", "Ana", "Bo", "Cy"), r.column("customer_name"));
        assertEquals("{\"lat\":41.1}", r.rows().get(0)[3], "deeper than max_depth stays JSON text");
        assertEquals("[\"gift\",\"rush\"]", r.rows().get(0)[6], "arrays not listed stay JSON text");
        assertEquals(List.of(2L, 2L, 4L, 5L), r.positions().stream().map(p -> p[0]).toList(),
                "each row keeps the line its record starts on");
        assertEquals(List.of(1L, 2L, 1L, 1L), r.positions().stream().map(p -> p[1]).toList(),
                "and its element number, for stable keys");
    }

    @Test
    void nestedValuesStayJsonInAnInferredSpecAndInAJsonColumn(@TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("orders.json"), ORDERS);
        io.tributary.format.FileCleaning.Result cleaned = io.tributary.format.FileCleaning.clean(null, "orders",
                "orders.json", "tributary-", file, io.tributary.format.FileCleaning.Outputs.in(dir).withoutItems(), null,
                rejected -> {
                });
        assertEquals(ColumnType.JSON, cleaned.spec().outputType("products"));
        assertEquals(ColumnType.JSON, cleaned.spec().outputType("tags"));
        assertTrue(cleaned.inferredYaml().contains("tags: json"), cleaned.inferredYaml());
        String jsonl = java.nio.file.Files.readAllLines(dir.resolve("clean.jsonl")).get(0);
        assertTrue(jsonl.contains("\"products\":[{\"sku\":\"A\",\"qty\":2},{\"sku\":\"B\",\"qty\":1}]"), jsonl);
        assertTrue(jsonl.endsWith("\"tags\":[\"gift\",\"rush\"]}"), "a JSON value, not a string holding JSON: " + jsonl);
        String csv = java.nio.file.Files.readAllLines(dir.resolve("clean.csv")).get(1);
        assertTrue(csv.endsWith(",\"[\"\"gift\"\",\"\"rush\"\"]\""), "JSON text in CSV: " + csv);

        CleanFixture.Result declared = clean("""
                name: t
                match: t.csv
                columns: {id: int, attrs: json}
                """, "id,attrs\n1,\"{ \"\"a\"\" : [1, 2.50] }\"\n2,{not json}\n3,\n4,7\n");
        assertEquals(Arrays.asList(new JsonValue("{\"a\":[1,2.50]}"), null, new JsonValue("7")),
                declared.column("attrs"), "made compact, every digit kept");
        assertTrue(declared.jsonl().startsWith("{\"id\":1,\"attrs\":{\"a\":[1,2.50]}}\n"), declared.jsonl());
        assertEquals(1, declared.rejected().size());
        assertEquals("type", declared.rejected().get(0).rule());
        assertTrue(declared.rejected().get(0).reason().startsWith("column attrs: '{not json}' is not JSON"),
                declared.rejected().get(0).reason());
    }

    @Test
    void aJsonFilesColumnsAreFoundOnceAndEveryLaterPassReadsItOnce() throws IOException {
        // finding a JSON file's columns is a pass over the whole file: the cleaner's passes share it
        DatasetSpec spec = CleanFixture.spec("""
                name: orders
                match: "*.json"
                format: {type: json, unnest: [products]}
                """);
        byte[] bytes = ORDERS.getBytes(StandardCharsets.UTF_8);
        int[] reads = {0};
        RowSource.Opener file = RowSources.opener(spec.format(), () -> {
            reads[0]++;
            return new ByteArrayInputStream(bytes);
        });
        List<String> columns;
        try (RowSource first = file.open()) {
            columns = first.columns();
        }
        int afterFirst = reads[0];
        for (int pass = 1; pass <= 3; pass++) {
            try (RowSource later = file.open(null, null)) {
                assertEquals(columns, later.columns());
                int rows = 0;
                while (later.hasNext()) {
                    later.next();
                    rows++;
                }
                assertEquals(4, rows);
            }
            assertEquals(afterFirst + pass, reads[0], "pass " + pass + " reads the file once");
        }
    }

    @Test
    void aFieldTheSpecNamesThatNoRecordHasIsAColumnOfMissingValues() throws IOException {
        // an API leaves out a field without value: today no order had a discount or a note
        String spec = """
                name: orders
                match: "*.%s"
                format: {type: %s, column_names: snake_case}
                columns:
                  order_id: int
                  discount: {type: decimal, missing: {fill: 0}}
                output:
                  columns: [order_id, total, discount, gift_note]
                """;
        String records = "{\"Order Id\": 1, \"total\": 9.50}\n{\"Order Id\": 2, \"total\": 4}\n";
        for (String type : List.of("jsonl", "json")) {
            String data = type.equals("json") ? "[" + records.replace("}\n{", "},\n{") + "]" : records;
            CleanFixture.Result r = clean(spec.formatted(type, type), data);
            assertEquals(List.of("order_id", "total", "discount", "gift_note"), r.columns(), type);
            assertEquals(List.of(1, 2), r.column("order_id"), type);
            assertEquals(List.of(new BigDecimal("0"), new BigDecimal("0")), r.column("discount"), type);
            assertEquals(Arrays.asList(null, null), r.column("gift_note"), type);
            assertEquals(2, r.columnReport("discount").nullsBefore(), type);
            assertEquals(List.of("column discount: every value is missing (no record has the field, or none has a value)",
                    "column gift_note: every value is missing (no record has the field, or none has a value)"),
                    r.report().warnings(), type);
            assertEquals("order_id,total,discount,gift_note\n1,9.50,0,\n2,4,0,\n", r.csv(), type);
        }
        // a CSV's header is its columns: one the spec names that it lacks is still an error
        SpecException e = assertThrows(SpecException.class, () -> clean(spec.formatted("csv", "csv"),
                "Order Id,total\n1,9.50\n"));
        assertTrue(e.getMessage().contains("columns.discount is not in the file's header"), e.getMessage());
    }

    @Test
    void theSeparatorIsConfigurable() throws IOException {
        CleanFixture.Result r = clean("""
                name: o
                match: "*.jsonl"
                format: {type: jsonl, flatten: {separator: "."}}
                """, "{\"a\": {\"b\": 1}}\n");
        assertEquals(List.of("a.b"), r.columns());
    }

    @Test
    void aRejectedJsonLinesRowKeepsItsLineAsItIsInTheFile() throws IOException {
        // one line read straight from its bytes, one with an escape that the JSON parser reads
        String plain = "{ \"id\": 2,  \"age\": \"old\" }";
        String escaped = "{\"id\":3,\"age\":\"\\u0031x\",\"note\":\"caf\u00e9\"}";
        assertRejectedAsWritten("jsonl", "{\"id\":1,\"age\":30}\n" + plain + "\r\n" + escaped + "\n",
                List.of(plain, escaped), List.of(2L, 3L));
    }

    @Test
    void aRejectedRowOfAJsonArrayKeepsItsElementAsWritten() throws IOException {
        // one element read straight from its bytes, one with an escape that the JSON parser reads
        String plain = "{\"id\": 2,\n   \"age\": \"old\"}";
        String escaped = "{\"id\":3, \"age\":\"\\u0031x\",\r\n \"note\":\"caf\u00e9\"}";
        assertRejectedAsWritten("json", "[{\"id\":1,\"age\":30},\n  " + plain + ",\n  " + escaped + "\n]\n",
                List.of(plain, escaped), List.of(2L, 4L));
    }

    /** A file of people of this type cleaned: its first row flows, the others are rejected as written, on these lines. */
    private static void assertRejectedAsWritten(String type, String data, List<String> asWritten, List<Long> lines)
            throws IOException {
        CleanFixture.Result r = clean("""
                name: people
                match: "*.%s"
                format: {type: %s}
                columns: {id: int, age: int}
                """.formatted(type, type), data);
        assertEquals(List.of(1), r.column("id"));
        assertEquals(asWritten, r.rejected().stream().map(RejectedRow::record).toList());
        assertEquals(lines, r.rejected().stream().map(RejectedRow::line).toList());
    }

    @Test
    void aLineBeyondTheParsersLimitsIsRejectedAndTheLinesAfterItStillFlow() throws IOException {
        // the JSON parser refuses a number of more than 1000 digits: that line only, not the rest of the file
        CleanFixture.Result r = clean("""
                name: people
                match: "*.jsonl"
                format: {type: jsonl}
                """, "{\"id\":1}\n{\"id\":" + "9".repeat(1200) + "}\n{\"id\":3}\n");
        assertEquals(List.of("1", "3"), r.column("id"));
        assertEquals(1, r.rejected().size());
        assertEquals(2, r.rejected().get(0).line());
        assertTrue(r.rejected().get(0).reason().startsWith("not JSON: "), r.rejected().get(0).reason());
    }

    @Test
    void aJsonLinesLineHoldingTwoObjectsIsRejectedNotReadAsItsFirst() throws IOException {
        // a lost line break: the parser would read the first object and drop the second unseen
        String glued = "{\"id\":2}{\"id\":3}";
        CleanFixture.Result r = clean("""
                name: people
                match: "*.jsonl"
                format: {type: jsonl}
                """, "{\"id\":1}\n" + glued + "\n{\"id\":4} trailing\n{\"id\":5}\n");
        assertEquals(List.of("1", "5"), r.column("id"));
        assertEquals(List.of(glued, "{\"id\":4} trailing"), r.rejected().stream().map(RejectedRow::record).toList());
        assertEquals("not JSON: more after the value at column 9", r.rejected().get(0).reason());
        assertTrue(r.rejected().get(1).reason().startsWith("not JSON: Unrecognized token 'trailing'"),
                r.rejected().get(1).reason());
    }

    @Test
    void aSyntaxErrorInAJsonArrayEndsTheFileThereAndEveryEarlierRowIsKept() throws IOException {
        // elements over several lines, as the orders sample has them; the third lacks a comma
        CleanFixture.Result r = clean("""
                name: orders
                match: "*.json"
                format: {type: json, unnest: [products]}
                """, """
                [
                  {"order_id": 1,
                   "products": [{"sku": "A"}, {"sku": "B"}]},
                  {"order_id": 2, "products": []},
                  {"order_id": 3
                   "products": [{"sku": "C"}]},
                  {"order_id": 4, "products": [{"sku": "D"}]}
                ]
                """);
        assertEquals(List.of("1", "1", "2"), r.column("order_id"));
        assertEquals(1, r.rejected().size());
        RejectedRow broken = r.rejected().get(0);
        assertEquals(5, broken.line(), "the line the broken element starts on");
        assertTrue(broken.reason().startsWith("not JSON: Unexpected character ('\"' (code 34)): was expecting comma")
                && broken.reason().endsWith("at line 6, column 4 (the rest of the file cannot be read)"), broken.reason());
    }

    @Test
    void whatFollowsAJsonFilesArrayIsRejectedNotDroppedUnseen() throws IOException {
        // two exports appended to one file: the second array is not read, and the report says so
        CleanFixture.Result r = clean("""
                name: orders
                match: "*.json"
                format: {type: json}
                """, "[{\"order_id\": 1},\n {\"order_id\": 2}]\n\n[{\"order_id\": 3}]\n");
        assertEquals(List.of("1", "2"), r.column("order_id"));
        assertEquals(1, r.rejected().size());
        assertEquals(4, r.rejected().get(0).line(), "the line the second array starts on");
        assertEquals("more after the end of the file's array: not read", r.rejected().get(0).reason());
    }

    @Test
    void aJsonFileThatHoldsNoArrayIsRefusedSayingWhatItHolds() {
        IOException e = assertThrows(IOException.class, () -> clean("""
                name: orders
                match: "*.json"
                format: {type: json}
                """, "\n{\"order_id\": 1}\n{\"order_id\": 2}\n"));
        assertEquals("a .json file must hold one array of objects (line 2 starts with START_OBJECT); "
                + "for one object per line use format.type jsonl", e.getMessage());
    }

    @Test
    void inferenceLooksAtEveryDistinctValueHoweverManyRowsRepeatOthers() throws IOException {
        // repeated texts are looked at once; a column with more distinct texts than are remembered
        // is looked at value by value: a late value that fits no narrower type still decides
        StringBuilder csv = new StringBuilder("ids,ratio,day,flag\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append(i).append(",1,2024-01-0").append(1 + i % 9).append(",yes\n");
        }
        csv.append("x,2.5,someday,maybe\n").append("7,1,2024-01-01,no\n");
        DatasetSpec guess = CleanFixture.spec("name: g\nmatch: g.csv\n");
        SchemaInference.Inferred inferred;
        try (RowSource source = RowSources.open(guess.format(),
                () -> new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)))) {
            inferred = SchemaInference.infer(source, "g", "g.csv", Map.of("type", "csv"), "tributary-");
        }
        Map<String, ColumnType> types = new java.util.LinkedHashMap<>();
        inferred.spec().columns().forEach((k, v) -> types.put(k, v.type()));
        assertEquals(Map.of("ids", ColumnType.STRING, "ratio", ColumnType.DOUBLE, "day", ColumnType.STRING,
                "flag", ColumnType.STRING), types);
    }

    @Test
    void aLargeCsvIsInferredInTwoPartsAtOnceAsWhenReadWhole(@TempDir java.nio.file.Path dir) throws IOException {
        // the second half decides two columns: one of ints gets a word, one missing until then gets decimals
        StringBuilder csv = new StringBuilder("id,count,late,note\n");
        int row = 0;
        while (csv.length() < 3 << 19) {
            csv.append(row++).append(",").append(row % 90).append(",,\"a, b\"\n");
        }
        while (csv.length() < 2 << 20) {
            csv.append(row++).append(",").append(row % 90).append(",").append(row % 7).append(".5,y\n");
        }
        csv.append(row).append(",many,2.5,x\n");
        assertInferredInTwoPartsAsWhole(java.nio.file.Files.writeString(dir.resolve("counts.csv"), csv), "csv",
                Map.of("id", ColumnType.INT, "count", ColumnType.STRING, "late", ColumnType.DOUBLE,
                        "note", ColumnType.STRING));
    }

    /** Infers a file's types from its two parts read at once: these, and those it has read whole. */
    private static void assertInferredInTwoPartsAsWhole(java.nio.file.Path file, String type,
                                                        Map<String, ColumnType> expected) throws IOException {
        String name = file.getFileName().toString();
        DatasetSpec guess = CleanFixture.spec("name: g\nmatch: " + name + "\nformat: {type: " + type + "}\n");
        List<RowSource> parts = RowSources.opener(guess.format(), RowSources.file(file)).openParts(null, null);
        assertEquals(2, parts.size(), "read in two parts");
        Map<String, ColumnType> inParts = types(SchemaInference.infer(parts, "g", name, Map.of("type", type),
                "tributary-"));
        assertEquals(expected, inParts);
        try (RowSource whole = RowSources.open(guess.format(), RowSources.file(file))) {
            assertEquals(types(SchemaInference.infer(whole, "g", name, Map.of("type", type), "tributary-")), inParts);
        }
    }

    @Test
    void aLargeJsonLinesFileIsInferredInTwoPartsAtOnceAsWhenReadWhole(@TempDir java.nio.file.Path dir)
            throws IOException {
        StringBuilder jsonl = new StringBuilder("\uFEFF");
        int row = 0;
        while (jsonl.length() < 3 << 19) {
            jsonl.append("{\"id\":").append(row++).append(",\"count\":").append(row % 90).append("}\n");
        }
        while (jsonl.length() < 2 << 20) {
            jsonl.append("{\"id\":").append(row++).append(",\"count\":\"").append(row % 90).append("\",\"late\":")
                    .append(row % 7).append(".5,\"at\":{\"day\":\"2024-01-0").append(1 + row % 9).append("\"}}\n");
        }
        jsonl.append("{\"id\":").append(row).append(",\"count\":\"many\",\"late\":null}\n");
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("counts.jsonl"), jsonl);
        Map<String, ColumnType> expected = Map.of("id", ColumnType.INT, "count", ColumnType.STRING,
                "late", ColumnType.DOUBLE, "at_day", ColumnType.DATE);
        assertInferredInTwoPartsAsWhole(file, "jsonl", expected);
        io.tributary.format.FileCleaning.Result cleaned = io.tributary.format.FileCleaning.clean(null, "counts",
                "counts.jsonl", "tributary-", file, io.tributary.format.FileCleaning.Outputs.in(dir).withoutItems(), null,
                rejected -> {
                });
        assertEquals(expected, types(new SchemaInference.Inferred(cleaned.spec(), cleaned.inferredYaml())));
        assertEquals(row + 1, cleaned.report().summary().rowsOut());
    }

    @Test
    void aSplitInsideAQuotedFieldHasTheCsvInferredWhole(@TempDir java.nio.file.Path dir) throws IOException {
        // the middle of the file falls inside a quoted field of many lines: the parts cannot be trusted
        StringBuilder csv = new StringBuilder("id,text\n");
        int row = 0;
        while (csv.length() < 700_000) {
            csv.append(row++).append(",plain\n");
        }
        csv.append(row++).append(",\"").append("7\n".repeat(400_000)).append("\"\n");
        while (csv.length() < 2_300_000) {
            csv.append(row++).append(",plain\n");
        }
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("notes.csv"), csv);
        DatasetSpec guess = CleanFixture.spec("name: g\nmatch: notes.csv\n");
        assertEquals(null, SchemaInference.infer(RowSources.opener(guess.format(), RowSources.file(file))
                .openParts(null, null), "g", "notes.csv", Map.of("type", "csv"), "tributary-"), "not trusted");
        io.tributary.format.FileCleaning.Result cleaned = io.tributary.format.FileCleaning.clean(null, "notes",
                "notes.csv", "tributary-", file, io.tributary.format.FileCleaning.Outputs.in(dir).withoutItems(), null,
                rejected -> {
                });
        assertEquals(List.of(ColumnType.INT, ColumnType.STRING), cleaned.spec().columns().values().stream()
                .map(DatasetSpec.Column::type).toList(), "the file read whole: the text of many lines is one value");
        assertEquals(row, cleaned.report().summary().rowsIn());
    }

    private static Map<String, ColumnType> types(SchemaInference.Inferred inferred) {
        Map<String, ColumnType> types = new java.util.LinkedHashMap<>();
        inferred.spec().columns().forEach((k, v) -> types.put(k, v.type()));
        return types;
    }

    @Test
    void aSchemaIsInferredAndWrittenAsASpecThatParses() throws IOException {
        String csv = "id,price,ok,day,at,name,code\n1,2.5,true,2024-01-02,2024-01-02T10:00:00Z,Ana,007\n"
                + "2,NA,false,2024-01-03,2024-01-03 11:00:00,Bo,x1\n3,4,yes,,,N/A,\n1,2.5,true,2024-01-02,"
                + "2024-01-02T10:00:00Z,Ana,007\n";
        DatasetSpec guess = CleanFixture.spec("name: g\nmatch: g.csv\n");
        SchemaInference.Inferred inferred;
        try (RowSource source = RowSources.open(guess.format(),
                () -> new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
            inferred = SchemaInference.infer(source, "people", "people.csv", Map.of("type", "csv"), "tributary-");
        }
        Map<String, ColumnType> types = new java.util.LinkedHashMap<>();
        inferred.spec().columns().forEach((k, v) -> types.put(k, v.type()));
        assertEquals(Map.of("id", ColumnType.INT, "price", ColumnType.DOUBLE, "ok", ColumnType.BOOLEAN,
                "day", ColumnType.DATE, "at", ColumnType.TIMESTAMP, "name", ColumnType.STRING,
                "code", ColumnType.STRING), types);
        assertTrue(inferred.yaml().contains("name: \"people\"") || inferred.yaml().contains("name: people"),
                inferred.yaml());
        CleanFixture.Result r = CleanFixture.clean(inferred.spec(), csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, r.summary().rowsOut(), "exact duplicates are dropped");
        assertEquals(Arrays.asList(2.5, null, 4.0), r.column("price"), "NA and N/A are missing");
    }
}
