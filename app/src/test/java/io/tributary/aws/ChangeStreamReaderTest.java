package io.tributary.aws;

import io.quarkus.test.junit.QuarkusTest;
import io.tributary.changes.ChangeBatch;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The change stream reader against DynamoDB Local's streams, with the answers the real service can give. */
@QuarkusTest
class ChangeStreamReaderTest {

    @Inject
    DynamoDbClient dynamodb;
    @Inject
    Checkpoints checkpoints;

    @Test
    void aReadingPositionThatWasTrimmedIsTakenAgainAndTheChangesStillArrive() throws Exception {
        // GetRecords answers TrimmedDataAccessException when the records at the reader's position
        // were trimmed; DynamoDB Local gave it, every poll, for a position it held while a file was
        // loaded into an empty table (the first run of `./tributary local`)
        String table = "reader-trimmed-test";
        TestTables.create(dynamodb, table, "id", true);
        URI local = dynamodb.serviceClientConfiguration().endpointOverride().orElseThrow();
        try (FaultyDynamoDbProxy proxy = new FaultyDynamoDbProxy(local);
             DynamoDbStreamsClient streams = proxy.streams()) {
            ChangeStreamReader reader = new ChangeStreamReader(dynamodb, streams, checkpoints);
            assertEquals(List.of(), reader.poll(List.of(table), 100), "nothing yet");
            for (int id = 1; id <= 3; id++) {
                String key = Integer.toString(id);
                dynamodb.putItem(p -> p.tableName(table).item(Map.of("id", AttributeValue.fromN(key))));
            }
            proxy.fail("DynamoDBStreams_20120810.GetRecords", 1, "TrimmedDataAccessException");
            assertEquals(List.of(), reader.poll(List.of(table), 100), "the poll that finds its position trimmed");
            List<String> events = new ArrayList<>();
            for (ChangeBatch batch : reader.poll(List.of(table), 100)) {
                batch.changes().forEach(c -> events.add(c.get("eventName").asText() + " "
                        + c.get("keys").get("id").asText()));
                reader.checkpoint(batch);
            }
            assertEquals(List.of("INSERT 1", "INSERT 2", "INSERT 3"), events, "read from a new position");
        }
    }
}
