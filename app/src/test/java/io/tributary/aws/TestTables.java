package io.tributary.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** The tables tests make in the local DynamoDB: on demand, keyed by one number, with a stream or not. */
public final class TestTables {

    private TestTables() {
    }

    /** @param withStream whether the table has a stream of new and old images (as the change stream reads) */
    public static void create(DynamoDbClient dynamodb, String table, String numberKey, boolean withStream) {
        dynamodb.createTable(c -> {
            c.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName(numberKey).attributeType(ScalarAttributeType.N))
                    .keySchema(k -> k.attributeName(numberKey).keyType(KeyType.HASH));
            if (withStream) {
                c.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
            }
        });
    }
}
