package io.tributary.camel;

import io.tributary.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failing poller backs off and says so once, not every second. */
class PollFailuresTest {

    @Test
    void aFailingPollerWaitsLongerEachTimeLogsOnceAMinuteAndSaysWhenItWorksAgain() {
        AtomicLong now = new AtomicLong(1_000_000);
        PollFailures polls = new PollFailures(now::get);
        try (LogCapture log = new LogCapture(PollFailures.class.getName())) {
            assertTrue(polls.due("raw-objects"));
            List<Long> waits = new java.util.ArrayList<>();
            int polled = 0;
            // ten minutes of a poller that fails every time it polls, asked every second
            for (int second = 0; second < 600; second++) {
                if (second == 0 || polls.due("raw-objects")) {
                    polled++;
                    waits.add(polls.failed("raw-objects", "Connection refused"));
                }
                now.addAndGet(1000);
            }
            assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L), waits.subList(0, 7));
            assertTrue(polled < 20, "polled " + polled + " times in ten minutes, not 600");
            List<String> lines = log.lines();
            assertTrue(lines.size() <= 11, "one line, then at most one a minute: " + lines);
            assertEquals("WARN raw-objects: polling failed: Connection refused; trying again in 1 s, then less often"
                    + " (up to once a minute) until it works", lines.get(0).replace("WARNING", "WARN"));
            assertTrue(polls.due("dynamodb-streams"), "each poller on its own");

            now.addAndGet(60_000);
            assertTrue(polls.due("raw-objects"), "a try once the wait is over");
            assertTrue(polls.due("raw-objects"), "it went through: back to every poll");
            assertTrue(log.lines().get(log.lines().size() - 1).endsWith("raw-objects: polling works again (after "
                    + polled + " failed tries)"), log.lines().toString());
            assertFalse(log.lines().stream().anyMatch(l -> l.contains("Exception")));
        }
    }
}
