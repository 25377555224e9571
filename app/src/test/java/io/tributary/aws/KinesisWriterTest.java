package io.tributary.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.changes.PartitionKeyTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Throttling, which the Kinesis emulator never does, played by a Kinesis client that refuses some
 * entries: refused entries, and only they, are sent again; batches respect the 500-record limit; a
 * put stops between calls when Tributary stops.
 */
class KinesisWriterTest {

    /** A Kinesis client whose PutRecords answers as {@code answer} says, recording every call. */
    static final class RefusingKinesis implements KinesisClient {
        final List<List<PutRecordsRequestEntry>> calls = new ArrayList<>();
        final Function<Integer, Boolean> refuse;  // call number → refuse the first entry of that call?

        RefusingKinesis(Function<Integer, Boolean> refuse) {
            this.refuse = refuse;
        }

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            calls.add(request.records());
            boolean refuseFirst = refuse.apply(calls.size());
            List<PutRecordsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (int i = 0; i < request.records().size(); i++) {
                if (refuseFirst && i == 0) {
                    results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("Rate exceeded for shard").build());
                    failed++;
                } else {
                    results.add(PutRecordsResultEntry.builder().sequenceNumber("s" + i).shardId("shard-0").build());
                }
            }
            return PutRecordsResponse.builder().records(results).failedRecordCount(failed).build();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
        }
    }

    static List<ObjectNode> changes(int n) {
        List<ObjectNode> changes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            changes.add(JsonNodeFactory.instance.objectNode().put("eventID", "e" + i).put("eventName", "INSERT"));
        }
        return changes;
    }

    @Test
    void refusedEntriesAreSentAgainAndOnlyThey() {
        RefusingKinesis kinesis = new RefusingKinesis(call -> call <= 2);
        int put = new KinesisWriter(kinesis, 1).put("s", changes(1200), new PartitionKeyTemplate("{eventID}"));
        assertEquals(1200, put);
        assertEquals(500, kinesis.calls.get(0).size(), "at most 500 records a call");
        assertEquals(1, kinesis.calls.get(1).size(), "only the refused entry is sent again");
        assertEquals(kinesis.calls.get(0).get(0), kinesis.calls.get(1).get(0));
        assertEquals(1, kinesis.calls.get(2).size(), "refused again, sent again");
        assertEquals(List.of(500, 1, 1, 500, 200), kinesis.calls.stream().map(List::size).toList());
        assertEquals("e0", kinesis.calls.get(0).get(0).partitionKey());
    }

    @Test
    void aPutStopsBeforeItsNextCallWhenTributaryStops() {
        RefusingKinesis kinesis = new RefusingKinesis(call -> false);
        Stopped e = assertThrows(Stopped.class, () -> new KinesisWriter(kinesis, 1).put("s", changes(1200),
                new PartitionKeyTemplate("{eventID}"), () -> !kinesis.calls.isEmpty()));
        assertEquals("stopped while putting records on s: Tributary is stopping (500 of 1200 put)", e.getMessage());
        assertEquals(1, kinesis.calls.size(), "no call after the stop");
    }

    @Test
    void anEntryRefusedEveryTimeFailsThePutNamingTheReason() {
        RefusingKinesis kinesis = new RefusingKinesis(call -> true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new KinesisWriter(kinesis, 1).put("s", changes(3), new PartitionKeyTemplate("{eventID}")));
        assertTrue(e.getMessage().startsWith("1 records were refused by Kinesis stream s after 10 attempts "
                + "(last: ProvisionedThroughputExceededException: Rate exceeded for shard)"), e.getMessage());
    }
}
