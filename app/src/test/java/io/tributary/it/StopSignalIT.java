package io.tributary.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stop signal sent to Tributary's whole process group, as a terminal's Ctrl-C is (SIGINT) or a
 * {@code kill -- -pgid} (SIGTERM here, which a shell never leaves ignored), in the middle of a
 * clean job's DynamoDB load. Tributary stops at once and quietly: the load stops where it is
 * (nothing recorded as failed), the routes stop without being forced, the emulators (in a session
 * of their own) stop only after them, and the next start cleans the file again, to the last row.
 */
class StopSignalIT {

    static final String TABLE = "tributary-hotel-bookings";
    static final Pattern SUMMARY = Pattern.compile("hotel_bookings_stop\\.csv \\[hotel_bookings\\]: rows in (\\d+), out (\\d+)");
    static final Pattern ROUTES_STOPPED = Pattern.compile("\\(tributary\\) shutdown in (?:(\\d+)s)?\\d+ms");

    LocalApp app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroy();
        }
    }

    @Test
    void aSignalToTheProcessGroupStopsTheLoadAtOnceAndTheNextStartCleansTheFileAgain() throws Exception {
        app = new LocalApp("tributary-stop-");
        // a session (and process group) of its own, whose leader is the application: as a terminal's job
        Process tributary = app.start(List.of("setsid"), "-Dtributary.generator.enabled=false");
        try (DynamoDbClient dynamodb = app.dynamodb()) {
            // the load has begun: send the signal to every process of the group
            app.dropHotelRowsAndAwaitTheirLoad(dynamodb, "hotel_bookings_stop.csv");
            Process kill = new ProcessBuilder("kill", "-TERM", "--", "-" + tributary.pid()).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -TERM -- -pgid");

            assertTrue(tributary.waitFor(120, TimeUnit.SECONDS), "Tributary stopped within 120 s");
            String log = Files.readString(app.log(), StandardCharsets.UTF_8);
            assertTrue(log.contains("hotel_bookings_stop.csv: stopped while loading " + TABLE
                    + ": Tributary is stopping"), "the load stopped and said so:\n" + log);
            assertTrue(log.contains("it is cleaned again when Tributary starts next"), log);
            assertFalse(SUMMARY.matcher(log).find(), "the load did not run to its end:\n" + log);
            Matcher routes = ROUTES_STOPPED.matcher(log);
            assertTrue(routes.find(), log);
            assertTrue(routes.group(1) == null || Integer.parseInt(routes.group(1)) < 5,
                    "the routes stopped within 5 s (they wait up to 15 s for work in flight):\n" + log);
            assertFalse(log.contains("Forced stopped"), "no route was forced to stop:\n" + log);
            assertFalse(log.contains("Connection refused"), "no call found an emulator gone:\n" + log);
            assertFalse(log.contains("ERROR"), "nothing logged as an error:\n" + log);
            int emulatorsStopped = log.indexOf("Local AWS stopped in");
            assertTrue(emulatorsStopped > routes.start(), "the emulators stopped after the routes:\n" + log);
            assertFalse(app.emulatorsListening(), "the emulators stopped with Tributary");

            // started again on the same state: the file is cleaned again, every clean row in the table
            app.start(List.of(), "-Dtributary.generator.enabled=false");
            Matcher summary = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> SUMMARY.matcher(Files.readString(app.log(), StandardCharsets.UTF_8)), Matcher::find);
            assertEquals(3000, Integer.parseInt(summary.group(1)));
            assertEquals(Integer.parseInt(summary.group(2)), LocalApp.hotelItems(dynamodb), "every clean row is in the table");
        }
    }

}
