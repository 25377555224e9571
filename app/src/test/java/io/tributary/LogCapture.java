package io.tributary;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the application logs under some categories, to assert on what a user reads. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> traced = new CopyOnWriteArrayList<>();
    private final List<Logger> loggers;

    public LogCapture(String... categories) {
        this.loggers = java.util.Arrays.stream(categories).map(Logger::getLogger).toList();
        loggers.forEach(l -> l.addHandler(this));
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        Object[] params = record.getParameters();
        if (params != null && params.length > 0) {
            try {
                message = String.format(message, params);
            } catch (RuntimeException ignored) {
                message = java.text.MessageFormat.format(message, params);
            }
        }
        lines.add(record.getLevel() + " " + message);
        if (record.getThrown() != null) {
            traced.add(record.getLoggerName() + " " + record.getLevel() + " " + message + ": " + record.getThrown());
        }
    }

    /** The lines logged with a stack trace (a user sees the trace under them). */
    public List<String> withStackTraces() {
        return List.copyOf(traced);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean contains(String fragment) {
        return lines.stream().anyMatch(l -> l.contains(fragment));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.removeHandler(this));
    }
}
