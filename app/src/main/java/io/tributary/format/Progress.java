package io.tributary.format;

import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * How far one long piece of work is, as the log and the console tell it: a stage ("cleaning",
 * "loading the DynamoDB table t"), how much of its total is done (bytes read of the file, or rows
 * written of the rows there are), the clean rows so far, the rate and the time left at that rate.
 * Written by the threads doing the work, read by another: counters only, no locks.
 */
public final class Progress {

    /** What is counted against the total: bytes (shown in MB) or rows. */
    public enum Unit { BYTES, ROWS }

    private final LongSupplier clock;
    private volatile String stage;
    private volatile Unit unit = Unit.BYTES;
    private volatile long total;
    private volatile long startedNanos;
    private final LongAdder done = new LongAdder();
    private final LongAdder rows = new LongAdder();
    /** How far the stage was at two recent moments, {@link #WINDOW_NANOS} or more apart: the rate is over the last stretch. */
    private long olderNanos = -1;
    private long olderDone;
    private long newerNanos;
    private long newerDone;

    /** The stretch the rate is measured over (at least; at most twice): the rate of late, not since the start. */
    static final long WINDOW_NANOS = 5_000_000_000L;

    public Progress() {
        this(System::nanoTime);
    }

    /** With a clock of nanoseconds (tests). */
    public Progress(LongSupplier clock) {
        this.clock = clock;
    }

    /** A stage begins: its total (-1 when unknown) in its unit; the counts start again from 0. */
    public synchronized void begin(String stage, long total, Unit unit) {
        done.reset();
        rows.reset();
        this.unit = unit;
        this.total = total;
        this.startedNanos = clock.getAsLong();
        this.olderNanos = -1;
        this.newerNanos = startedNanos;
        this.newerDone = 0;
        this.stage = stage;
    }

    /** The stage is over: nothing to tell until the next begins. */
    public void end() {
        stage = null;
    }

    /** {@code n} more units of the total done. */
    public void add(long n) {
        done.add(n);
    }

    /** What {@link #add} counted so far in this stage. */
    public long done() {
        return done.sum();
    }

    /** The file read through {@code file}, its bytes counted as done. */
    public InputOpener counting(InputOpener file) {
        return new InputOpener() {
            @Override
            public InputStream open() throws IOException {
                return new Counting(file.open());
            }

            @Override
            public long size() throws IOException {
                return file.size();
            }

            @Override
            public InputStream open(long from, long to) throws IOException {
                return new Counting(file.open(from, to));
            }
        };
    }

    /** The stream, its bytes counted as done as they are read. */
    public InputStream counting(InputStream in) {
        return new Counting(in);
    }

    /** A sink that counts the clean rows (beside the writers it is listed with). */
    public RowSink rowCounter() {
        return new RowSink() {
            @Override
            public void start(List<String> columns, List<ColumnType> types) {
            }

            @Override
            public void accept(long line, int part, Object[] row) {
                rows.increment();
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * The line the log and the console show, e.g. {@code cleaning: 45.2 of 120.0 MB (38%), 412,000
     * clean rows, 15.1 MB/s, about 5 s left}; null between stages.
     */
    public synchronized String describe() {
        String now = stage;
        if (now == null) {
            return null;
        }
        long d = done.sum();
        long t = total;
        long at = clock.getAsLong();
        if (at - newerNanos >= WINDOW_NANOS) {
            olderNanos = newerNanos;
            olderDone = newerDone;
            newerNanos = at;
            newerDone = d;
        }
        // the rate over the last stretch (a load that slows down as its table grows says so), else since the start
        long from = olderNanos >= 0 ? olderNanos : startedNanos;
        long fromDone = olderNanos >= 0 ? olderDone : 0;
        double rate = (d - fromDone) / Math.max(1e-3, (at - from) / 1e9);
        StringBuilder line = new StringBuilder(now).append(": ");
        if (unit == Unit.BYTES) {
            line.append(mb(d));
            if (t > 0) {
                line.append(" of ").append(mb(t));
            }
            line.append(" MB");
        } else {
            line.append(String.format(Locale.ROOT, "%,d", d));
            if (t > 0) {
                line.append(String.format(Locale.ROOT, " of %,d", t));
            }
            line.append(" rows");
        }
        if (t > 0) {
            line.append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, d * 100 / t)));
        }
        long clean = rows.sum();
        if (clean > 0) {
            line.append(String.format(Locale.ROOT, ", %,d clean rows", clean));
        }
        line.append(", ").append(unit == Unit.BYTES ? mb(rate) + " MB/s"
                : String.format(Locale.ROOT, "%,d rows/s", Math.round(rate)));
        if (t > 0 && d > 0 && d < t && rate > 0) {
            line.append(", about ").append(duration((t - d) / rate)).append(" left");
        } else if (unit == Unit.BYTES && t > 0 && d >= t) {
            line.append(", all read: finishing"); // a clean's last rows and Parquet footers, a load's commit
        }
        return line.toString();
    }

    private static String mb(double bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024 * 1024));
    }

    /** Seconds as a person says them: {@code 5 s}, {@code 2 min 10 s}, {@code 1 h 5 min}. */
    static String duration(double seconds) {
        long s = Math.round(Math.ceil(seconds));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    /**
     * Calls {@code tell} every {@code every} on a daemon thread of its own, until closed: how a
     * long-running clean's progress reaches the log (or the terminal of {@code ./tributary try}).
     */
    public static Ticker every(java.time.Duration every, String threadName, Runnable tell) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                });
        long millis = Math.max(1, every.toMillis());
        timer.scheduleAtFixedRate(tell, millis, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    /** What {@link #every} started: closing it stops it. */
    public interface Ticker extends AutoCloseable {
        @Override
        void close();
    }

    /** Counts the bytes read (block reads; the single-byte read counts one). */
    private final class Counting extends FilterInputStream {
        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                done.increment();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                done.add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            done.add(skipped);
            return skipped;
        }
    }
}
