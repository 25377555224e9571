package io.tributary.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.changes.PartitionKeyTemplate;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Puts change documents on a Kinesis stream with PutRecords: at most 500 records and 5 MB a call;
 * entries that fail (throttled, internal errors) are sent again with backoff and jitter, up to
 * {@value #MAX_ATTEMPTS} attempts, after which the whole put fails (nothing is checkpointed, so
 * the changes are read again).
 */
@Singleton
public class KinesisWriter {

    static final int MAX_RECORDS = 500;
    static final long MAX_BYTES = 5L * 1024 * 1024;
    static final int MAX_ATTEMPTS = 10;
    private static final Logger LOG = Logger.getLogger(KinesisWriter.class);

    private final KinesisClient kinesis;
    private final long backoffMillis;

    @Inject
    public KinesisWriter(KinesisClient kinesis) {
        this(kinesis, 100);
    }

    /** @param backoffMillis the first retry's wait; each next one doubles, up to 5 s */
    KinesisWriter(KinesisClient kinesis, long backoffMillis) {
        this.kinesis = kinesis;
        this.backoffMillis = backoffMillis;
    }

    /** @return the number of records put */
    public int put(String stream, List<ObjectNode> changes, PartitionKeyTemplate partitionKey) {
        return put(stream, changes, partitionKey, () -> false);
    }

    /**
     * As {@link #put(String, List, PartitionKeyTemplate)}, and stops before a PutRecords call, with
     * {@link Stopped}, once {@code stopRequested} says so (Tributary is stopping).
     */
    public int put(String stream, List<ObjectNode> changes, PartitionKeyTemplate partitionKey,
                   BooleanSupplier stopRequested) {
        List<PutRecordsRequestEntry> call = new ArrayList<>();
        long bytes = 0;
        int put = 0;
        for (ObjectNode change : changes) {
            byte[] data;
            try {
                data = ChangeDocuments.JSON.writeValueAsBytes(change);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            String key = partitionKey.keyOf(change);
            long size = data.length + key.length();
            if (!call.isEmpty() && (call.size() == MAX_RECORDS || bytes + size > MAX_BYTES)) {
                put += send(stream, call, put, changes.size(), stopRequested);
                call = new ArrayList<>();
                bytes = 0;
            }
            call.add(PutRecordsRequestEntry.builder().partitionKey(key).data(SdkBytes.fromByteArray(data)).build());
            bytes += size;
        }
        if (!call.isEmpty()) {
            put += send(stream, call, put, changes.size(), stopRequested);
        }
        return put;
    }

    private int send(String stream, List<PutRecordsRequestEntry> entries, int putBefore, int all,
                     BooleanSupplier stopRequested) {
        if (stopRequested.getAsBoolean()) {
            throw new Stopped("putting records on " + stream, putBefore + " of " + all + " put");
        }
        int total = entries.size();
        List<PutRecordsRequestEntry> pending = entries;
        for (int attempt = 1; ; attempt++) {
            final List<PutRecordsRequestEntry> toSend = pending;
            PutRecordsResponse response = kinesis.putRecords(p -> p.streamName(stream).records(toSend));
            if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
                return total;
            }
            List<PutRecordsRequestEntry> failed = new ArrayList<>();
            String reason = null;
            for (int i = 0; i < toSend.size(); i++) {
                PutRecordsResultEntry result = response.records().get(i);
                if (result.errorCode() != null) {
                    failed.add(toSend.get(i));
                    reason = result.errorCode() + ": " + result.errorMessage();
                }
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException(failed.size() + " records were refused by Kinesis stream " + stream
                        + " after " + MAX_ATTEMPTS + " attempts (last: " + reason + ")");
            }
            long waited = Backoff.sleep(backoffMillis, attempt, stream);
            LOG.debugf("%d of %d records refused by %s (%s); retried (%d) after %d ms", failed.size(),
                    toSend.size(), stream, reason, attempt, waited);
            pending = failed;
        }
    }
}
