package io.tributary.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.changes.ChangeBatch;
import io.tributary.changes.ShardOrder;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads the DynamoDB streams of tables: finds each table's stream and its shards (new ones on
 * every poll), reads parents before children and closed shards to their end, and resumes each
 * shard after its checkpoint ({@code checkpoint#changes#<stream arn>#<shard>}), from the oldest
 * record when it has none.
 */
@Singleton
public class ChangeStreamReader {

    static final String CONSUMER = "changes";
    private static final Logger LOG = Logger.getLogger(ChangeStreamReader.class);

    private final DynamoDbClient dynamodb;
    private final DynamoDbStreamsClient streams;
    private final Checkpoints checkpoints;
    private final ShardCursors cursors = new ShardCursors();

    public ChangeStreamReader(DynamoDbClient dynamodb, DynamoDbStreamsClient streams, Checkpoints checkpoints) {
        this.dynamodb = dynamodb;
        this.streams = streams;
        this.checkpoints = checkpoints;
    }

    /** New changes of every shard that may be read now, one batch per shard with changes or an end. */
    public List<ChangeBatch> poll(Collection<String> tables, int limit) {
        List<ChangeBatch> batches = new ArrayList<>();
        for (String table : tables) {
            String arn;
            try {
                arn = dynamodb.describeTable(d -> d.tableName(table)).table().latestStreamArn();
            } catch (ResourceNotFoundException e) {
                LOG.debugf("table %s does not exist (yet); its changes are read once it does", table);
                continue;
            }
            if (arn == null) {
                LOG.debugf("table %s has no stream; enable NEW_AND_OLD_IMAGES to stream its changes", table);
                continue;
            }
            for (ShardCursors.Cursor cursor : cursors.readable(arn, shards(arn),
                    s -> checkpoints.get(CONSUMER, arn, s.id()).orElse(null))) {
                ChangeBatch batch = read(table, cursor, limit);
                if (batch != null) {
                    batches.add(batch);
                }
            }
        }
        return batches;
    }

    private List<ShardOrder.Shard> shards(String arn) {
        List<ShardOrder.Shard> listed = new ArrayList<>();
        String start = null;
        do {
            final String from = start;
            StreamDescription d = streams.describeStream(r -> r.streamArn(arn).exclusiveStartShardId(from))
                    .streamDescription();
            for (Shard s : d.shards()) {
                listed.add(new ShardOrder.Shard(s.shardId(), s.parentShardId(), null));
            }
            start = d.lastEvaluatedShardId();
        } while (start != null);
        return listed;
    }

    private ChangeBatch read(String table, ShardCursors.Cursor cursor, int limit) {
        String shard = cursor.shard.id();
        if (cursor.iterator == null) {
            String after = cursor.checkpoint == null ? null : cursor.checkpoint.sequence();
            try {
                cursor.iterator = streams.getShardIterator(g -> g.streamArn(cursor.stream).shardId(shard)
                        .shardIteratorType(after == null ? ShardIteratorType.TRIM_HORIZON
                                : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .sequenceNumber(after)).shardIterator();
            } catch (TrimmedDataAccessException e) {
                LOG.warnf("%s shard %s: changes after %s were trimmed before they were read (older than 24 h); "
                        + "reading from the oldest kept", table, shard, after);
                cursor.iterator = streams.getShardIterator(g -> g.streamArn(cursor.stream).shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            }
        }
        GetRecordsResponse response;
        try {
            final String iterator = cursor.iterator;
            response = streams.getRecords(g -> g.shardIterator(iterator).limit(limit));
        } catch (ExpiredIteratorException e) {
            cursor.iterator = null;
            return null;
        } catch (TrimmedDataAccessException e) {
            // the position is no longer in the shard (its records were trimmed; DynamoDB Local also
            // answers so for a position taken before a burst of writes): the next poll takes a new
            // one after the checkpoint, or from the oldest record kept, with a warning, if that is gone
            LOG.debugf("%s shard %s: the reading position was trimmed; taking a new one", table, shard);
            cursor.iterator = null;
            return null;
        }
        cursor.iterator = response.nextShardIterator();
        boolean ended = cursor.iterator == null;
        List<ObjectNode> changes = new ArrayList<>();
        String last = null;
        for (Record r : response.records()) {
            changes.add(ChangeDocuments.of(r, table));
            last = r.dynamodb().sequenceNumber();
        }
        if (changes.isEmpty() && !ended) {
            return null;
        }
        if (ended) {
            cursor.finished = true;
        }
        return new ChangeBatch(table, cursor.stream, shard, changes,
                last != null ? last : cursor.checkpoint == null ? null : cursor.checkpoint.sequence(), ended, false);
    }

    /** Records that a batch is on Kinesis: its last sequence number, and the shard's end. */
    public void checkpoint(ChangeBatch batch) {
        Checkpoints.Checkpoint done = new Checkpoints.Checkpoint(batch.lastSequence(), batch.shardEnded(), List.of());
        checkpoints.save(CONSUMER, batch.stream(), batch.shard(), done);
        ShardCursors.Cursor cursor = cursors.get(batch.stream(), batch.shard());
        if (cursor != null) {
            cursor.checkpoint = done;
        }
    }

    /** A batch that did not reach Kinesis: its shard is read again from the last checkpoint. */
    public void rewind(ChangeBatch batch) {
        cursors.rewind(batch.stream(), batch.shard());
    }

    /** Forgets all positions held in memory, as a restart does. */
    public void forget() {
        cursors.forget();
    }
}
