package io.tributary.clean;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a producer on a thread of its own, a batch at a time, ahead of a consumer on the calling
 * thread, so that two steps of a pass use two cores. At most {@code depth} filled batches wait;
 * the consumer gives each batch back when done with it and the producer fills it again, so memory
 * stays bounded and batches are not allocated over and over. A failure of the producer is thrown
 * by the consumer's next call.
 *
 * @param <B> a batch: a holder of several items that the producer fills and the consumer reads
 */
public final class BatchesAhead<B> implements AutoCloseable {

    /** Fills batches on the producer's thread. */
    @FunctionalInterface
    public interface Producer<B> {
        /** Fills the batch (it holds the items of an earlier fill); false when there is nothing more to add. */
        boolean fill(B batch) throws IOException;
    }

    private final Object end = new Object();
    private final BlockingQueue<Object> filled;
    private final BlockingQueue<B> free;
    private final Supplier<B> newBatch;
    private final Producer<B> producer;
    private final int limit;
    private final Thread thread;
    private int created;
    private volatile boolean closed;
    private volatile Throwable failure;
    private boolean finished;

    public BatchesAhead(String threadName, int depth, Supplier<B> newBatch, Producer<B> producer) {
        this.filled = new ArrayBlockingQueue<>(depth + 1);
        this.free = new ArrayBlockingQueue<>(depth + 2);
        this.limit = depth + 2;
        this.newBatch = newBatch;
        this.producer = producer;
        this.thread = new Thread(this::produce, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void produce() {
        try {
            while (!closed) {
                B batch = free.poll();
                if (batch == null) {
                    batch = created < limit ? created() : free.take();
                }
                boolean more = producer.fill(batch);
                put(batch);
                if (!more) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Throwable e) {
            failure = e;
        }
        try {
            put(end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private B created() {
        created++;
        return newBatch.get();
    }

    private void put(Object batch) throws InterruptedException {
        while (!closed && !filled.offer(batch, 100, TimeUnit.MILLISECONDS)) {
            // the consumer is behind
        }
    }

    /** The next filled batch (give it back with {@link #recycle}), or null when the producer is done. */
    @SuppressWarnings("unchecked")
    public B next() throws IOException {
        if (finished) {
            return null;
        }
        Object batch;
        try {
            batch = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + thread.getName());
        }
        if (batch == end) {
            finished = true;
            ThreadFailure.rethrow(failure);
            return null;
        }
        return (B) batch;
    }

    /** Gives a batch back to be filled again. */
    public void recycle(B batch) {
        free.offer(batch);
    }

    /** Stops the producer (also in the middle of the input) and waits for its thread to end. */
    @Override
    public void close() {
        closed = true;
        filled.clear();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
