package io.tributary.aws;

import io.tributary.TributaryConfig;
import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Creates what the configuration names when it does not exist yet: the bucket, the state table,
 * one table per dataset (with a NEW_AND_OLD_IMAGES stream, for the change-stream flow) and the
 * Kinesis stream. Runs in local mode; in AWS the deployment template creates them.
 */
public final class Provisioner {

    private static final Logger LOG = Logger.getLogger(Provisioner.class);

    private final S3Client s3;
    private final DynamoDbClient dynamodb;
    private final KinesisClient kinesis;

    public Provisioner(S3Client s3, DynamoDbClient dynamodb, KinesisClient kinesis) {
        this.s3 = s3;
        this.dynamodb = dynamodb;
        this.kinesis = kinesis;
    }

    public void ensure(TributaryConfig config, Collection<DatasetSpec> datasets) {
        ensureBucket(config.bucket());
        ensureTable(config.stateTable(), StateLedger.KEY, ScalarAttributeType.S, null, null);
        for (DatasetSpec spec : datasets) {
            if (spec.dynamodb() != null) {
                ensureTable(spec);
            }
        }
        emptyIfArchived(config.kinesisStream(), new Checkpoints(dynamodb, config));
        ensureStream(config.kinesisStream());
    }

    /**
     * Local mode: kinesis-local never expires a record (AWS does after the stream's 24 hours) and
     * saves every record it holds each minute, so a stream kept from run to run grows without end
     * and keeps the emulator ever busier (a day's few files: tens of MB, a core). At start, a stream
     * whose every record the archive already holds is deleted, to be created again empty, and the
     * archive's checkpoints of it go too. A stream with a record the archive has not read (or no
     * checkpoint: the archive is off) is kept as it is.
     *
     * @return whether the stream was emptied
     */
    public boolean emptyIfArchived(String stream, Checkpoints checkpoints) {
        List<Shard> shards;
        try {
            shards = kinesis.listShards(l -> l.streamName(stream)).shards();
        } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            return false;
        }
        boolean archivedAny = false;
        for (Shard shard : shards) {
            String after = checkpoints.get(KinesisReader.CONSUMER, stream, shard.shardId())
                    .map(Checkpoints.Checkpoint::sequence).orElse(null);
            archivedAny |= after != null;
            try {
                String iterator = KinesisReader.iteratorAfter(kinesis, stream, shard.shardId(), after);
                if (!kinesis.getRecords(g -> g.shardIterator(iterator).limit(1)).records().isEmpty()) {
                    return false; // not archived yet: the archive reads it from its checkpoint
                }
            } catch (KinesisException e) {
                return false; // a checkpoint the stream does not hold: the archive finds where to resume
            }
        }
        if (!archivedAny) {
            return false; // nothing was ever archived from it: empty, or the archive is off
        }
        kinesis.deleteStream(d -> d.streamName(stream).enforceConsumerDeletion(true));
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                kinesis.describeStreamSummary(d -> d.streamName(stream));
            } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException gone) {
                break;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Kinesis stream " + stream + " was not deleted in 30 s");
            }
            pause();
        }
        for (Shard shard : shards) {
            checkpoints.delete(KinesisReader.CONSUMER, stream, shard.shardId());
        }
        LOG.infof("Emptied the local Kinesis stream %s: the archive holds all its records (the emulator would"
                + " keep them for ever, and save them all every minute)", stream);
        return true;
    }

    /** Creates a dataset's table (keyed as its spec says, with a stream) when it does not exist. */
    public void ensureTable(DatasetSpec spec) {
        DatasetSpec.DynamoDb table = spec.dynamodb();
        if (table.partitionKey() == null) {
            ensureTable(table.table(), DynamoDbLoader.ROW_ID, ScalarAttributeType.S, null, null);
        } else {
            ensureTable(table.table(), table.partitionKey(), keyType(spec, table.partitionKey()),
                    table.sortKey(), table.sortKey() == null ? null : keyType(spec, table.sortKey()));
        }
    }

    private static ScalarAttributeType keyType(DatasetSpec spec, String column) {
        ColumnType type = spec.outputType(column);
        if (type == null) {
            return ScalarAttributeType.S;
        }
        return switch (type) {
            case INT, LONG, DOUBLE, DECIMAL -> ScalarAttributeType.N;
            default -> ScalarAttributeType.S;
        };
    }

    private void ensureBucket(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            create(bucket);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            create(bucket);
        }
    }

    private void create(String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
        LOG.infof("Created bucket %s", bucket);
    }

    private void ensureTable(String table, String hashKey, ScalarAttributeType hashType, String sortKey,
                             ScalarAttributeType sortType) {
        try {
            dynamodb.describeTable(d -> d.tableName(table));
            return;
        } catch (ResourceNotFoundException e) {
            // create it below
        }
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        attributes.add(AttributeDefinition.builder().attributeName(hashKey).attributeType(hashType).build());
        keys.add(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
        if (sortKey != null) {
            attributes.add(AttributeDefinition.builder().attributeName(sortKey).attributeType(sortType).build());
            keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
        }
        dynamodb.createTable(c -> c.tableName(table)
                .attributeDefinitions(attributes)
                .keySchema(keys)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()));
        dynamodb.waiter().waitUntilTableExists(d -> d.tableName(table));
        LOG.infof("Created DynamoDB table %s (key %s%s)", table, hashKey, sortKey == null ? "" : ", " + sortKey);
    }

    private void ensureStream(String stream) {
        try {
            kinesis.describeStreamSummary(d -> d.streamName(stream));
            return;
        } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            // create it below
        }
        kinesis.createStream(c -> c.streamName(stream).shardCount(1));
        long deadline = System.currentTimeMillis() + 30_000;
        while (kinesis.describeStreamSummary(d -> d.streamName(stream)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Kinesis stream " + stream + " did not become ACTIVE in 30 s");
            }
            pause();
        }
        LOG.infof("Created Kinesis stream %s", stream);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kinesis stream", e);
        }
    }
}
