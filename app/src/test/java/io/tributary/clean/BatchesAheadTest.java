package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producer thread hands over every item in order, in a bounded set of reused batches, and stops when told. */
class BatchesAheadTest {

    static final class Batch {
        final int[] items = new int[10];
        int size;
    }

    @Test
    void everyItemArrivesInOrderInReusedBatches() throws IOException {
        AtomicInteger made = new AtomicInteger();
        int[] next = {0};
        List<Integer> seen = new ArrayList<>();
        try (BatchesAhead<Batch> ahead = new BatchesAhead<>("test-producer", 3, () -> {
            made.incrementAndGet();
            return new Batch();
        }, batch -> {
            batch.size = 0;
            while (batch.size < batch.items.length && next[0] < 10_005) {
                batch.items[batch.size++] = next[0]++;
            }
            return next[0] < 10_005;
        })) {
            for (Batch b = ahead.next(); b != null; b = ahead.next()) {
                for (int i = 0; i < b.size; i++) {
                    seen.add(b.items[i]);
                }
                ahead.recycle(b);
            }
            assertNull(ahead.next(), "the end stays the end");
        }
        assertEquals(10_005, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
        assertTrue(made.get() <= 5, "at most depth + 2 batches are made, made " + made.get());
    }

    @Test
    void aProducerFailureIsThrownToTheConsumerAfterTheItemsBeforeIt() throws IOException {
        int[] fills = {0};
        try (BatchesAhead<Batch> ahead = new BatchesAhead<>("test-producer", 2, Batch::new, batch -> {
            if (++fills[0] == 4) {
                throw new UncheckedIOException(new IOException("disk went away"));
            }
            batch.size = 1;
            return true;
        })) {
            IOException e = assertThrows(IOException.class, () -> {
                for (Batch b = ahead.next(); b != null; b = ahead.next()) {
                    ahead.recycle(b);
                }
            });
            assertEquals("disk went away", e.getMessage());
        }
    }

    @Test
    void closingInTheMiddleStopsTheProducer() throws Exception {
        Thread[] producer = new Thread[1];
        BatchesAhead<Batch> ahead = new BatchesAhead<>("test-producer", 2, Batch::new, batch -> {
            producer[0] = Thread.currentThread();
            batch.size = 1;
            return true; // endless
        });
        Batch first = ahead.next();
        assertEquals(1, first.size);
        ahead.close();
        producer[0].join(5_000);
        assertFalse(producer[0].isAlive(), "the producer thread ended");
    }
}
