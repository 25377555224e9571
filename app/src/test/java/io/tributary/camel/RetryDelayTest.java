package io.tributary.camel;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryDelayTest {

    @Test
    void aFileThatKeepsFailingIsTriedLessAndLessOftenUpToALongestWait() {
        Duration first = Duration.ofMinutes(10);
        assertEquals(Duration.ofMinutes(10), RawObjectWatcher.retryDelay(first, 1));
        assertEquals(Duration.ofMinutes(20), RawObjectWatcher.retryDelay(first, 2));
        assertEquals(Duration.ofMinutes(40), RawObjectWatcher.retryDelay(first, 3));
        assertEquals(Duration.ofMinutes(320), RawObjectWatcher.retryDelay(first, 6));
        assertEquals(Duration.ofMinutes(320), RawObjectWatcher.retryDelay(first, 7), "no longer than 32 times the first");
        assertEquals(Duration.ofMinutes(320), RawObjectWatcher.retryDelay(first, 1_000), "however many failures");
    }
}
