package io.tributary.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed datasets through the production routes and the local emulators: nested orders JSON,
 * user profiles, and a file no spec claims (its spec is inferred).
 */
@QuarkusTest
class SeedDatasetsEndToEndTest extends PipelineTestSupport {

    static final Path SAMPLES = Path.of("src/test/resources/samples");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nestedOrdersBecomeOneRowPerProductWithOrderAndCustomerRepeated() throws Exception {
        drop(SAMPLES.resolve("orders.json"), "orders.json");
        String rawKey = "raw/orders/orders.json";
        Map<String, AttributeValue> state = awaitCleaned(rawKey);
        assertEquals("8", state.get("rows_in").n(), "2 + 1 + 1 (no products) + 3 + 1 product rows");
        assertEquals("6", state.get("rows_out").n());

        List<JsonNode> rows = new ArrayList<>();
        for (String line : lines("clean/orders/orders.jsonl")) {
            rows.add(JSON.readTree(line));
        }
        assertEquals(List.of("1001/TEA-01", "1001/MUG-02", "1002/TEA-01", "1004/POT-03", "1004/TEA-01",
                "1005/MUG-02"), rows.stream().map(r -> r.get("order_id").asLong() + "/" + r.get("products_sku")
                .asText()).toList());
        JsonNode first = rows.get(0);
        List<String> fields = new ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("order_id", "order_date", "customer_id", "customer_name", "customer_email",
                "customer_address_city", "customer_address_country", "products_sku", "products_name",
                "products_price", "products_quantity", "line_total", "order_day"), fields, "output.columns, in order");
        assertEquals("2024-03-01", first.get("order_day").asText(), "the order's UTC day");
        assertEquals("ana.sousa@example.com", first.get("customer_email").asText());
        assertEquals("Porto", rows.get(1).get("customer_address_city").asText(), "customer repeated per product");
        assertEquals(0, new BigDecimal("9.00").compareTo(first.get("line_total").decimalValue()));
        assertEquals("2024-03-01T10:02:00Z", rows.get(2).get("order_date").asText(), "no offset: UTC");
        assertEquals(1, rows.get(2).get("products_quantity").asInt(), "missing quantity filled with 1");

        JsonNode report = json("reports/orders/orders.json");
        assertEquals(1, report.get("dropped").get("missing:products_sku").asInt(), "the order without products");
        assertEquals(1, report.get("rejected").get("type").asInt());
        // the rejected product's order as it is in the file, over its four lines
        String sample = Files.readString(SAMPLES.resolve("orders.json"));
        String order = sample.substring(sample.indexOf("{\"order_id\": 1004"), sample.indexOf(",\n  {\"order_id\": 1005"));
        assertEquals("line,rule,reason,record\n12,type,column products_quantity: 'two' is not a valid int,\""
                + order.replace("\"", "\"\"") + "\"\n", text("rejected/orders/orders.csv"));

        Map<String, AttributeValue> item = item("tributary-orders", Map.of("order_id", AttributeValue.fromN("1001"),
                "products_sku", AttributeValue.fromS("TEA-01")));
        assertEquals(0, new BigDecimal("9").compareTo(new BigDecimal(item.get("line_total").n())));
        assertEquals("Ana Sousa", item.get("customer_name").s());
        assertEquals(6, dynamodb.scan(s -> s.tableName("tributary-orders")).items().stream()
                .filter(i -> Long.parseLong(i.get("order_id").n()) < 2000).count(), "orders 1001-1005 (2001 is another test's)");

