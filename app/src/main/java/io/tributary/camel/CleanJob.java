package io.tributary.camel;

import io.tributary.clean.CleanSummary;
import io.tributary.clean.DatasetSpec;
import io.tributary.format.FileCleaning;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
