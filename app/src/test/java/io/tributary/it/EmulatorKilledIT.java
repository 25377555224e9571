package io.tributary.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL in the middle of a clean job's DynamoDB load, of the local emulators (Tributary left
 * running: it says so once, starts them again on the same ports, and cleans the file again, once,
 * to the last row; nothing is logged with a stack trace, and no emulator process of the first set is
 * left), and of Tributary itself (no emulator outlives it; started again, it cleans the file once).
 */
class EmulatorKilledIT {

    static final Pattern SUMMARY = Pattern.compile("hotel_bookings_killed\\.csv \\[hotel_bookings\\]: rows in (\\d+), out (\\d+)");

    LocalApp app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroy();
        }
    }

    @Test
    void emulatorsKilledMidLoadComeBackAndTheFileEndsCleanedOnce() throws Exception {
        app = new LocalApp("tributary-emulators-killed-");
        app.start(List.of(), "-Dtributary.generator.enabled=false");
        try (DynamoDbClient dynamodb = app.dynamodb()) {
            app.dropHotelRowsAndAwaitTheirLoad(dynamodb, "hotel_bookings_killed.csv");
            List<ProcessHandle> first = app.emulatorProcesses();
            // the emulators' JVM, the Kinesis emulator, PostgreSQL (the warehouse; detached, watched by the JVM's pipe)
            assertEquals(3, first.size(), "the emulators' JVM, the Kinesis emulator and PostgreSQL: " + first);
            first.stream().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst().orElseThrow()
                    .destroyForcibly();                              // SIGKILL, the load under way

            Matcher summary = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> SUMMARY.matcher(Files.readString(app.log(), StandardCharsets.UTF_8)), Matcher::find);
            assertEquals(3000, Integer.parseInt(summary.group(1)));
            assertEquals(Integer.parseInt(summary.group(2)), LocalApp.hotelItems(dynamodb), "every clean row in the table");
            String log = Files.readString(app.log(), StandardCharsets.UTF_8);
            assertFalse(summary.find(), "cleaned once:\n" + log);
            assertEquals(1, count(log, "The local AWS emulators stopped on their own"), log);
            assertTrue(log.contains("Local AWS is back in"), log);
            assertFalse(Pattern.compile("(?m)^\\s+at ").matcher(log).find(), "no stack trace:\n" + log);
            for (ProcessHandle p : first) {
                assertFalse(p.isAlive(), "no emulator of the first set is left: " + p.info());
            }
        }
    }

    @Test
    void tributaryKilledMidLoadLeavesNoEmulatorAndCleansTheFileOnceWhenStartedAgain() throws Exception {
        app = new LocalApp("tributary-app-killed-");
        Process tributary = app.start(List.of(), "-Dtributary.generator.enabled=false");
        try (DynamoDbClient dynamodb = app.dynamodb()) {
            app.dropHotelRowsAndAwaitTheirLoad(dynamodb, "hotel_bookings_killed.csv");
            tributary.destroyForcibly().waitFor();                   // SIGKILL: no shutdown hook
            await().atMost(Duration.ofSeconds(30)).until(() -> app.emulatorProcesses().isEmpty());

            app.start(List.of(), "-Dtributary.generator.enabled=false");
            Matcher summary = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> SUMMARY.matcher(Files.readString(app.log(), StandardCharsets.UTF_8)), Matcher::find);
            assertEquals(3000, Integer.parseInt(summary.group(1)));
            assertEquals(Integer.parseInt(summary.group(2)), LocalApp.hotelItems(dynamodb), "every clean row in the table");
            assertFalse(summary.find(), "cleaned once");
        }
    }

    private static int count(String text, String fragment) {
        int n = 0;
        for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
            n++;
        }
        return n;
    }
}
