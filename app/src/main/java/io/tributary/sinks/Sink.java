package io.tributary.sinks;

import io.tributary.clean.OutputCheck;
import io.tributary.clean.RowSink;

import java.io.IOException;
import java.util.List;

/**
 * One place a file's clean rows go, as its dataset spec declares it under {@code output.<key>}:
 * it writes the rows into the file's local folder while the file is cleaned, says what limits a
 * row must meet to be held (checked before any sink gets the row, so all hold the same rows),
 * then publishes what it wrote. A new sink is one class like this and one key in the spec
 * ({@link Sinks} maps the key's options to the class).
 */
public interface Sink {

    /** The spec key under {@code output} ({@code csv}, {@code parquet}, ...), also the step's name. */
    String key();

    /** Opens the writer of this file's clean rows (local files only). */
    RowSink writer() throws IOException;

    /** The limits a row must meet to go to this sink. */
    default List<OutputCheck> checks() {
        return List.of();
    }

    /**
     * Checks, before any sink of the file publishes, what could still refuse the file at the
     * target (the Parquet sink: the lake's table against the catalog). Throws to fail the file.
     */
    default void checkBeforePublishing(Target target) throws IOException {
    }

    /** Publishes what the writer wrote (after the clean); what it wrote, for the summary, report and lineage. */
    List<Written> publish(Target target) throws IOException;
}
