package io.tributary.camel;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser (headless Chromium, driven through ChromeDriver), as a user meets
 * it: the hotel sample dropped in the inbox, the console's home, the dataset's page, the file's
 * report with a chart per column (axis labels, the IQR bounds of {@code adr} where the JSON report
 * puts them), and a query in the lake's SQL box shown as a table and a bar chart. Screenshots of
 * each page go to {@code target/browser/} for a person to look at. Chromium and ChromeDriver are
 * Debian's (scripts/ensure-chromium.sh; elsewhere {@code -Dbrowser.chromium}, {@code -Dbrowser.chromedriver}).
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(ConsoleEndToEndTest.OwnStack.class)
class ConsoleBrowserTest extends PipelineTestSupport {

    static final Path SCREENSHOTS = Path.of("target/browser");

    @TestHTTPResource("/")
    URL root;

    @jakarta.inject.Inject
    io.tributary.aws.StateLedger ledger;

    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void openTheBrowser() throws IOException {
        String chromium = System.getProperty("browser.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("browser.chromedriver", "/usr/bin/chromedriver");
        for (String tool : List.of(chromium, chromedriver)) {
            assertTrue(Files.isExecutable(Path.of(tool)), tool + " is not there: run scripts/ensure-chromium.sh (the"
                    + " build does when /usr/bin/chromedriver is missing) or give -Dbrowser.chromium/-Dbrowser.chromedriver");
        }
        profile = Files.createTempDirectory("tributary-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // headless, and quiet: this machine's network is closed, so Chromium's own calls home are turned off
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeTheBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The page as the browser shows it, whole (the viewport made as tall as the page), saved for a person. */
    private static void screenshot(String name) throws IOException {
        ChromeDriver chrome = (ChromeDriver) browser;
        long height = ((Number) chrome.executeScript("return document.documentElement.scrollHeight")).longValue();
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1280,
                "height", Math.min(12_000, Math.max(800, height)), "deviceScaleFactor", 1, "mobile", false));
        try {
            File shot = chrome.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    void aUserDropsTheHotelSampleSeesItsChartsAndQueriesTheLake() throws Exception {
        String name = "hotel_bookings_browser.csv";
        String rawKey = "raw/hotel_bookings/" + name;
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler told = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                progress.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("tributary.progress").addHandler(told);
        try {
            drop(HotelBookingsEndToEndTest.HOTEL, name);
            awaitCleaned(rawKey);
        } finally {
            java.util.logging.Logger.getLogger("tributary.progress").removeHandler(told);
        }
        Map<String, AttributeValue> cleaned = awaitCleaned(rawKey);
        // the log told how far the clean was while it ran (every 250 ms in this test's settings)
        assertTrue(progress.stream().anyMatch(line -> line.startsWith(rawKey + ": ")), "progress lines: " + progress);
        System.out.println("progress while " + rawKey + " was cleaned (" + cleaned.get("duration_ms").n() + " ms):\n"
                + String.join("\n", progress));
        JsonNode report = json("reports/hotel_bookings/hotel_bookings_browser.json");

        // the home page: the dataset, one click to its files
        browser.get(root.toString());
        assertEquals("datasets · Tributary", browser.getTitle());
        screenshot("1-home.png");
        browser.findElement(By.linkText("hotel_bookings")).click();
        WebElement row = browser.findElement(By.cssSelector("tr.file[data-key='" + rawKey + "']"));
        assertEquals("cleaned", row.findElement(By.cssSelector("td.cleaned")).getText());
        assertTrue(row.getText().contains(cleaned.get("rows_out").n()), row.getText());
        screenshot("2-dataset.png");

        // its report: a chart per column, labelled axes, the adr bounds where the JSON report says
        row.findElement(By.cssSelector("a.report")).click();
        assertTrue(browser.getTitle().contains("hotel_bookings_browser.csv"), browser.getTitle());
        for (JsonNode column : report.get("columns")) {
            String id = "column-" + column.get("name").asText();
            WebElement section = browser.findElement(By.cssSelector("section[id='" + id + "']"));
            boolean hasValues = column.has("histogram") || column.has("dates") || column.has("top_values");
            List<WebElement> charts = section.findElements(By.cssSelector("svg.chart"));
            assertEquals(hasValues ? 1 : 0, charts.size(), id + ": a chart when it has values");
            if (hasValues) {
                assertTrue(charts.get(0).getSize().getWidth() > 100 && charts.get(0).getSize().getHeight() > 30,
                        id + " is drawn at a readable size: " + charts.get(0).getSize());
            }
        }
        WebElement adr = browser.findElement(By.cssSelector("section[id='column-adr'] svg.histogram"));
        List<WebElement> ticks = adr.findElements(By.cssSelector("text.tick-label"));
        assertTrue(ticks.size() >= 4, "both axes labelled: " + ticks.size());
        ticks.forEach(t -> assertFalse(t.getText().isBlank(), "a tick label with no text"));
        JsonNode bounds = report.get("outliers").get("adr");
        List<WebElement> markers = adr.findElements(By.cssSelector("g.marker"));
        assertEquals(2, markers.size(), "the low and the high bound");
        assertEquals(bounds.get("low").asDouble(), Double.parseDouble(markers.get(0).getAttribute("data-value")), 1e-9);
        assertEquals(bounds.get("high").asDouble(), Double.parseDouble(markers.get(1).getAttribute("data-value")), 1e-9);
        assertTrue(markers.get(0).getText().startsWith("low ") && markers.get(1).getText().startsWith("high "),
                markers.get(0).getText() + " / " + markers.get(1).getText());
        screenshot("3-report.png");

        // the lake: the SQL box, its result as a table and a bar chart
        browser.navigate().back(); // the report is a file of its own: back to the console
        browser.findElement(By.linkText("lake")).click();
        WebElement box = browser.findElement(By.name("sql"));
        box.clear();
        box.sendKeys("SELECT hotel, count(*) AS bookings FROM hotel_bookings GROUP BY hotel ORDER BY hotel");
        browser.findElement(By.cssSelector("input[name='chart'][value='bar']")).click();
        browser.findElement(By.cssSelector("form.sql button[type='submit']")).click();
        List<WebElement> results = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> browser.findElements(By.cssSelector("table.result tr")), rows -> !rows.isEmpty());
        long cleanedRows = ledger.objects().entrySet().stream().filter(e -> e.getKey().startsWith("raw/hotel_bookings/")
                && e.getValue().containsKey("status") && "cleaned".equals(e.getValue().get("status").s()))
                .mapToLong(e -> Long.parseLong(e.getValue().get("rows_out").n())).sum();
        long total = 0;
        assertEquals(List.of("hotel", "bookings"), results.get(0).findElements(By.tagName("th")).stream()
                .map(WebElement::getText).toList());
        List<WebElement> bars = browser.findElements(By.cssSelector("svg.result-bars g.bar"));
        assertEquals(results.size() - 1, bars.size(), "a bar per row");
        for (int i = 1; i < results.size(); i++) {
            List<WebElement> cells = results.get(i).findElements(By.tagName("td"));
            total += Long.parseLong(cells.get(1).getText());
            assertEquals(cells.get(0).getText(), bars.get(i - 1).findElement(By.cssSelector("text.label")).getText());
        }
        assertTrue(results.size() > 2, "City Hotel and Resort Hotel at least");
        assertEquals(cleanedRows, total, "bookings per hotel add up to every cleaned row in the lake");
        screenshot("4-lake-query.png");
    }
}