        // the lake: one Parquet file per order day, the product rows of that day's orders in it
        String version = io.tributary.sinks.CleanFile.versionOf(state.get("etag").s());
        List<String> parquet = keys("curated/orders/").stream().filter(k -> k.endsWith("/orders-" + version
                + ".parquet")).toList();
        Map<String, Long> perDay = new java.util.TreeMap<>();
        rows.forEach(r -> perDay.merge(r.get("order_day").asText(), 1L, Long::sum));
        assertEquals(perDay.keySet().stream().map(d -> "curated/orders/order_day=" + d + "/orders-" + version
                + ".parquet").toList(), parquet);
        Path lake = Files.createTempDirectory("lake");
        for (String key : parquet) {
            Path target = lake.resolve(key);
            Files.createDirectories(target.getParent());
            Files.write(target, s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(key)).asByteArray());
        }
        Map<String, Long> read = new java.util.TreeMap<>();
        for (Map<String, Object> r : io.tributary.lake.DuckDb.query("SELECT CAST(order_day AS VARCHAR) AS d,"
                + " count(*) AS n, sum(line_total) AS total FROM " + io.tributary.lake.DuckDb.lake(lake) + " GROUP BY d")) {
            read.put((String) r.get("d"), ((Number) r.get("n")).longValue());
        }
        assertEquals(perDay, read);
        assertEquals("DECIMAL(38,18)", io.tributary.lake.DuckDb.types(io.tributary.lake.DuckDb.lake(lake))
                .get("line_total"), "a plain decimal's Parquet shape");
    }

    @Test
    void aDecimalKeepsEveryDigitToDynamoDbAndAFieldNoRecordHasIsAnEmptyColumn() throws Exception {
        // 20 significant digits (a double keeps about 17); no product has a name: the column is empty
        Path file = Files.createTempFile("orders-precise", ".json");
        Files.writeString(file, """
                [{"order_id": 2001, "order_date": "2024-03-02T08:00:00Z", "customer": {"id": 9, "name": "Rui",
                  "email": "rui@example.com", "address": {"city": "Braga", "country": "PT"}},
                  "products": [{"sku": "GOLD-1", "price": 12345678901234567.891, "quantity": 3},
                               {"sku": "DUST-2", "price": 0.10, "quantity": 1},
                               {"sku": "HUGE-3", "price": 1234567890123456789012345678901234567.891, "quantity": 1}]}]
                """);
        drop(file, "orders-precise.json");
        String rawKey = "raw/orders/orders-precise.json";
        assertEquals("2", awaitCleaned(rawKey).get("rows_out").n(), "the third price has more digits than DynamoDB holds");
        assertTrue(text("rejected/orders/orders-precise.csv").contains("1,type,column products_price: "
                + "'1234567890123456789012345678901234567.891' has 40 significant digits; a decimal holds at most 38"),
                text("rejected/orders/orders-precise.csv"));

        String gold = lines("clean/orders/orders-precise.jsonl").get(0);
        assertEquals("\"products_price\":12345678901234567.891", field(gold, "products_price"),
                "the JSON Lines output writes the number as read");
        assertEquals("\"line_total\":37037036703703703.673", field(gold, "line_total"));
        assertEquals("\"products_name\":null", field(gold, "products_name"), "no product has a name today");
        assertTrue(lines("clean/orders/orders-precise.csv").get(1).contains(",12345678901234567.891,3,"
                + "37037036703703703.673"), lines("clean/orders/orders-precise.csv").get(1));

        Map<String, AttributeValue> item = item("tributary-orders", Map.of("order_id", AttributeValue.fromN("2001"),
                "products_sku", AttributeValue.fromS("GOLD-1")));
        assertEquals(0, new BigDecimal("12345678901234567.891").compareTo(new BigDecimal(item.get("products_price").n())),
                item.toString());
        assertEquals(0, new BigDecimal("37037036703703703.673").compareTo(new BigDecimal(item.get("line_total").n())),
                item.toString());
        Map<String, AttributeValue> dust = item("tributary-orders", Map.of("order_id", AttributeValue.fromN("2001"),
                "products_sku", AttributeValue.fromS("DUST-2")));
        assertEquals(0, new BigDecimal("0.1").compareTo(new BigDecimal(dust.get("products_price").n())));
    }

    /** The {@code "name":value} text of a JSON Lines line's field, as written. */
    private static String field(String line, String name) {
        int from = line.indexOf("\"" + name + "\":");
        int to = line.indexOf(',', from);
        return line.substring(from, to < 0 ? line.length() - 1 : to);
    }

    @Test
    void userProfilesAreValidatedFlaggedAndKeptAtTheirLatestVersion() throws Exception {
        drop(SAMPLES.resolve("user_profiles.csv"), "user_profiles.csv");
        String rawKey = "raw/user_profiles/user_profiles.csv";
        Map<String, AttributeValue> state = awaitCleaned(rawKey);
        assertEquals("9", state.get("rows_in").n());
        assertEquals("5", state.get("rows_out").n());

        List<String> rejected = lines("rejected/user_profiles/user_profiles.csv");
        assertEquals(4, rejected.size(), String.join("\n", rejected));
        assertTrue(rejected.get(1).startsWith("4,pattern,\"column email: 'chen.at.example.cn' does not match"),
                rejected.get(1));
        assertTrue(rejected.get(2).startsWith("7,required,column email is missing"), rejected.get(2));
        assertTrue(rejected.get(3).startsWith("8,type,column created_at: 'not a date' is not a valid timestamp"),
                rejected.get(3));

        List<JsonNode> rows = new ArrayList<>();
        for (String line : lines("clean/user_profiles/user_profiles.jsonl")) {
            rows.add(JSON.readTree(line));
        }
        assertEquals(List.of(2L, 4L, 5L, 1L, 8L), rows.stream().map(r -> r.get("id").asLong()).toList(),
                "id 1 keeps its later version");
        assertEquals(35, rows.get(3).get("age").asInt());
        assertEquals("ana.sousa@example.com", rows.get(3).get("email").asText());
        assertEquals("hana@example.kr", rows.get(4).get("email").asText());
        assertEquals(List.of(true, true, false, false, false),
                rows.stream().map(r -> r.get("age_out_of_range").asBoolean()).toList(), "17 and 81 are flagged");
        assertEquals("2024-01-18T14:05:00Z", rows.get(1).get("created_at").asText());
        assertEquals("2024-01-19T13:20:00Z", rows.get(2).get("created_at").asText(), "epoch seconds");
        assertTrue(rows.get(1).get("phone_number").isNull(), "N/A is missing");

        JsonNode report = json("reports/user_profiles/user_profiles.json");
        assertEquals(1, report.get("dropped").get("duplicate").asInt());
        Map<String, AttributeValue> ana = item("tributary-user-profiles", Map.of("id", AttributeValue.fromN("1")));
        assertEquals("35", ana.get("age").n());
        assertEquals("2024-02-01T10:00:00Z", ana.get("created_at").s());
    }

    @Test
    void aFileNoSpecClaimsIsCleanedWithAnInferredSpec() throws Exception {
        Path file = Files.createTempFile("sensors", ".csv");
        Files.writeString(file, """
                sensor;reading;at;ok
                s1;21.5;2024-05-01T10:00:00Z;true
                s2;NA;2024-05-01T10:05:00Z;false
                s1;21.5;2024-05-01T10:00:00Z;true
                s3;19;2024-05-01T10:10:00Z;
                """);
        drop(file, "sensor_readings.csv");
        String rawKey = "raw/sensor_readings/sensor_readings.csv";
        Map<String, AttributeValue> state = awaitCleaned(rawKey);
        assertEquals("3", state.get("rows_out").n(), "the exact duplicate is dropped");

        JsonNode report = json("reports/sensor_readings/sensor_readings.json");
        String spec = inferredSpec(report);
        assertTrue(spec.contains("reading: double") && spec.contains("at: timestamp") && spec.contains("ok: boolean")
                && spec.contains("delimiter: ;"), spec);
        assertEquals("inferred", column(report, "reading").get("type_from").asText());
        List<String> csv = lines("clean/sensor_readings/sensor_readings.csv");
        assertEquals("sensor,reading,at,ok", csv.get(0));
        assertEquals("s2,,2024-05-01T10:05:00Z,false", csv.get(2));
        Map<String, AttributeValue> item = item("tributary-sensor-readings",
                Map.of("row_id", AttributeValue.fromS(rawKey + "#2")));
        assertEquals("21.5", item.get("reading").n());
        assertEquals(Boolean.TRUE, item.get("ok").bool());
        assertNull(item.get("missing"));
        assertFalse(s3.listObjectsV2(l -> l.bucket(config.bucket()).prefix("rejected/sensor_readings/")).hasContents());
        // an inferred spec writes every sink: the lake too, typed as inferred
        Path lake = download("curated/sensor_readings/", Files.createTempDirectory("lake"));
        assertEquals(List.of(Map.of("n", 3L, "total", 40.5)), io.tributary.lake.DuckDb.query(
                "SELECT count(*) AS n, sum(reading) AS total FROM " + io.tributary.lake.DuckDb.lake(lake)));
    }

    @Test
    void aJsonLinesFileNoSpecClaimsIsFlattenedTypedAndItsBrokenLinesQuarantinedAsWritten() throws Exception {
        // plain lines (read from their bytes), one with an escape and one with an array (parsed),
        // a broken line and a line of another kind: the good rows still flow
        Path file = Files.createTempFile("clicks", ".jsonl");
        String broken = "{\"user\": {\"id\": 3, \"country\": \"SE\"}, \"clicks\": 9";
        String notAnObject = "[1, 2]";
        Files.writeString(file, String.join("\n",
                "{\"user\": {\"id\": 1, \"country\": \"PT\"}, \"clicks\": 4, \"at\": \"2024-05-01T10:00:00Z\"}",
                "{\"user\": {\"id\": 2, \"country\": \"S\\u00c9\"}, \"clicks\": 7.5, \"at\": \"2024-05-01T10:05:00Z\"}",
                broken,
                "{\"user\": {\"id\": 1, \"country\": \"PT\"}, \"clicks\": 4, \"at\": \"2024-05-01T10:00:00Z\"}",
                notAnObject,
                "{\"user\": {\"id\": 4}, \"clicks\": null, \"at\": \"2024-05-02T08:00:00Z\", \"tags\": [\"a\"]}",
                ""));
        drop(file, "clicks.jsonl");
        String rawKey = "raw/clicks/clicks.jsonl";
        Map<String, AttributeValue> state = awaitCleaned(rawKey);
        assertEquals("6", state.get("rows_in").n());
        assertEquals("3", state.get("rows_out").n(), "2 rejected, the exact duplicate dropped");

        String spec = inferredSpec(json("reports/clicks/clicks.json"));
        assertTrue(spec.contains("user_id: int") && spec.contains("clicks: double") && spec.contains("at: timestamp")
                && spec.contains("type: jsonl"), spec);
        List<String> csv = lines("clean/clicks/clicks.csv");
        assertEquals(List.of("user_id,user_country,clicks,at,tags", "1,PT,4.0,2024-05-01T10:00:00Z,",
                "2,SÉ,7.5,2024-05-01T10:05:00Z,", "4,,,2024-05-02T08:00:00Z,\"[\"\"a\"\"]\""), csv);
        List<String> rejected = lines("rejected/clicks/clicks.csv");
        assertEquals(3, rejected.size(), String.join("\n", rejected));
        // what is wrong and where in the line, without the parser's own reference to its source
        assertTrue(rejected.get(1).startsWith("3,malformed,not JSON: Unexpected end-of-input: expected close marker"
                + " for Object at column " + (broken.length() + 1) + ","), rejected.get(1));
        assertTrue(rejected.get(1).endsWith(",\"" + broken.replace("\"", "\"\"") + "\""), "the line as written: "
                + rejected.get(1));
        assertEquals("5,malformed,\"expected a JSON object, found array\",\"" + notAnObject + "\"", rejected.get(2));
        Map<String, AttributeValue> item = item("tributary-clicks", Map.of("row_id", AttributeValue.fromS(rawKey + "#2")));
        assertEquals("7.5", item.get("clicks").n());
        assertEquals("SÉ", item.get("user_country").s());
    }

    /** The spec a report says was inferred, as YAML. */
    static String inferredSpec(JsonNode report) {
        assertEquals("inferred", report.get("spec").asText());
        return report.get("inferred_spec").asText();
    }

    JsonNode json(String key) throws IOException {
        return JSON.readTree(s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(key)).asByteArray());
    }
}
