package io.tributary.aws;

import io.tributary.changes.ShardOrder;
import io.tributary.changes.StreamBatch;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a Kinesis stream shard by shard: new shards found on every poll, parents before children,
 * closed shards to their end, each resumed after its checkpoint
 * ({@code checkpoint#archive#<stream>#<shard>}) or from the oldest record. A checkpoint the
 * stream does not hold (the stream created again, or short of its latest records) resumes at the
 * records that arrived since the checkpoint's record did.
 */
@Singleton
public class KinesisReader {

    public static final String CONSUMER = "archive";

    private final KinesisClient kinesis;
    private static final Logger LOG = Logger.getLogger(KinesisReader.class);

    private final Checkpoints checkpoints;
    private final ShardCursors cursors = new ShardCursors();

    public KinesisReader(KinesisClient kinesis, Checkpoints checkpoints) {
        this.kinesis = kinesis;
        this.checkpoints = checkpoints;
    }

    /** One batch per readable shard (possibly empty: the archive's time hint still needs a tick). */
    public List<StreamBatch> poll(String stream, int limit) {
        List<ShardOrder.Shard> listed = new ArrayList<>();
        try {
            String next = null;
            do {
                final String token = next;
                ListShardsResponse page = kinesis.listShards(l -> {
                    if (token == null) {
                        l.streamName(stream);
                    } else {
                        l.nextToken(token);
                    }
                });
                for (Shard s : page.shards()) {
                    listed.add(new ShardOrder.Shard(s.shardId(), s.parentShardId(), s.adjacentParentShardId()));
                }
                next = page.nextToken();
            } while (next != null);
        } catch (ResourceNotFoundException e) {
            return List.of();
        }
        List<StreamBatch> batches = new ArrayList<>();
        for (ShardCursors.Cursor cursor : cursors.readable(stream, listed,
                s -> checkpoints.get(CONSUMER, stream, s.id()).orElse(null))) {
            StreamBatch batch = read(cursor, limit);
            if (batch != null) {
                batches.add(batch);
            }
        }
        return batches;
    }

    /**
     * An iterator at the first record after {@code after} (a checkpoint's sequence number), or at
     * the shard's oldest record when null.
     *
     * @throws InvalidArgumentException  or {@link ResourceNotFoundException}: the shard does not hold that record
     */
    static String iteratorAfter(KinesisClient kinesis, String stream, String shard, String after) {
        return kinesis.getShardIterator(g -> g.streamName(stream).shardId(shard)
                .shardIteratorType(after == null ? ShardIteratorType.TRIM_HORIZON
                        : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .startingSequenceNumber(after)).shardIterator();
    }

    private StreamBatch read(ShardCursors.Cursor cursor, int limit) {
        String shard = cursor.shard.id();
        if (cursor.iterator == null) {
            String after = cursor.checkpoint == null ? null : cursor.checkpoint.sequence();
            try {
                cursor.iterator = iteratorAfter(kinesis, cursor.stream, shard, after);
            } catch (InvalidArgumentException | ResourceNotFoundException e) {
                if (after == null) {
                    throw e;
                }
                // the shard was just listed, but not the checkpoint's record: the stream was deleted and
                // created again under its name, or lost its latest records (the local emulator killed
                // before it saved them). Asking again would fail every poll: read the records that
                // arrived since the checkpoint's did (those of the same millisecond again, which the
                // archive's recent ids drop), or, for a checkpoint that does not say when, all of them
                Instant arrived = cursor.checkpoint.arrived();
                LOG.warnf("%s shard %s: the archive's checkpoint %s is not a record of this stream (%s); "
                        + "reading the shard from %s", cursor.stream, shard, after,
                        e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage(),
                        arrived == null ? "its oldest record" : "the records that arrived at " + arrived + " or later");
                cursor.iterator = kinesis.getShardIterator(g -> g.streamName(cursor.stream).shardId(shard)
                        .shardIteratorType(arrived == null ? ShardIteratorType.TRIM_HORIZON
                                : ShardIteratorType.AT_TIMESTAMP).timestamp(arrived)).shardIterator();
            }
        }
        GetRecordsResponse response;
        try {
            final String iterator = cursor.iterator;
            response = kinesis.getRecords(g -> g.shardIterator(iterator).limit(limit));
        } catch (ExpiredIteratorException e) {
            cursor.iterator = null;
            return null;
        } catch (InvalidArgumentException | ResourceNotFoundException e) {
            // an iterator of a stream that is gone (the local emulator started again without it, or the
            // stream deleted and created again): a new one, from the checkpoint, at the next poll
            LOG.debugf("%s shard %s: iterator no longer valid (%s); asking for a new one", cursor.stream, shard,
                    e.getMessage());
            cursor.iterator = null;
            return null;
        }
        cursor.iterator = response.nextShardIterator();
        boolean ended = cursor.iterator == null;
        if (ended) {
            cursor.finished = true;
        }
        List<StreamBatch.StreamRecord> records = new ArrayList<>();
        for (Record r : response.records()) {
            records.add(new StreamBatch.StreamRecord(r.sequenceNumber(), r.partitionKey(), r.data().asByteArray(),
                    r.approximateArrivalTimestamp()));
        }
        long behind = response.millisBehindLatest() == null ? 0 : response.millisBehindLatest();
        return new StreamBatch(cursor.stream, shard, records, behind, ended, false);
    }

    /** The shard's checkpoint as last loaded or saved. */
    public Optional<Checkpoints.Checkpoint> checkpoint(String stream, String shard) {
        ShardCursors.Cursor c = cursors.get(stream, shard);
        return c == null ? Optional.empty() : Optional.ofNullable(c.checkpoint);
    }

    /** Records that everything up to {@code checkpoint.sequence()} is archived. */
    public void checkpoint(String stream, String shard, Checkpoints.Checkpoint checkpoint) {
        checkpoints.save(CONSUMER, stream, shard, checkpoint);
        ShardCursors.Cursor c = cursors.get(stream, shard);
        if (c != null) {
            c.checkpoint = checkpoint;
        }
    }

    /** The shard is read again from its last checkpoint (records buffered but not archived are read again). */
    public void rewind(String stream, String shard) {
        cursors.rewind(stream, shard);
    }

    /** Forgets all positions held in memory, as a restart does. */
    public void forget() {
        cursors.forget();
    }
}
