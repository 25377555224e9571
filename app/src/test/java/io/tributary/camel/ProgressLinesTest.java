package io.tributary.camel;

import io.tributary.format.Progress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLinesTest {

    private static CleanJob job(String key, long size) {
        return new CleanJob(new ObjectCreated("lake", key, size, "e"), "d", null, key.substring(key.lastIndexOf('/') + 1),
                Path.of("target/spool-progress"));
    }

    @Test
    void bigFilesOnlyOnceTheyHaveRunAWhileAndWhatTheyAreDoing() {
        CleanJob big = job("raw/d/big.csv", 50L << 20);
        CleanJob small = job("raw/d/small.csv", 1L << 20);
        Duration every = Duration.ofSeconds(5);
        Instant soon = big.startedAt.plusSeconds(1);
        assertEquals(List.of(), CleanJobs.progressLines(List.of(big, small), 4L << 20, every, soon),
                "not in the first seconds");
        Instant later = big.startedAt.plusSeconds(6);
        assertEquals(List.of("raw/d/big.csv: starting"), CleanJobs.progressLines(List.of(big, small), 4L << 20, every,
                later), "a small file never");

        big.progress.begin("cleaning", 50L << 20, Progress.Unit.BYTES);
        big.progress.add(10L << 20);
        String line = CleanJobs.progressLines(List.of(big), 4L << 20, every, later).get(0);
        assertTrue(line.startsWith("raw/d/big.csv: cleaning: 10.0 of 50.0 MB (20%), "), line);
        assertTrue(line.endsWith(" left"), line);

        big.progress.end();
        big.calling("uploading s3://lake/clean/d/big.csv");
        assertEquals(List.of("raw/d/big.csv: uploading s3://lake/clean/d/big.csv"),
                CleanJobs.progressLines(List.of(big), 4L << 20, every, later), "between stages: the call under way");
    }
}
