package io.tributary.camel;

import io.tributary.clean.CleanSummary;
import io.tributary.clean.DatasetSpec;
import io.tributary.format.FileCleaning;

import java.nio.file.Path;
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
    /** What was written, once each (a step retried after an I/O error adds nothing twice). */
    final Set<String> outputs = new LinkedHashSet<>();
    long itemsWritten;
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

    public List<String> written() {
        return List.copyOf(outputs);
    }

    Path raw() {
        return spool.resolve("raw");
    }

    FileCleaning.Outputs outputs() {
        return FileCleaning.Outputs.in(spool);
    }

    /** The clean outputs' base name: the raw file name without its extension. */
    String baseName() {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
