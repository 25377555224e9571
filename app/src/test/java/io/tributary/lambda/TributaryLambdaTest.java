package io.tributary.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.KinesisRecords;
import io.tributary.TributaryConfig;
import io.tributary.aws.StateLedger;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda handler through Quarkus's mock Lambda event server, with AWS's sample event payloads,
 * against the local emulators: each event reaches the same flow the container's sources feed.
 */
@QuarkusTest
class TributaryLambdaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EVENTS = Path.of("src/test/resources/events");
    static final Path SAMPLES = Path.of("src/test/resources/samples");

    @Inject
    S3Client s3;
    @Inject
    DynamoDbClient dynamodb;
    @Inject
    KinesisClient kinesis;
    @Inject
    TributaryConfig config;

    /** Invokes the function as Lambda would, through the mock event server; its response. */
    static JsonNode invoke(JsonNode event) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + System.getProperty("quarkus.lambda.mock-event-server.test-port",
                                "8081") + "/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    static ObjectNode event(String name) throws IOException {
        return (ObjectNode) JSON.readTree(EVENTS.resolve(name).toFile());
    }

    /** Uploads a file to raw/ and gives the S3 notification record of it. */
    ObjectNode s3Event(Path file, String key) throws IOException {
        String etag = s3.putObject(p -> p.bucket(config.bucket()).key(key), RequestBody.fromFile(file)).eTag();
        ObjectNode event = event("s3-put.json");
        ObjectNode s3 = (ObjectNode) event.get("Records").get(0).get("s3");
        ((ObjectNode) s3.get("bucket")).put("name", config.bucket());
        ((ObjectNode) s3.get("object")).put("key", key.replace(" ", "+")).put("size", Files.size(file))
                .put("eTag", etag.replace("\"", ""));
        return event;
    }

    Map<String, AttributeValue> state(String rawKey) {
        return dynamodb.getItem(g -> g.tableName(config.stateTable())
                .key(Map.of(StateLedger.KEY, AttributeValue.fromS("object#" + rawKey)))).item();
    }

    @Test
    void anS3PutEventIsCleanedLikeTheContainerCleansIt() throws Exception {
        String key = "raw/user_profiles/user_profiles_lambda.csv";
        JsonNode response = invoke(s3Event(SAMPLES.resolve("user_profiles.csv"), key));
        assertEquals(0, response.get("batchItemFailures").size());
        Map<String, AttributeValue> state = state(key);
        assertEquals("cleaned", state.get("status").s());
        assertEquals("9", state.get("rows_in").n());
        assertEquals("5", state.get("rows_out").n());
        String jsonl = s3.getObjectAsBytes(g -> g.bucket(config.bucket())
                .key("clean/user_profiles/user_profiles_lambda.jsonl")).asUtf8String();
        assertEquals(5, jsonl.lines().count());
        assertEquals(4, s3.getObjectAsBytes(g -> g.bucket(config.bucket())
                .key("rejected/user_profiles/user_profiles_lambda.csv")).asUtf8String().lines().count());
    }

    @Test
    void sqsMessagesWithS3EventsReportOnlyThePoisonedMessageAsFailed() throws Exception {
        Path poison = Files.createTempFile("poison", ".csv");
        Files.writeString(poison, "a,b\n1,2\n");   // the hotel spec declares columns this file lacks
        ObjectNode good = s3Event(SAMPLES.resolve("orders.json"), "raw/orders/orders_lambda.json");
        ObjectNode bad = s3Event(poison, "raw/hotel_bookings/hotel_bookings_poison.csv");
        ObjectNode event = event("sqs-s3.json");
        ArrayNode records = (ArrayNode) event.get("Records");
        ObjectNode first = (ObjectNode) records.get(0);
        ObjectNode second = first.deepCopy();
        first.put("messageId", "msg-good").put("body", JSON.writeValueAsString(good));
        second.put("messageId", "msg-poison").put("body", JSON.writeValueAsString(bad));
        records.add(second);

        JsonNode response = invoke(event);
        assertEquals("[{\"itemIdentifier\":\"msg-poison\"}]", response.get("batchItemFailures").toString());
        assertEquals("cleaned", state("raw/orders/orders_lambda.json").get("status").s());
        Map<String, AttributeValue> failed = state("raw/hotel_bookings/hotel_bookings_poison.csv");
        assertEquals("failed", failed.get("status").s());
        assertTrue(failed.get("reason").s().contains("is not in the file's header"), failed.get("reason").s());
    }

    @Test
    void anEventForAnObjectDeletedSinceIsAcknowledgedNotRetried() throws Exception {
        // S3 notifications come at least once and may come late: the object can be gone by then
        String key = "raw/orders/orders_deleted_since.json";
        ObjectNode direct = s3Event(SAMPLES.resolve("orders.json"), key);
        s3.deleteObject(d -> d.bucket(config.bucket()).key(key));
        invoke(direct); // an asynchronous invocation that throws would be retried: this one returns

        ObjectNode event = event("sqs-s3.json");
        ((ObjectNode) event.get("Records").get(0)).put("messageId", "msg-gone")
                .put("body", JSON.writeValueAsString(direct));
        assertEquals("[]", invoke(event).get("batchItemFailures").toString(), "the message is not redelivered");

        assertTrue(state(key).isEmpty(), "nothing recorded for it: " + state(key));
        assertEquals(0, s3.listObjectsV2(l -> l.bucket(config.bucket()).prefix("clean/orders/orders_deleted_since"))
                .keyCount(), "nothing published");
    }

    @Test
    void aDynamoDbStreamBatchGoesToKinesisAsPlainJsonChanges() throws Exception {
        JsonNode response = invoke(event("dynamodb-stream.json"));
        assertEquals(0, response.get("batchItemFailures").size());
        List<JsonNode> changes = new ArrayList<>();
        for (Record r : kinesisRecords()) {
            JsonNode change = JSON.readTree(r.data().asByteArray());
            if (change.path("eventID").asText().startsWith("c4ca") || change.path("eventID").asText().startsWith("c81e")) {
                assertEquals(change.get("eventID").asText(), r.partitionKey());
                changes.add(change);
            }
        }
        assertEquals(2, changes.size());
        JsonNode insert = changes.get(0);
        assertEquals("INSERT", insert.get("eventName").asText());
        assertEquals("tributary-user-profiles", insert.get("table").asText());
        assertEquals("{\"id\":101,\"name\":\"Ana Sousa\",\"age\":34,\"tags\":[\"a\",\"b\"],\"address\":{\"city\":\"Porto\"},"
                + "\"active\":true,\"note\":null}", insert.get("newImage").toString());
        assertEquals("2025-11-21T10:00:00Z", insert.get("approximateCreationTime").asText());
        assertEquals(35, changes.get(1).get("newImage").get("age").asInt());
        assertEquals(34, changes.get(1).get("oldImage").get("age").asInt());
    }

    @Test
    void aKinesisBatchIsArchivedAtOnceWithTheBrokenRecordInArchiveErrors() throws Exception {
        ObjectNode event = event("kinesis.json");
        ArrayNode records = (ArrayNode) event.get("Records");
        String insert = "{\"eventID\":\"k1\",\"eventName\":\"INSERT\",\"table\":\"t\",\"newImage\":{\"id\":901},"
                + "\"sequenceNumber\":\"100\",\"approximateCreationTime\":\"2025-11-21T10:00:00Z\"}";
        String modify = "{\"eventID\":\"k2\",\"eventName\":\"MODIFY\",\"table\":\"t\",\"newImage\":{\"id\":901},"
                + "\"sequenceNumber\":\"101\",\"approximateCreationTime\":\"2025-11-21T10:00:01Z\"}";
        String[] data = {insert, modify, "not json"};
        for (int i = 0; i < 3; i++) {
            ((ObjectNode) records.get(i).get("kinesis")).put("data",
                    Base64.getEncoder().encodeToString(data[i].getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode response = invoke(event);
        assertEquals(0, response.get("batchItemFailures").size(), "a failed transform is archived as an error");
        String name = "tributary-changes/2025/11/21/10/tributary-changes-shardId-000000000006-"
                + "49590338271490256608559692538361571095921575989136588801.jsonl.gz";
        // the shipped transform (changes-as-rows): each change a flat row of its new image and what changed
        assertEquals(List.of("{\"id\":901,\"change_type\":\"INSERT\",\"change_sequence\":\"100\",\"change_table\":\"t\","
                        + "\"changed_at\":\"2025-11-21T10:00:00Z\"}",
                "{\"id\":901,\"change_type\":\"MODIFY\",\"change_sequence\":\"101\",\"change_table\":\"t\","
                        + "\"changed_at\":\"2025-11-21T10:00:01Z\"}"), gunzipLines(config.archive().prefix() + name));
        List<String> errors = gunzipLines(config.archive().errorPrefix() + name);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("\"errorCode\":\"ProcessingFailed\""), errors.get(0));
    }

    @Test
    void anEventBridgeObjectCreatedEventIsCleanedToo() throws Exception {
        String key = "raw/orders/orders_eventbridge.json";
        Path file = SAMPLES.resolve("orders.json");
        String etag = s3.putObject(p -> p.bucket(config.bucket()).key(key), RequestBody.fromFile(file)).eTag();
        ObjectNode event = event("eventbridge-s3.json");
        ObjectNode detail = (ObjectNode) event.get("detail");
        ((ObjectNode) detail.get("bucket")).put("name", config.bucket());
        ((ObjectNode) detail.get("object")).put("key", key).put("size", Files.size(file)).put("etag",
                etag.replace("\"", ""));
        invoke(event);
        assertEquals("cleaned", state(key).get("status").s());
        assertEquals("6", state(key).get("rows_out").n());
    }

    @Test
    void aScheduledEventSweepsRawObjectsNotYetCleaned() throws Exception {
        String key = "raw/user_profiles/user_profiles_sweep.csv";
        s3.putObject(p -> p.bucket(config.bucket()).key(key), RequestBody.fromFile(SAMPLES.resolve("user_profiles.csv")));
        JsonNode response = invoke(event("scheduled.json"));
        assertEquals(0, response.get("batchItemFailures").size());
        assertEquals("cleaned", state(key).get("status").s());
    }

    /** EventBridge's schedule with the input the template gives it: one run of that API source. */
    @Test
    void aScheduledEventNamingAnApiSourceRunsItIntoRaw() throws Exception {
        // the local stack serves the mock flowers API, as local mode does; FLOWERS_API_URL on AWS
        JsonNode response = invoke(JSON.readTree("{\"extract-api\": \"flowers\"}"));
        assertEquals(0, response.get("batchItemFailures").size());
        List<String> runs = s3.listObjectsV2(l -> l.bucket(config.bucket()).prefix("raw/flowers/")).contents().stream()
                .map(o -> o.key()).toList();
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(40, s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(runs.get(0))).asUtf8String()
                .lines().count(), "every flower of the mock's first minute");

        // the scheduled sweep cleans it; the export's schedule then writes its rows as Parquet by colour
        invoke(event("scheduled.json"));
        assertEquals("cleaned", state(runs.get(0)).get("status").s());
        Thread.sleep(2500); // past tributary.export.settle (1 s in tests)
        assertEquals(0, invoke(JSON.readTree("{\"export\": \"flowers\"}")).get("batchItemFailures").size());
        assertTrue(s3.listObjectsV2(l -> l.bucket(config.bucket()).prefix("exports/flowers_export/color=")).contents()
                .stream().anyMatch(o -> o.key().endsWith(".parquet")), "the export's Parquet files");

        // an API source that fails makes the invocation fail, so EventBridge's retry policy applies
        HttpResponse<String> failed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + System.getProperty("quarkus.lambda.mock-event-server.test-port",
                                "8081") + "/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"extract-api\": \"hotel_bookings\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(failed.body().contains("no dataset spec named hotel_bookings has an api key"), failed.body());
    }

    List<String> gunzipLines(String key) throws IOException {
        byte[] gz = s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(key)).asByteArray();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    List<Record> kinesisRecords() {
        return KinesisRecords.all(kinesis, config.kinesisStream());
    }

}
