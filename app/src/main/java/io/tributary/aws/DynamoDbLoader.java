package io.tributary.aws;

import io.tributary.TributaryConfig;
import io.tributary.clean.DuplicateIndex;
import io.tributary.clean.RowHash;
import io.tributary.format.JsonTree;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Loads rows (JSON Lines, typed) into a DynamoDB table with BatchWriteItem, 25 items a call,
 * {@code tributary.load-threads} calls in flight; UnprocessedItems are retried with exponential
 * backoff and jitter. Items have deterministic keys,
 * so loading the same rows again overwrites instead of adding.
 */
@Singleton
public class DynamoDbLoader {

    /** The key attribute of tables without declared key columns: {@code <raw key>#<line>}. */
    public static final String ROW_ID = "row_id";
    static final int BATCH = 25;
    static final int MAX_ATTEMPTS = 10;

    private static final Logger LOG = Logger.getLogger(DynamoDbLoader.class);

    private final DynamoDbClient dynamodb;
    private final int writers;
    /** The first retry's wait; each next one doubles, up to 5 s. */
    private final long backoffMillis;

    @Inject
    public DynamoDbLoader(DynamoDbClient dynamodb, TributaryConfig config) {
        this(dynamodb, config.loadThreads());
    }

    DynamoDbLoader(DynamoDbClient dynamodb, int writers) {
        this(dynamodb, writers, 50);
    }

    DynamoDbLoader(DynamoDbClient dynamodb, int writers, long backoffMillis) {
        this.dynamodb = dynamodb;
        this.writers = Math.max(1, writers);
        this.backoffMillis = backoffMillis;
    }

    /**
     * Writes with several BatchWriteItem calls in flight. Each item goes to the writer its key
     * hashes to, and each writer keeps file order, so a key that appears twice still ends with its
     * later row.
     *
     * @param keyColumns the table's key attributes; items in one call must differ in them, so a later
     *                   row with the same key replaces an earlier one in the same batch (last wins,
     *                   as it would across batches)
     * @return the number of items written
     */
    public Loaded load(Path rows, String table, List<String> keyColumns) throws IOException {
        return load(rows, table, keyColumns, () -> false);
    }

    /**
     * What a load did: the items the table holds from it (distinct keys) and the rows whose key a
     * later row of the same file had too, so that the later one replaced them (an upsert by key).
     */
    public record Loaded(long items, long sharedKey) {
        /** {@code N items} or {@code N items; M rows shared a key with a later row}. */
        public String describe() {
            return items + " items" + (sharedKey == 0 ? ""
                    : "; " + sharedKey + (sharedKey == 1 ? " row" : " rows") + " shared a key with a later row");
        }
    }

    /**
     * As {@link #load(Path, String, List)}, and stops early, with {@link Stopped}, once
     * {@code stopRequested} says so (Tributary is stopping): the items already handed out may or
     * may not be written, and loading the file again later writes them all (keys are deterministic).
     */
    public Loaded load(Path rows, String table, List<String> keyColumns, BooleanSupplier stopRequested)
            throws IOException {
        return load(rows, table, keyColumns, stopRequested, n -> { });
    }

    /** As above, telling {@code written} of each batch the table took (its number of items). */
    public Loaded load(Path rows, String table, List<String> keyColumns, BooleanSupplier stopRequested,
                       java.util.function.LongConsumer written) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "tributary-dynamodb-writer");
            t.setDaemon(true);
            return t;
        });
        List<BlockingQueue<Map<String, AttributeValue>>> queues = new ArrayList<>();
        List<Future<Loaded>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            BlockingQueue<Map<String, AttributeValue>> queue = new ArrayBlockingQueue<>(BATCH * 8);
            queues.add(queue);
            results.add(pool.submit(() -> drain(queue, table, keyColumns, written)));
        }
        try {
            try (BufferedReader in = Files.newBufferedReader(rows, StandardCharsets.UTF_8)) {
                String line;
                long handed = 0;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (stopRequested.getAsBoolean()) {
                        throw new Stopped("loading " + table, String.format(Locale.ROOT,
                                "%,d items handed to the writers", handed));
                    }
                    handed++;
                    Map<String, AttributeValue> item = ItemMapper.item(JsonTree.read(line));
                    int w = Math.floorMod(key(item, keyColumns).hashCode(), writers);
                    hand(queues.get(w), item, results.get(w));
                }
            }
            for (int w = 0; w < writers; w++) {
                hand(queues.get(w), END, results.get(w));
            }
            long items = 0;
            long shared = 0;
            for (Future<Loaded> result : results) {
                items += result.get().items();
                shared += result.get().sharedKey();
            }
            return new Loaded(items, shared);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + table, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static final Map<String, AttributeValue> END = Map.of();

    private static List<AttributeValue> key(Map<String, AttributeValue> item, List<String> keyColumns) {
        List<AttributeValue> key = new ArrayList<>(keyColumns.size());
        for (String k : keyColumns) {
            key.add(item.get(k));
        }
        return key;
    }

    /** Queues an item for a writer; a writer that failed ends the load with its failure. */
    private static void hand(BlockingQueue<Map<String, AttributeValue>> queue, Map<String, AttributeValue> item,
                             Future<?> writer) throws InterruptedException, ExecutionException {
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
            if (writer.isDone()) {
                writer.get();
            }
        }
    }

    /**
     * One writer: its items in batches. Every key a writer sees is its own (items go to writers by
     * key), so its index of the keys written tells an item that replaces an earlier one.
     */
    private Loaded drain(BlockingQueue<Map<String, AttributeValue>> queue, String table, List<String> keyColumns,
                         java.util.function.LongConsumer written) throws InterruptedException {
        long taken = 0;
        long shared = 0;
        DuplicateIndex keysWritten = new DuplicateIndex();
        RowHash hash = new RowHash();
        Map<List<AttributeValue>, WriteRequest> batch = new LinkedHashMap<>();
        while (true) {
            Map<String, AttributeValue> item = queue.take();
            if (item == END) {
                break;
            }
            taken++;
            hash.reset();
            for (String k : keyColumns) {
                AttributeValue v = item.get(k);
                hash.add(v == null ? null : v.s() != null ? v.s() : v.n());
            }
            if (!keysWritten.add(hash.finish())) {
                shared++;
            }
            batch.put(key(item, keyColumns),
                    WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == BATCH) {
                write(table, new ArrayList<>(batch.values()));
                written.accept(batch.size());
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            write(table, new ArrayList<>(batch.values()));
            written.accept(batch.size());
        }
        return new Loaded(taken - shared, shared);
    }

    private void write(String table, List<WriteRequest> requests) {
        List<WriteRequest> pending = requests;
        for (int attempt = 1; ; attempt++) {
            final List<WriteRequest> toSend = pending;
            BatchWriteItemResponse response = dynamodb.batchWriteItem(b -> b.requestItems(Map.of(table, toSend)));
            List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
            if (unprocessed.isEmpty()) {
                return;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException(unprocessed.size() + " items stayed unprocessed by table " + table
                        + " after " + MAX_ATTEMPTS + " attempts (throttled: raise its capacity or retry later)");
            }
            long waited = Backoff.sleep(backoffMillis, attempt, table);
            LOG.debugf("%d unprocessed items for %s, retried (%d) after %d ms", unprocessed.size(), table, attempt,
                    waited);
            pending = unprocessed;
        }
    }
}
