package io.tributary.format;

import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The reader and writer threads deliver every record in order, and pass failures on. */
class ReadAheadAndWriteBehindTest {

    static RowSource counting(int records, int failAt) {
        return new RowSource() {
            int n;

            public List<String> columns() {
                return List.of("n");
            }

            public boolean hasNext() {
                return n < records;
            }

            public SourceRecord next() {
                n++;
                if (n == failAt) {
                    throw new IllegalStateException("disk went away at record " + n);
                }
                return SourceRecord.of(n + 1, List.of(Integer.toString(n)));
            }

            public void close() {
            }
        };
    }

    @Test
    void readAheadKeepsEveryRecordInOrder() throws IOException {
        List<Long> lines = new ArrayList<>();
        try (RowSource source = new PrefetchingRowSource(counting(10_000, -1))) {
            while (source.hasNext()) {
                lines.add(source.next().line());
            }
        }
        assertEquals(10_000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 2, lines.get(i));
        }
    }

    @Test
    void aReadFailureReachesTheCleaner() throws IOException {
        try (RowSource source = new PrefetchingRowSource(counting(10_000, 5_000))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                while (source.hasNext()) {
                    source.next();
                }
            });
            assertEquals("disk went away at record 5000", e.getMessage());
        }
    }

    @Test
    void writeBehindWritesEveryRowAndPassesAWriteFailureOn() throws IOException {
        List<Integer> written = new ArrayList<>();
        RowSink collecting = new RowSink() {
            public void start(List<String> columns, List<ColumnType> types) {
            }

            public void accept(long line, int part, Object[] row) throws IOException {
                if ((Integer) row[0] == -1) {
                    throw new IOException("no space left on device");
                }
                written.add((Integer) row[0]);
            }

            public void close() {
            }
        };
        Object[] row = new Object[1];
        try (RowSink sink = new BackgroundRowSink(collecting)) {
            sink.start(List.of("n"), List.of(ColumnType.INT));
            for (int i = 0; i < 5_000; i++) {
                row[0] = i;  // the array is reused, as the cleaner does
                sink.accept(i, 0, row);
            }
        }
        assertEquals(5_000, written.size());
        for (int i = 0; i < written.size(); i++) {
            assertEquals(i, written.get(i));
        }

        RowSink failing = new BackgroundRowSink(collecting);
        failing.start(List.of("n"), List.of(ColumnType.INT));
        IOException e = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 100_000; i++) {
                row[0] = i == 10 ? -1 : i;
                failing.accept(i, 0, row);
            }
            failing.close();
        });
        assertEquals("no space left on device", e.getMessage());
    }
}
