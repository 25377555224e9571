package io.tributary.camel;

import io.tributary.TributaryConfig;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import net.datafaker.Faker;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mock generator: fake user profiles (id, name, email, phone_number, created_at, age,
 * address) from Datafaker, inserted into {@code tributary.generator.table} at
 * {@code tributary.generator.rate} a second. Ages run from 15 to 90, so some are outside 18-80.
 */
@Singleton
@Named("mockProfiles")
public class MockProfiles {

    private static final Logger LOG = Logger.getLogger(MockProfiles.class);

    private final TributaryConfig config;
    private final DynamoDbClient dynamodb;
    private final Faker faker = new Faker();
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private final AtomicLong inserted = new AtomicLong();

    public MockProfiles(TributaryConfig config, DynamoDbClient dynamodb) {
        this.config = config;
        this.dynamodb = dynamodb;
    }

    /** One fake profile as a DynamoDB item. */
    public Map<String, AttributeValue> profile() {
        String first = faker.name().firstName();
        String last = faker.name().lastName();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromN(Long.toString(sequence.incrementAndGet())));
        item.put("name", AttributeValue.fromS(first + " " + last));
        item.put("email", AttributeValue.fromS(faker.internet().emailAddress(
                (first + "." + last).toLowerCase().replaceAll("[^a-z.]", ""))));
        item.put("phone_number", AttributeValue.fromS(faker.phoneNumber().cellPhone()));
        item.put("created_at", AttributeValue.fromS(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        item.put("age", AttributeValue.fromN(Integer.toString(faker.number().numberBetween(15, 91))));
        item.put("address", AttributeValue.fromS(faker.address().fullAddress()));
        return item;
    }

    /** Inserts one second's worth of profiles. */
    public void insert() {
        String table = config.generator().table();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < config.generator().rate(); i++) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(profile()).build()).build());
            if (batch.size() == 25) {
                write(table, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            write(table, batch);
        }
        long total = inserted.addAndGet(config.generator().rate());
        if (total % 100 < config.generator().rate()) {
            LOG.infof("mock generator: %d fake user profiles inserted into %s so far", total, table);
        }
    }

    private void write(String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            final Map<String, List<WriteRequest>> send = pending;
            pending = dynamodb.batchWriteItem(b -> b.requestItems(send)).unprocessedItems();
        }
    }
}
