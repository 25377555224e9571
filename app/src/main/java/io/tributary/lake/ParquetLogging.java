package io.tributary.lake;

import java.util.logging.Level;

/**
 * parquet-java logs every value it writes at DEBUG when its logger says DEBUG is on, which makes
 * writing some 20 times slower. Quarkus' configuration pins it at INFO; a plain JVM (the
 * command-line tools, the benchmark) calls this first.
 */
public final class ParquetLogging {

    private ParquetLogging() {
    }

    public static void atInfo() {
        org.jboss.logmanager.Logger.getLogger("org.apache.parquet").setLevel(Level.INFO);
    }
}
