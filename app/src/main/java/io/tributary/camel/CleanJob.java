package io.tributary.camel;

import io.tributary.clean.CleanSummary;
import io.tributary.clean.DatasetSpec;
import io.tributary.format.FileCleaning;
import io.tributary.sinks.Sinks;
import io.tributary.sinks.Written;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** One raw object going through the clean flow: what it is, where its spooled files are, what was done. */
public final class CleanJob {

    final ObjectCreated object;
    final String dataset;
    final String fileName;
    /** The dataset's spec; null until cleaning infers one when no spec claims the file. */
    DatasetSpec spec;
    FileCleaning.Result result;
    String reportUri;
    final Path spool;
    final long startedNanos = System.nanoTime();
    final java.time.Instant startedAt = java.time.Instant.now();
    /** The sinks the spec declares, opened by the clean. */
    Sinks sinks;
    /** What each sink published, by its key, once each (a step retried after an I/O error publishes the rest). */
    final Map<String, List<Written>> published = new LinkedHashMap<>();
    /** Every object key uploaded for this raw object by this clean. */
    final Set<String> uploadedKeys = new LinkedHashSet<>();
    String rejectedUri;
    /** The first rejected rows, for the report. */
    final List<io.tributary.clean.RejectedRow> rejectedForReport = new java.util.ArrayList<>();
    /** Outputs of earlier cleans of the object deleted by this one. */
    int replaced;
    /** How far the clean (then the DynamoDB load) is, for the log and the console. */
    final io.tributary.format.Progress progress = new io.tributary.format.Progress();
    /** The remote call under way (e.g. {@code uploading s3://...}), named should it fail; null between calls. */
    private String call;
    /** How many times each call was begun (a step retried after an I/O error begins its calls again). */
    private final Map<String, Integer> tries = new HashMap<>();
    /** The wall time of each step of the flow so far (a retried step's tries and waits added up). */
    private final Map<String, Long> stepNanos = new LinkedHashMap<>();
    private long stepFrom = startedNanos;

    CleanJob(ObjectCreated object, String dataset, DatasetSpec spec, String fileName, Path spool) {
        this.object = object;
        this.dataset = dataset;
        this.spec = spec;
        this.fileName = fileName;
        this.spool = spool;
    }

    /** What the job is doing now: how far its long stage is, else the call under way, else the last step done. */
    String doing() {
        String far = progress.describe();
        if (far != null) {
            return far;
        }
        String now = call;
        if (now != null) {
            return now;
        }
        String last = null;
        for (String step : stepNanos.keySet()) {
            last = step;
        }
        return last == null ? "starting" : last + " done";
    }

    /** A remote call begins. */
    void calling(String what) {
        call = what;
        tries.merge(what, 1, Integer::sum);
    }

    /** The remote call ended well. */
    void called() {
        call = null;
    }

    /** A step of the flow ended: the time since the previous one ended is its. */
    void stepDone(String step) {
        long now = System.nanoTime();
        stepNanos.merge(step, now - stepFrom, Long::sum);
        stepFrom = now;
    }

    /** Each step's wall time in milliseconds, in the order the steps ran. */
    Map<String, Long> stepMillis() {
        Map<String, Long> millis = new LinkedHashMap<>();
        stepNanos.forEach((step, nanos) -> millis.put(step, TimeUnit.NANOSECONDS.toMillis(nanos)));
        return millis;
    }

    /** The remote call under way, and how many times it was tried when more than once; null between calls. */
    String callUnderWay() {
        if (call == null) {
            return null;
        }
        int n = tries.get(call);
        return n > 1 ? call + " (tried " + n + " times)" : call;
    }

    public ObjectCreated object() {
        return object;
    }

    public DatasetSpec spec() {
        return spec;
    }

    public CleanSummary summary() {
        return result == null ? null : result.report().summary();
    }

    public FileCleaning.Result result() {
        return result;
    }

    /** What the sinks wrote, in the order they published. */
    public List<Written> written() {
        return published.values().stream().flatMap(List::stream).toList();
    }

    /** The object keys this clean wrote: what the bucket should hold for this raw object. */
    Set<String> objectKeys() {
        return Set.copyOf(uploadedKeys);
    }

    /** The items the DynamoDB sink wrote (0 without one). */
    long itemsWritten() {
        return published.getOrDefault("dynamodb", List.of()).stream().mapToLong(Written::rows).sum();
    }

    /**
     * What was written, one entry per sink as the summary line and the report's {@code outputs} name
     * it: an object, a table with its items, the lake's folder with its files and rows.
     */
    List<String> described() {
        List<String> out = new ArrayList<>();
        published.forEach((sink, written) -> {
            if (written.size() == 1 && !sink.equals("parquet")) {
                out.add(written.get(0).describe());
            } else if (!written.isEmpty()) {
                String first = written.get(0).uri();
                String folder = first.substring(0, first.indexOf('/', "s3://".length()) + 1) + curatedFolder(first);
                long rows = written.stream().mapToLong(Written::rows).sum();
                out.add(String.format(Locale.ROOT, "%s (%s %d %s, %d %s)", folder, sink, written.size(),
                        written.size() == 1 ? "file" : "files", rows, rows == 1 ? "row" : "rows"));
            } else {
                out.add(sink + " (nothing: no clean rows)");
            }
        });
        if (rejectedUri != null) {
            out.add(rejectedUri);
        }
        if (replaced > 0) {
            out.add(String.format(Locale.ROOT, "deleted %d %s of an earlier clean", replaced,
                    replaced == 1 ? "output" : "outputs"));
        }
        return out;
    }

    /** The dataset folder of a lake object's URI: {@code curated/<dataset>/}. */
    private String curatedFolder(String uri) {
        String key = uri.substring(uri.indexOf('/', "s3://".length()) + 1);
        int dataset = key.indexOf(this.dataset + "/");
        return dataset < 0 ? key.substring(0, key.lastIndexOf('/') + 1)
                : key.substring(0, dataset + this.dataset.length() + 1);
    }

    /** Each output for the report: sink, URI and rows. */
    List<Map<String, Object>> writtenForReport() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Written w : written()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sink", w.sink());
            m.put("uri", w.uri());
            m.put("rows", w.rows());
            out.add(m);
        }
        return out;
    }

    /** Each output for the state table (the object's lineage): sink, URI and rows. */
    List<AttributeValue> writtenRecords() {
        return written().stream().map(w -> AttributeValue.fromM(Map.of("sink", AttributeValue.fromS(w.sink()),
                "uri", AttributeValue.fromS(w.uri()), "rows", AttributeValue.fromN(Long.toString(w.rows())))))
                .toList();
    }

    Path raw() {
        return spool.resolve("raw");
    }

    Path rejectedFile() {
        return spool.resolve("rejected.csv");
    }

    Path reportFile() {
        return spool.resolve("report.json");
    }

    Path reportPage() {
        return spool.resolve("report.html");
    }

    /** The clean outputs' base name: the raw file name without its extension. */
    String baseName() {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
