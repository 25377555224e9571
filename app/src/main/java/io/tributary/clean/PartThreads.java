package io.tributary.clean;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Reads the parts of a file at once: the first part's work runs on the calling thread, each other
 * part's on a daemon thread of its own ({@code tributary-part-<k>}).
 */
public final class PartThreads {

    private PartThreads() {
    }

    /**
     * Runs every task and gives their results in order, once all have ended; a task's failure is
     * then thrown again as what it was ({@link ThreadFailure#rethrow}).
     */
    public static <T> List<T> run(List<? extends Callable<T>> tasks) throws IOException {
        int n = tasks.size();
        Object[] results = new Object[n];
        Throwable[] failures = new Throwable[n];
        Thread[] threads = new Thread[n];
        for (int k = 1; k < n; k++) {
            int part = k;
            threads[k] = new Thread(() -> {
                try {
                    results[part] = tasks.get(part).call();
                } catch (Throwable e) {
                    failures[part] = e;
                }
            }, "tributary-part-" + k);
            threads[k].setDaemon(true);
            threads[k].start();
        }
        try {
            results[0] = tasks.get(0).call();
        } catch (Throwable e) {
            failures[0] = e;
        } finally {
            for (int k = 1; k < n; k++) {
                try {
                    threads[k].join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading");
                }
            }
        }
        for (Throwable failure : failures) {
            ThreadFailure.rethrow(failure);
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) new ArrayList<>(Arrays.asList(results));
        return list;
    }
}
