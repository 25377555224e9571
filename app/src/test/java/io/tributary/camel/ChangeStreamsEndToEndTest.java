package io.tributary.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.KinesisRecords;
import io.tributary.aws.Checkpoints;
import io.tributary.aws.KinesisReader;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import io.tributary.LogCapture;
import io.tributary.catalog.LakeTable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.util.HashMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The change streams as they run: changes to a table go through its DynamoDB stream to Kinesis
 * and into the archive, against the local emulators, through the production routes.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeStreamsEndToEndTest extends PipelineTestSupport {

    @Inject
    KinesisClient kinesis;
    @Inject
    ChangeStreams changeStreams;
    @Inject
    StreamArchive streamArchive;
    @Inject
    CamelContext camel;
    @Inject
    MeterRegistry metrics;
    @Inject
    Checkpoints checkpoints;

    double counter(String result) {
        var c = metrics.find("tributary.archive.records").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    @Order(1)
    void aThousandChangesReachKinesisOnceEachAndEveryInsertIsArchivedExactlyOnce() throws Exception {
        ensureTable();
        double droppedBefore = counter("Dropped");
        aThousandChanges(CHANGES_TABLE, 200);                      // 500 INSERT, 300 MODIFY, 200 REMOVE

        Map<Long, Long> archived = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(this::archivedIds, ids -> ids.size() >= 500);
        assertEquals(500, archived.size());
        assertTrue(archived.values().stream().allMatch(n -> n == 1), "every INSERT exactly once: " + duplicates(archived));
        for (long id = 1; id <= 500; id++) {
            assertTrue(archived.containsKey(id), "insert " + id + " archived");
        }
        // the shipped transform (changes-as-rows) archives every change as a row: MODIFY and REMOVE too
        Map<String, Long> archivedChanges = await().atMost(Duration.ofSeconds(60)).until(() -> archiveLines(
                config.archive().prefix()).stream().filter(l -> CHANGES_TABLE.equals(l.path("change_table").asText()))
                .filter(l -> l.path("id").asLong() <= 500)
                .collect(Collectors.groupingBy(l -> l.get("change_type").asText(), Collectors.counting())),
                m -> m.values().stream().mapToLong(Long::longValue).sum() >= 1000);
        assertEquals(Map.of("INSERT", 500L, "MODIFY", 300L, "REMOVE", 200L), archivedChanges);
        assertEquals(0, counter("Dropped") - droppedBefore, "nothing dropped");

        List<Record> onStream = kinesisRecords().stream().filter(r -> table(r).equals(CHANGES_TABLE)).toList();
        assertEquals(1000, onStream.size(), "one Kinesis record per change");
        Map<String, Long> perEvent = onStream.stream().collect(Collectors.groupingBy(r -> field(r, "eventID"),
                Collectors.counting()));
        assertEquals(1000, perEvent.size());
        for (Record r : onStream) {
            assertEquals(field(r, "eventID"), r.partitionKey(), "partition key = eventID");
        }
        Map<String, Long> perName = onStream.stream().collect(Collectors.groupingBy(r -> field(r, "eventName"),
                Collectors.counting()));
        assertEquals(Map.of("INSERT", 500L, "MODIFY", 300L, "REMOVE", 200L), perName);
        JsonNode modify = JSON.readTree(onStream.stream().filter(r -> field(r, "eventName").equals("MODIFY"))
                .findFirst().orElseThrow().data().asByteArray());
        assertEquals(200, modify.get("newImage").get("age").asInt(), "plain JSON images, not DynamoDB JSON");
        assertTrue(modify.get("oldImage").get("age").isNumber());
        assertTrue(metrics.find("tributary.archive.millis.behind.latest").gauge() != null);
        // the archive's checkpoint says when its record arrived: where to resume should the stream lose it
        String shard = kinesis.listShards(l -> l.streamName(config.kinesisStream())).shards().get(0).shardId();
        Checkpoints.Checkpoint checkpoint = checkpoints.get(KinesisReader.CONSUMER, config.kinesisStream(), shard)
                .orElseThrow();
        Record atCheckpoint = kinesisRecords().stream().filter(r -> r.sequenceNumber().equals(checkpoint.sequence()))
                .findFirst().orElseThrow();
        assertEquals(atCheckpoint.approximateArrivalTimestamp(), checkpoint.arrived());
    }

    @Test
    @Order(2)
    void stoppingTheConsumersMidRunAndStartingThemFromTheirCheckpointsLosesAndRepeatsNothing() throws Exception {
        ensureTable();
        Thread writer = new Thread(() -> {
            for (long id = 1001; id <= 1400; id++) {
                insert(id);
            }
        });
        writer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> archivedIds().keySet().stream().anyMatch(id -> id > 1000));
        // a restart: the source routes stop mid-run and everything the consumers held in memory
        // (shard iterators, records read but not archived, the recent-id window) is gone
        restartTheStreamConsumers(camel, changeStreams, streamArchive);
        writer.join();

        Map<Long, Long> archived = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(this::archivedIds, ids -> ids.keySet().stream().filter(id -> id > 1000).count() >= 400);
        for (long id = 1001; id <= 1400; id++) {
            assertEquals(1L, archived.get(id), "insert " + id + " archived exactly once");
        }
        assertTrue(archived.values().stream().allMatch(n -> n == 1), "no duplicates: " + duplicates(archived));
    }

    @Test
    @Order(3)
    void aMalformedRecordGoesToArchiveErrorsWithTheReasonAndTheOthersStillFlow() throws Exception {
        ensureTable();
        kinesis.putRecord(p -> p.streamName(config.kinesisStream()).partitionKey("x")
                .data(SdkBytes.fromUtf8String("not json")));
        kinesis.putRecord(p -> p.streamName(config.kinesisStream()).partitionKey("y")
                .data(SdkBytes.fromUtf8String("{\"hello\":\"world\"}")));
        insert(2001);

        List<JsonNode> errors = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> archiveLines(config.archive().errorPrefix()), l -> l.size() >= 2);
        assertEquals(2, errors.size());
        JsonNode notJson = errors.stream().filter(e -> e.get("partitionKey").asText().equals("x")).findFirst()
                .orElseThrow();
        assertEquals("ProcessingFailed", notJson.get("errorCode").asText());
        assertTrue(notJson.get("errorMessage").asText().startsWith("not JSON"), notJson.toString());
        assertEquals("not json", new String(Base64.getDecoder().decode(notJson.get("rawData").asText()),
                StandardCharsets.UTF_8));
        JsonNode noEvent = errors.stream().filter(e -> e.get("partitionKey").asText().equals("y")).findFirst()
                .orElseThrow();
        assertEquals("no eventID: not a change document", noEvent.get("errorMessage").asText());
        await().atMost(Duration.ofSeconds(60)).until(() -> archivedIds().containsKey(2001L));
        assertEquals(1L, archivedIds().get(2001L));
    }

    @Test
    @Order(4)
    void afterTheStreamIsReshardedTheClosedParentIsFinishedAndTheNewChildrenAreRead() throws Exception {
        ensureTable();
        String stream = config.kinesisStream();
        List<Shard> before = kinesis.listShards(l -> l.streamName(stream)).shards();
        kinesis.updateShardCount(u -> u.streamName(stream).targetShardCount(before.size() * 2)
                .scalingType(ScalingType.UNIFORM_SCALING));
        await().atMost(Duration.ofSeconds(60)).until(() -> kinesis.describeStreamSummary(d -> d.streamName(stream))
                .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
        List<Shard> after = kinesis.listShards(l -> l.streamName(stream)).shards();
        List<Shard> children = after.stream().filter(s -> s.parentShardId() != null).toList();
        assertTrue(children.size() >= 2, "the stream was split: " + after);

        for (long id = 3001; id <= 3200; id++) {
            insert(id);
        }
        Map<Long, Long> archived = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(this::archivedIds, ids -> ids.keySet().stream().filter(id -> id > 3000).count() >= 200);
        assertTrue(archived.values().stream().allMatch(n -> n == 1), "no duplicates: " + duplicates(archived));
        for (Shard parent : before) {
            Map<String, AttributeValue> checkpoint = dynamodb.getItem(g -> g.tableName(config.stateTable())
                    .key(Map.of("pk", AttributeValue.fromS("checkpoint#archive#" + stream + "#" + parent.shardId()))))
                    .item();
            assertEquals(Boolean.TRUE, checkpoint.get("finished").bool(), "closed parent read to its end");
        }
        long childCheckpoints = children.stream().filter(c -> dynamodb.getItem(g -> g.tableName(config.stateTable())
                .key(Map.of("pk", AttributeValue.fromS("checkpoint#archive#" + stream + "#" + c.shardId())))).hasItem())
                .count();
        assertTrue(childCheckpoints >= 1, "the new shards are read and checkpointed");
    }

    @Test
    @Order(5)
    void anArchiveCheckpointThatIsNotARecordOfTheStreamIsLeftForItsOldestRecordNotAskedForAgainEachPoll()
            throws Exception {
        ensureTable();
        // as after the stream was deleted and created again, or the local emulator started empty: the
        // archive's checkpoints name a record of another stream
        String stream = config.kinesisStream();
        String other = stream + "-gone";
        kinesis.createStream(c -> c.streamName(other).shardCount(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> kinesis.describeStreamSummary(d -> d.streamName(other))
                .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
        String foreign = kinesis.putRecord(p -> p.streamName(other).partitionKey("k")
                .data(SdkBytes.fromUtf8String("{}"))).sequenceNumber();
        camel.getRouteController().stopRoute("kinesis-stream");
        streamArchive.forget();
        for (Shard shard : kinesis.listShards(l -> l.streamName(stream)).shards()) {
            checkpoints.save(KinesisReader.CONSUMER, stream, shard.shardId(),
                    new Checkpoints.Checkpoint(foreign, false, List.of()));
        }
        camel.getRouteController().startRoute("kinesis-stream");
        insert(4001);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> archivedIds().containsKey(4001L));
    }

    @Test
    @Order(6)
    void theArchiveIsATableOfTheLakeAndAnUnreadableDefinitionHoldsTheArchiveUntilFixedLosingNothing()
            throws Exception {
        ensureTable();
        insert(5001);
        String key = config.catalogPrefix() + config.archive().table() + ".sql";
        await().atMost(Duration.ofSeconds(60)).until(() -> archivedIds().containsKey(5001L));
        LakeTable table = archiveTable(key);
        assertTrue(table != null, "the archive's table is in the catalog once a record is archived");
        assertEquals(List.of(new LakeTable.Column("datehour", "string")), table.partitions());
        assertTrue(table.columns().contains(new LakeTable.Column("id", "bigint")), table.columns().toString());
        assertTrue(table.columns().contains(new LakeTable.Column("email", "string")), table.columns().toString());
        assertEquals("s3://" + config.bucket() + "/" + config.archive().prefix() + config.kinesisStream()
                + "/${datehour}/", table.properties().get(LakeTable.LOCATION_TEMPLATE));

        // a definition nobody can read (edited by hand, say): archiving a record with a new field fails
        // naming it, is tried again, and its record is archived once the definition is fixed
        s3.putObject(p -> p.bucket(config.bucket()).key(key), RequestBody.fromString("CREATE TABLE oops"));
        try (LogCapture log = new LogCapture("io.tributary.camel.StreamArchive")) {
            Map<String, AttributeValue> item = new HashMap<>(profiles.profile());
            item.put("id", AttributeValue.fromN("5002"));
            item.put("nickname", AttributeValue.fromS("Kit"));
            dynamodb.putItem(p -> p.tableName(CHANGES_TABLE).item(item));
            await().atMost(Duration.ofSeconds(60)).until(() -> log.contains("s3://" + config.bucket() + "/" + key
                    + ": not a CREATE EXTERNAL TABLE statement; read again from the last checkpoint"));
        }
        s3.deleteObject(d -> d.bucket(config.bucket()).key(key)); // fixed: the next try writes it anew
        LakeTable fixed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> archiveTable(key), t -> t != null
                        && t.columns().contains(new LakeTable.Column("nickname", "string")));
        assertEquals(table.partitions(), fixed.partitions());
        await().atMost(Duration.ofSeconds(30)).until(() -> archivedIds().containsKey(5002L));
        assertEquals(1L, archivedIds().get(5002L), "archived once, though written before each failed try");
    }

    private LakeTable archiveTable(String key) {
        try {
            return LakeTable.fromDdl(s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(key)).asUtf8String());
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException | IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    /** Each archived id of the test table with how many times it is in the archive. */
    List<Record> kinesisRecords() {
        return KinesisRecords.all(kinesis, config.kinesisStream());
    }


    static String table(Record r) {
        return field(r, "table");
    }

    static String field(Record r, String name) {
        try {
            JsonNode node = JSON.readTree(r.data().asByteArray());
            return node.path(name).asText("");
        } catch (IOException e) {
            return "";
        }
    }

    static String duplicates(Map<Long, Long> archived) {
        return archived.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).map(String::valueOf)
                .collect(Collectors.joining(", "));
    }

}
