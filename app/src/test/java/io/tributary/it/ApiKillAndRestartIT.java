package io.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packaged application pulling the local mock flowers API, killed with SIGKILL the moment a
 * run's raw object is written (its clean and DynamoDB load under way, its cursor perhaps not yet
 * saved) and started again on the same state: DynamoDB ends with every flower the API serves once,
 * with its latest version.
 */
class ApiKillAndRestartIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern MOCK = Pattern.compile("Mock API {2}(http://127\\.0\\.0\\.1:\\d+)/flowers");
    static final String KEY = "local-demo-key";

    LocalApp app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.destroy();
        }
    }

    Process start(String... more) throws Exception {
        List<String> settings = new java.util.ArrayList<>(List.of("-Dtributary.api.poll-interval=1s",
                "-Dtributary.export.enabled=false", "-Dtributary.changes.enabled=false",
                "-Dtributary.archive.enabled=false"));
        settings.addAll(List.of(more));
        return app.start(List.of(), settings.toArray(String[]::new));
    }

    @Test
    void killedAsARunsRawObjectLandsAndStartedAgainDynamoDbHoldsEachFlowerOnceItsLatestVersion() throws Exception {
        app = new LocalApp("tributary-api-kill-");
        // every other request answers 429 or 500: the run is retried on its way, as on a bad day
        Process first = start("-Dtributary.local.mock-api.fail-every=2");
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> Files.readString(app.log()).contains("API flowers: 40 records"));
        first.destroyForcibly().waitFor();                          // SIGKILL: no shutdown hook, nothing flushed
        await().atMost(Duration.ofSeconds(30)).until(() -> app.emulatorProcesses().isEmpty());

        // the same state; the source's schedule every minute, so the run after the restart is soon
        start("-Dtributary.api.schedule=* * * * *");
        try (DynamoDbClient dynamodb = app.dynamodb()) {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .until(() -> loaded(dynamodb).equals(served()));
            Map<Long, String> table = loaded(dynamodb);
            assertEquals(39, table.size(), "40 flowers but the one whose price has a typo");
        }
    }

    /** What the restarted application's mock API serves now: id → updated_at and price (the rejected one left out). */
    Map<Long, String> served() throws Exception {
        Matcher m = MOCK.matcher(Files.readString(app.log()));
        String url = null;
        while (m.find()) {
            url = m.group(1); // the last start's
        }
        JsonNode body = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                        + "/flowers?per_page=1000")).header("X-Api-Key", KEY).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        Map<Long, String> flowers = new HashMap<>();
        for (JsonNode f : body.get("data")) {
            if (f.get("id").asLong() % 50 != 7) {
                flowers.put(f.get("id").asLong(), f.get("updated_at").asText() + " "
                        + new BigDecimal(f.get("price").asText().substring(1)).stripTrailingZeros().toPlainString());
            }
        }
        return flowers;
    }

    /** What DynamoDB holds: id → updated_at and price. */
    static Map<Long, String> loaded(DynamoDbClient dynamodb) {
        Map<Long, String> items = new HashMap<>();
        for (Map<String, AttributeValue> i : dynamodb.scanPaginator(s -> s.tableName("tributary-flowers")).items()) {
            items.put(Long.parseLong(i.get("id").n()), i.get("updated_at").s() + " "
                    + new BigDecimal(i.get("price").n()).stripTrailingZeros().toPlainString());
        }
        return items;
    }
}
