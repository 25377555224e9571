package io.tributary.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProgressTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Progress progress = new Progress(nanos::get);

    @Test
    void bytesReadOfTheFileWithRateAndTimeLeft() throws Exception {
        progress.begin("cleaning", 100L << 20, Progress.Unit.BYTES);
        progress.add(25L << 20);
        for (int i = 0; i < 1234; i++) {
            progress.rowCounter().accept(i, 0, new Object[0]);
        }
        nanos.set(5_000_000_000L); // 25 MB in 5 s: 5 MB/s, 75 MB left: 15 s
        assertEquals("cleaning: 25.0 of 100.0 MB (25%), 1,234 clean rows, 5.0 MB/s, about 15 s left", progress.describe());
    }

    @Test
    void theWholeFileReadTheOutputsAreBeingFinished() {
        progress.begin("cleaning", 4L << 20, Progress.Unit.BYTES);
        progress.add(4L << 20);
        nanos.set(1_000_000_000L);
        assertEquals("cleaning: 4.0 of 4.0 MB (100%), 4.0 MB/s, all read: finishing",
                progress.describe());
    }

    @Test
    void rowsOfAKnownTotal() {
        progress.begin("loading DynamoDB table t", 10_000, Progress.Unit.ROWS);
        progress.add(2_500);
        nanos.set(2_000_000_000L);
        assertEquals("loading DynamoDB table t: 2,500 of 10,000 rows (25%), 1,250 rows/s, about 6 s left",
                progress.describe());
    }

    @Test
    void theRateIsOfTheLastSecondsSoASlowingLoadSaysSo() {
        progress.begin("loading DynamoDB table t", 100_000, Progress.Unit.ROWS);
        progress.add(50_000);
        nanos.set(5_000_000_000L);
        assertEquals("loading DynamoDB table t: 50,000 of 100,000 rows (50%), 10,000 rows/s, about 5 s left",
                progress.describe());
        progress.add(5_000); // the table slows the load down: 1,000 rows/s for these 5 s
        nanos.set(10_000_000_000L);
        assertEquals("loading DynamoDB table t: 55,000 of 100,000 rows (55%), 1,000 rows/s, about 45 s left",
                progress.describe(), "not the 5,500 rows/s since the start");
        progress.add(1_000); // asked again 2 s later: still over a stretch of 5 s or more
        nanos.set(12_000_000_000L);
        assertEquals("loading DynamoDB table t: 56,000 of 100,000 rows (56%), 857 rows/s, about 52 s left",
                progress.describe());
    }

    @Test
    void aNewStageCountsFromZeroAndNothingIsToldBetweenStages() {
        assertNull(progress.describe(), "before any stage");
        progress.begin("inferring a spec", 10, Progress.Unit.BYTES);
        progress.add(10);
        progress.end();
        assertNull(progress.describe());
        progress.begin("cleaning", 10, Progress.Unit.BYTES);
        assertEquals(0, progress.done());
    }

    @Test
    void anUnknownTotalHasNoShareNorTimeLeft() {
        progress.begin("reading", -1, Progress.Unit.BYTES);
        progress.add(3L << 20);
        nanos.set(1_000_000_000L);
        assertEquals("reading: 3.0 MB, 3.0 MB/s", progress.describe());
    }

    @Test
    void theCountingFileCountsEveryByteReadWholeOrInParts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.csv");
        Files.write(file, new byte[300_000]);
        InputOpener counted = progress.counting(RowSources.file(file));
        progress.begin("cleaning", counted.size(), Progress.Unit.BYTES);
        try (InputStream in = counted.open()) {
            in.read();
            in.readAllBytes();
        }
        assertEquals(300_000, progress.done());
        progress.begin("cleaning", counted.size(), Progress.Unit.BYTES);
        try (InputStream a = counted.open(0, 100_000); InputStream b = counted.open(100_000, 300_000)) {
            a.readAllBytes();
            b.readAllBytes();
        }
        assertEquals(300_000, progress.done());
    }

    @Test
    void timeLeftAsAPersonSaysIt() {
        assertEquals("1 s", Progress.duration(0.2));
        assertEquals("59 s", Progress.duration(59));
        assertEquals("2 min 5 s", Progress.duration(125));
        assertEquals("1 h 1 min", Progress.duration(3_700));
    }
}
