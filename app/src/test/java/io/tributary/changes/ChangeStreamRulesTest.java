package io.tributary.changes;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure rules of the change-stream flows: shard order, the transform contract, keys, the id window. */
class ChangeStreamRulesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void childrenWaitForTheirListedParentsAndFinishedShardsAreNotReadAgain() {
        ShardOrder.Shard a = new ShardOrder.Shard("a", null, null);
        ShardOrder.Shard b = new ShardOrder.Shard("b", "a", null);          // split of a
        ShardOrder.Shard c = new ShardOrder.Shard("c", "a", null);
        ShardOrder.Shard d = new ShardOrder.Shard("d", "b", "c");           // merge of b and c
        ShardOrder.Shard e = new ShardOrder.Shard("e", "gone", null);       // parent trimmed away
        List<ShardOrder.Shard> listed = List.of(a, b, c, d, e);
        assertEquals(List.of(a, e), ShardOrder.readable(listed, Set.of()));
        assertEquals(List.of(b, c, e), ShardOrder.readable(listed, Set.of("a")));
        assertEquals(List.of(c, e), ShardOrder.readable(listed, Set.of("a", "b")), "d waits for both parents");
        assertEquals(List.of(d), ShardOrder.readable(listed, Set.of("a", "b", "c", "e")));
    }

    @Test
    void everyChangeBecomesARowOfItsNewImageOrKeysWithWhatChangedWhenAndWhere() {
        ArchiveTransform t = ArchiveTransform.named("changes-as-rows");
        assertEquals("{\"id\":1,\"name\":\"Ana\",\"change_type\":\"MODIFY\",\"change_sequence\":\"000123\","
                        + "\"change_table\":\"people\",\"changed_at\":\"2026-12-04T10:00:00Z\"}",
                t.apply(bytes("{\"eventID\":\"e1\",\"eventName\":\"MODIFY\",\"table\":\"people\",\"keys\":{\"id\":1},"
                        + "\"newImage\":{\"id\":1,\"name\":\"Ana\"},\"oldImage\":{\"id\":1,\"name\":\"An\"},"
                        + "\"approximateCreationTime\":\"2026-12-04T10:00:00Z\",\"sequenceNumber\":\"000123\"}"))
                        .data().toString());
        assertEquals("{\"id\":1,\"change_type\":\"REMOVE\",\"change_sequence\":\"124\",\"change_table\":\"people\","
                        + "\"changed_at\":null}",
                t.apply(bytes("{\"eventID\":\"e2\",\"eventName\":\"REMOVE\",\"table\":\"people\",\"keys\":{\"id\":1},"
                        + "\"newImage\":null,\"sequenceNumber\":\"124\"}")).data().toString(), "a REMOVE: the keys");
        assertEquals("the item has an attribute 'change_type', which changes-as-rows adds",
                t.apply(bytes("{\"eventID\":\"e3\",\"eventName\":\"INSERT\",\"newImage\":{\"change_type\":\"x\"},"
                        + "\"sequenceNumber\":\"1\"}")).reason());
        assertEquals("sequenceNumber 'null' is not a number of at most 38 digits",
                t.apply(bytes("{\"eventID\":\"e4\",\"eventName\":\"INSERT\",\"newImage\":{\"id\":2}}")).reason());
        assertEquals("a REMOVE without keys", t.apply(bytes("{\"eventID\":\"e5\",\"eventName\":\"REMOVE\","
                + "\"sequenceNumber\":\"1\"}")).reason());
        assertEquals("eventName 'TTL' is not INSERT, MODIFY or REMOVE",
                t.apply(bytes("{\"eventID\":\"e6\",\"eventName\":\"TTL\"}")).reason());
    }

    @Test
    void insertsBecomeTheirNewImageOthersAreDroppedAndBrokenRecordsFail() {
        ArchiveTransform t = ArchiveTransform.named("inserts-as-new-image");
        ArchiveTransform.Result insert = t.apply(bytes("{\"eventID\":\"e1\",\"eventName\":\"INSERT\","
                + "\"newImage\":{\"id\":1,\"name\":\"Ana\"}}"));
        assertEquals(ArchiveTransform.Outcome.OK, insert.outcome());
        assertEquals("{\"id\":1,\"name\":\"Ana\"}", insert.data().toString());
        assertEquals("e1", insert.eventId());
        // a DynamoDB number holds up to 38 digits: none is lost on the way to the archive
        assertEquals("{\"id\":2,\"price\":1234567890123456789012345.678,\"rate\":0.10}",
                t.apply(bytes("{\"eventID\":\"e6\",\"eventName\":\"INSERT\",\"newImage\":"
                        + "{\"id\":2,\"price\":1234567890123456789012345.678,\"rate\":0.10}}")).data().toString());
        ArchiveTransform.Result modify = t.apply(bytes("{\"eventID\":\"e2\",\"eventName\":\"MODIFY\"}"));
        assertEquals(ArchiveTransform.Outcome.DROPPED, modify.outcome());
        assertEquals("MODIFY", modify.reason());
        ArchiveTransform.Result notJson = t.apply(bytes("not json"));
        assertEquals(ArchiveTransform.Outcome.PROCESSING_FAILED, notJson.outcome());
        assertTrue(notJson.reason().startsWith("not JSON"), notJson.reason());
        // two documents in one record: neither is archived alone as if it were the record
        assertEquals("not JSON: more after the value at line 1, column 18",
                t.apply(bytes("{\"eventID\":\"e4\"} {\"eventID\":\"e5\"}")).reason());
        assertEquals("no eventID: not a change document", t.apply(bytes("{\"a\":1}")).reason());
        assertEquals("an INSERT without a newImage object",
                t.apply(bytes("{\"eventID\":\"e3\",\"eventName\":\"INSERT\"}")).reason());
        assertEquals(ArchiveTransform.Outcome.OK,
                ArchiveTransform.named("passthrough").apply(bytes("{\"eventID\":\"e2\",\"eventName\":\"MODIFY\"}"))
                        .outcome());
        assertThrows(IllegalArgumentException.class, () -> ArchiveTransform.named("upper-case"));
    }

    @Test
    void partitionKeysComeFromTheTemplate() throws Exception {
        var change = JSON.readTree("{\"eventID\":\"e1\",\"table\":\"t\",\"keys\":{\"id\":42}}");
        assertEquals("e1", new PartitionKeyTemplate("{eventID}").keyOf(change));
        assertEquals("t#42", new PartitionKeyTemplate("{table}#{keys.id}").keyOf(change));
        assertThrows(IllegalArgumentException.class, () -> new PartitionKeyTemplate("{nothing}").keyOf(change));
    }

    @Test
    void theIdWindowForgetsTheOldestFirst() {
        RecentIds ids = new RecentIds(3, List.of("a", "b"));
        assertFalse(ids.add("a"));
        assertTrue(ids.add("c"));
        assertTrue(ids.add("d"));
        assertFalse(ids.contains("a"), "a was the oldest");
        assertEquals(List.of("b", "c", "d"), ids.toList());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
