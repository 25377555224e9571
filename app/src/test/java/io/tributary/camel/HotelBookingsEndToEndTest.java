package io.tributary.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.LogCapture;
import io.tributary.TributaryConfig;
import io.tributary.aws.StateLedger;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton as a user runs it: the real hotel bookings file dropped in the inbox goes
 * through the production routes to the local S3 and DynamoDB emulators.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotelBookingsEndToEndTest extends PipelineTestSupport {
    @jakarta.inject.Inject
    io.tributary.aws.AwsClients clients;


    static final Path HOTEL = Path.of(System.getProperty("test.hotel-sample",
            "../samples/hotel_bookings.csv"));
    static final String RAW_KEY = "raw/hotel_bookings/hotel_bookings.csv";
    static final String TABLE = "tributary-hotel-bookings";

    /** The clean row count, computed from the raw file by the rules of the spec, without production code. */
    record Expected(int rowsIn, int rowsOut, int noGuests, int duplicates, double adrLow, double adrHigh,
                    int adrOutliers) {
    }

    static Expected expectFromRawFile() throws IOException {
        List<String> lines = Files.readAllLines(HOTEL, StandardCharsets.UTF_8);
        return expectFrom(lines, lines);
    }

    /**
     * @param lines the rows that are cleaned
     * @param statsLines the rows whose adr values make the IQR bounds (every row with the right field count)
     */
    static Expected expectFrom(List<String> lines, List<String> statsLines) {
        List<String> header = List.of(lines.get(0).split(",", -1));
        int adrColumn = header.indexOf("adr");
        double[] adrs = statsLines.subList(1, statsLines.size()).stream()
                .map(l -> l.split(",", -1)).filter(f -> f.length == header.size())
                .mapToDouble(f -> Double.parseDouble(f[adrColumn])).sorted().toArray();
        double q1 = quantile(adrs, 0.25);
        double q3 = quantile(adrs, 0.75);
        double low = q1 - 3 * (q3 - q1);
        double high = q3 + 3 * (q3 - q1);
        int outliers = 0;
        int adults = header.indexOf("adults");
        int children = header.indexOf("children");
        int babies = header.indexOf("babies");
        int company = header.indexOf("company");
        int adr = header.indexOf("adr");
        Set<String> seen = new HashSet<>();
        int out = 0;
        int noGuests = 0;
        int duplicates = 0;
        for (String line : lines.subList(1, lines.size())) {
            assertFalse(line.contains("\""), "the sample has no quoted fields, so a split is a faithful parse");
            String[] f = line.split(",", -1);
            assertEquals(header.size(), f.length);
            for (int i = 0; i < f.length; i++) {
                if (f[i].equals("NULL") || f[i].equals("NA")) {
                    f[i] = "";
                }
            }
            if (f[company].isEmpty()) {
                f[company] = "0";
            }
            double rate = Double.parseDouble(f[adr]);
            if (rate < low || rate > high) {
                outliers++;
                rate = rate < low ? low : high;
            }
            f[adr] = Double.toString(rate);
            if (f[adults].equals("0") && f[children].equals("0") && f[babies].equals("0")) {
                noGuests++;
                continue;
            }
            if (!seen.add(String.join(",", f))) {
                duplicates++;
                continue;
            }
            out++;
        }
        return new Expected(lines.size() - 1, out, noGuests, duplicates, low, high, outliers);
    }

    /** pandas' default quantile: linear interpolation between the closest ranks. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    @Test
    @Order(1)
    void hotelFileGoesToRawCleanAndDynamoDbWithASummaryLine() throws Exception {
        Expected expected = expectFromRawFile();
        assertTrue(expected.noGuests() > 0 && expected.duplicates() > 0, "the sample exercises both drop rules");

        try (LogCapture log = new LogCapture("tributary.summary")) {
            drop(HOTEL, "hotel_bookings.csv");
            Map<String, AttributeValue> state = awaitCleaned(RAW_KEY);

            // raw object, byte for byte, with its metadata
            HeadObjectResponse raw = s3.headObject(h -> h.bucket(config.bucket()).key(RAW_KEY));
            assertEquals("hotel_bookings.csv", raw.metadata().get("original-name"));
            assertEquals(sha256(Files.readAllBytes(HOTEL)), raw.metadata().get("sha256"));
            assertEquals(Long.toString(Files.size(HOTEL)), raw.metadata().get("size"));
            assertEquals(Files.size(HOTEL), raw.contentLength());

            // clean CSV and JSON Lines
            List<String> csv = lines("clean/hotel_bookings/hotel_bookings.csv");
            List<String> jsonl = lines("clean/hotel_bookings/hotel_bookings.jsonl");
            assertEquals(expected.rowsOut() + 1, csv.size(), "header + clean rows");
            assertTrue(csv.get(0).endsWith(",arrival_date,total_guests"), csv.get(0));
            assertEquals(expected.rowsOut(), jsonl.size());
            assertTrue(jsonl.get(0).contains("\"lead_time\":342") && jsonl.get(0).contains("\"company\":0")
                    && jsonl.get(0).contains("\"agent\":null")
                    && jsonl.get(0).contains("\"arrival_date\":\"2015-07-01\""), jsonl.get(0));

            // DynamoDB: one item per clean row, typed, keyed by source line
            assertEquals(expected.rowsOut(), countItems(TABLE, RAW_KEY));
            Map<String, AttributeValue> line2 = item(RAW_KEY + "#2");
            assertEquals("342", line2.get("lead_time").n());
            assertEquals(0.0, Double.parseDouble(line2.get("adr").n()), "adr is a number (N)");
            assertEquals("2015-07-01", line2.get("arrival_date").s());
            assertEquals("2", line2.get("total_guests").n());
            assertEquals(Boolean.TRUE, line2.get("agent").nul());
            assertEquals("0", line2.get("company").n());
            assertEquals("Resort Hotel", line2.get("hotel").s());

            // a row whose children are NA: total_guests counts adults and babies only
            int naLine = lineNumberWhere(l -> l.split(",", -1)[10].equals("NA"));
            String[] naFields = Files.readAllLines(HOTEL).get(naLine - 1).split(",", -1);
            Map<String, AttributeValue> naItem = item(RAW_KEY + "#" + naLine);
            assertEquals(Boolean.TRUE, naItem.get("children").nul());
            assertEquals(Integer.toString(Integer.parseInt(naFields[9]) + Integer.parseInt(naFields[11])),
                    naItem.get("total_guests").n());

            // the summary line and the state record agree with the independent expectation
            String summary = log.lines().stream().filter(l -> l.contains(RAW_KEY)).findFirst().orElseThrow();
            assertTrue(summary.contains("rows in " + expected.rowsIn() + ", out " + expected.rowsOut()
                    + ", dropped " + (expected.noGuests() + expected.duplicates()) + " (duplicate="
                    + expected.duplicates() + ", no_guests=" + expected.noGuests() + "), rejected 0"), summary);
            assertTrue(summary.contains("dynamodb:" + TABLE + " (" + expected.rowsOut() + " items)"), summary);
            assertTrue(summary.contains("warehouse:public.hotel_bookings (" + expected.rowsOut() + " rows)"), summary);
            String reportUri = "s3://" + config.bucket() + "/reports/hotel_bookings/hotel_bookings.json";
            assertTrue(summary.contains("report " + reportUri), summary);
            // where the time went: each step of the flow
            assertTrue(summary.matches(".*; \\d+\\.\\d s \\(download \\d+\\.\\d s, clean \\d+\\.\\d s, "
                    + "csv \\d+\\.\\d s, jsonl \\d+\\.\\d s, parquet \\d+\\.\\d s, dynamodb \\d+\\.\\d s, "
                    + "warehouse \\d+\\.\\d s, replace \\d+\\.\\d s\\)$"), summary);
            assertEquals(Integer.toString(expected.rowsOut()), state.get("rows_out").n());

            // the quality report: counts, the adr bounds actually used, per-column profile
            JsonNode report = json("reports/hotel_bookings/hotel_bookings.json");
            assertEquals(expected.rowsIn(), report.get("rows_in").asInt());
            JsonNode steps = report.get("steps_ms");
            assertEquals(List.of("download", "clean", "csv", "jsonl", "parquet", "dynamodb", "warehouse", "replace"),
                    names(steps.fieldNames()));
            long stepsTotal = 0;
            for (JsonNode ms : steps) {
                stepsTotal += ms.asLong();
            }
            assertTrue(steps.get("clean").asLong() > 0 && stepsTotal <= report.get("duration_ms").asLong(),
                    steps + " within " + report.get("duration_ms"));
            assertEquals(expected.rowsOut(), report.get("rows_out").asInt());
            assertEquals(expected.duplicates(), report.get("dropped").get("duplicate").asInt());
            JsonNode adr = report.get("outliers").get("adr");
            assertEquals("iqr", adr.get("method").asText());
            assertEquals(expected.adrLow(), adr.get("low").asDouble(), 1e-9);
            assertEquals(expected.adrHigh(), adr.get("high").asDouble(), 1e-9);
            assertTrue(expected.adrOutliers() > 0, "the sample has adr outliers");
            assertEquals(expected.adrOutliers(), adr.get("count").asInt());
            // beside the JSON, the same report as a page: adr's histogram with the bounds the JSON states
            String page = text("reports/hotel_bookings/hotel_bookings.html");
            java.util.regex.Matcher adrChart = java.util.regex.Pattern.compile("id=\"column-adr\">(.*?)</section>",
                    java.util.regex.Pattern.DOTALL).matcher(page);
            assertTrue(adrChart.find(), "adr's section in the page");
            assertTrue(adrChart.group(1).contains("<svg class=\"chart histogram\"")
                    && adrChart.group(1).contains("data-value=\"" + adr.get("low").asDouble() + "\"")
                    && adrChart.group(1).contains("data-value=\"" + adr.get("high").asDouble() + "\""), adrChart.group(1));
            assertEquals(report.get("columns").size(), page.split("<section class=\"column\"", -1).length - 1,
                    "a section per column");
            JsonNode company = column(report, "company");
            assertEquals("int", company.get("type").asText());
            assertEquals(0, company.get("nulls_after").asInt(), "missing company filled with 0");
            assertTrue(company.get("nulls_before").asInt() > 0);
            assertEquals(expected.adrHigh(), column(report, "adr").get("max").asDouble(), 1e-9,
                    "no clean adr above the upper bound");
            // the lake: Parquet partitioned by hotel and year, holding exactly the clean rows
            String version = io.tributary.sinks.CleanFile.versionOf(state.get("etag").s());
            List<String> parquet = keys("curated/hotel_bookings/");
            assertFalse(parquet.isEmpty());
            for (String key : parquet) {
                assertTrue(key.matches("curated/hotel_bookings/hotel=(City Hotel|Resort Hotel)/arrival_date_year="
                        + "20(15|16|17)/hotel_bookings-" + version + "\\.parquet"), key);
            }
            assertTrue(summary.contains("s3://" + config.bucket() + "/curated/hotel_bookings/ (parquet "
                    + parquet.size() + " files, " + expected.rowsOut() + " rows)"), summary);
            Path lake = download("curated/hotel_bookings/", Files.createTempDirectory("lake"));
            Map<String, Long> perPartition = new java.util.TreeMap<>();
            for (Map<String, Object> row : io.tributary.lake.DuckDb.query("SELECT hotel, arrival_date_year AS y,"
                    + " count(*) AS n FROM read_parquet('" + lake + "/**/*.parquet', hive_partitioning = true)"
                    + " GROUP BY ALL")) {
                perPartition.put(row.get("hotel") + "/" + row.get("y"), ((Number) row.get("n")).longValue());
            }
            Map<String, Long> expectedPerPartition = new java.util.TreeMap<>();
            for (String line : jsonl) {
                JsonNode row = JSON.readTree(line);
                expectedPerPartition.merge(row.get("hotel").asText() + "/" + row.get("arrival_date_year").asInt(),
                        1L, Long::sum);
            }
            assertEquals(expectedPerPartition, perPartition);
            assertEquals(expected.rowsOut(), perPartition.values().stream().mapToLong(Long::longValue).sum());
            // the catalog: the table's definition and DDL, and ./tributary query over the lake through S3
            String ddl = s3.getObjectAsBytes(b -> b.bucket(config.bucket()).key("catalog/hotel_bookings.sql"))
                    .asUtf8String();
            assertTrue(ddl.contains("CREATE EXTERNAL TABLE IF NOT EXISTS `hotel_bookings` (\n  `is_canceled` int,"), ddl);
            assertTrue(ddl.contains("  `adr` double,") && ddl.contains("  `arrival_date` date,"), ddl);
            assertTrue(ddl.contains("PARTITIONED BY (\n  `hotel` string,\n  `arrival_date_year` int\n)\nSTORED AS"
                    + " PARQUET\nLOCATION 's3://" + config.bucket() + "/curated/hotel_bookings/'"), ddl);
            Map<String, Long> expectedPerHotel = new java.util.TreeMap<>();
            expectedPerPartition.forEach((k, n) -> expectedPerHotel.merge(k.substring(0, k.indexOf('/')), n, Long::sum));
            StringBuilder expectedCsv = new StringBuilder("hotel,n,first_year\n");
            expectedPerHotel.forEach((hotel, n) -> expectedCsv.append(hotel).append(',').append(n).append(',')
                    .append(expectedPerPartition.keySet().stream().filter(k -> k.startsWith(hotel + "/"))
                            .map(k -> k.substring(k.indexOf('/') + 1)).sorted().findFirst().orElseThrow()).append('\n'));
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
            java.nio.file.Path cache = java.nio.file.Files.createTempDirectory("query-cache");
            String endpoint = clients.emulated().orElseThrow().start().s3();
            assertEquals(0, io.tributary.cli.LakeQuery.run(new io.tributary.cli.LakeQuery.Options(
                    "SELECT hotel, count(*) AS n, min(arrival_date_year) AS first_year FROM hotel_bookings"
                            + " GROUP BY hotel ORDER BY hotel", "csv", null, endpoint, config.bucket(), "catalog/", cache),
                    new java.io.PrintStream(printed, true), new java.io.PrintStream(errors, true)), errors.toString());
            assertEquals(expectedCsv.toString(), printed.toString());
            printed.reset();
            assertEquals(0, io.tributary.cli.LakeQuery.run(new io.tributary.cli.LakeQuery.Options(
                    "SELECT count(*) AS rows FROM hotel_bookings", "table", null, endpoint, config.bucket(), "catalog/",
                    cache), new java.io.PrintStream(printed, true), new java.io.PrintStream(errors, true)));
            assertEquals("rows\n-----\n" + expected.rowsOut() + "\n(1 row)\n", printed.toString());
            errors.reset();
            assertEquals(1, io.tributary.cli.LakeQuery.run(new io.tributary.cli.LakeQuery.Options(
                    "SELECT * FROM hotels", "table", null, endpoint, config.bucket(), "catalog/", cache),
                    new java.io.PrintStream(printed, true), new java.io.PrintStream(errors, true)));
            assertTrue(errors.toString().startsWith("Unknown table hotels: the lake's tables are ")
                    && errors.toString().contains("hotel_bookings"), errors.toString());

            assertEquals(parquet.size(), state.get("written").l().stream()
                    .filter(w -> w.m().get("sink").s().equals("parquet")).count(), "the lineage lists every file");

            // nothing was rejected: no rejected-rows file
            assertFalse(s3.listObjectsV2(l -> l.bucket(config.bucket()).prefix("rejected/hotel_bookings/hotel_bookings.csv"))
                    .hasContents());
        }
    }

    @Test
    @Order(2)
    void droppingTheSameFileAgainAddsNothing() throws Exception {
        drop(HOTEL, "hotel_bookings.csv");
        awaitCleaned(RAW_KEY);
        long items = countItems(TABLE, RAW_KEY);

        try (LogCapture log = new LogCapture("ingest-file")) {
            drop(HOTEL, "hotel_bookings.csv");
            awaitInboxEmpty("hotel_bookings.csv");
            drop(HOTEL, "hotel_bookings_copy.csv");
            awaitInboxEmpty("hotel_bookings_copy.csv");
            assertTrue(log.contains("Skipped hotel_bookings_copy.csv: the same content is already in s3://"
                    + config.bucket() + "/" + RAW_KEY), String.join("\n", log.lines()));
        }
        List<String> rawKeys = s3.listObjectsV2(l -> l.bucket(config.bucket()).prefix("raw/hotel_bookings/"))
                .contents().stream().map(o -> o.key()).toList();
        assertEquals(List.of(RAW_KEY), rawKeys.stream().filter(k -> k.contains("hotel_bookings.csv")
                || k.contains("copy")).toList(), "identical content is not uploaded again under any name");
        assertEquals(items, countItems(TABLE, RAW_KEY));
        assertTrue(Files.exists(inbox().resolve(".done/hotel_bookings_copy.csv")));
    }

    @Test
    @Order(3)
    void brokenLinesAreNamedInTheLogAndTheGoodRowsStillFlow() throws Exception {
        List<String> real = Files.readAllLines(HOTEL, StandardCharsets.UTF_8);
        List<String> lines = new java.util.ArrayList<>(real.subList(0, 60));
        // file line numbers are list index + 1
        lines.set(4, lines.get(4).substring(0, lines.get(4).lastIndexOf(',')));        // 31 fields
        lines.set(8, lines.get(8).replaceFirst(",2,0,0,", ",two,0,0,"));               // adults not an int
        lines.set(11, lines.get(11).replace(",July,", ",Juli,"));                      // no such month
        Path broken = Files.createTempFile("broken", ".csv");
        Files.write(broken, lines, StandardCharsets.UTF_8);
        List<String> good = new java.util.ArrayList<>(lines);
        good.remove(11);
        good.remove(8);
        good.remove(4);
        List<String> withRightFieldCount = new java.util.ArrayList<>(lines);
        withRightFieldCount.remove(4);
        Expected expected = expectFrom(good, withRightFieldCount);
        String rawKey = "raw/hotel_bookings/hotel_bookings_broken.csv";

        try (LogCapture log = new LogCapture(CleanJobs.class.getName(), "tributary.summary")) {
            drop(broken, "hotel_bookings_broken.csv");
            Map<String, AttributeValue> state = awaitCleaned(rawKey);

            assertTrue(log.contains(rawKey + " line 5 rejected [column_count]: expected 32 fields, found 31"),
                    String.join("\n", log.lines()));
            assertTrue(log.contains(rawKey + " line 9 rejected [type]: column adults: 'two' is not a valid int"),
                    String.join("\n", log.lines()));
            assertTrue(log.contains(rawKey + " line 12 rejected [expression]:"), String.join("\n", log.lines()));
            assertTrue(log.contains("rows in 59, out " + expected.rowsOut()), String.join("\n", log.lines()));
            assertTrue(log.contains("rejected 3 (column_count=1, expression=1, type=1)"),
                    String.join("\n", log.lines()));
            assertEquals(Integer.toString(expected.rowsOut()), state.get("rows_out").n());
        }
        assertEquals(expected.rowsOut(), countItems(TABLE, rawKey));
        assertEquals(expected.rowsOut() + 1, lines("clean/hotel_bookings/hotel_bookings_broken.csv").size());
        // the rejected rows, with line, rule, reason and the record as read
        List<String> rejected = lines("rejected/hotel_bookings/hotel_bookings_broken.csv");
        assertEquals(4, rejected.size(), String.join("\n", rejected));
        assertEquals("line,rule,reason,record", rejected.get(0));
        assertTrue(rejected.get(1).startsWith("5,column_count,\"expected 32 fields, found 31\","), rejected.get(1));
        assertTrue(rejected.get(2).startsWith("9,type,column adults: 'two' is not a valid int,"), rejected.get(2));
        assertTrue(rejected.get(2).endsWith("\"" + lines.get(8) + "\""), "the record as read: " + rejected.get(2));
        assertTrue(rejected.get(3).startsWith("12,expression,"), rejected.get(3));
        // the raw object is the file as it was dropped, broken lines included
        assertEquals(Files.readString(broken), s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(rawKey))
                .asUtf8String());
    }

    @Test
    @Order(4)
    void aTwoMegabyteFileWithFivePercentBrokenLinesDeliversExactlyTheGoodRows() throws Exception {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(HOTEL, StandardCharsets.UTF_8));
        assertTrue(Files.size(HOTEL) > 2_000_000);
        List<Long> brokenLines = new java.util.ArrayList<>();
        Set<Integer> wrongFieldCount = new HashSet<>();
        for (int i = 20; i < lines.size(); i += 20) {          // every 20th data line: 5%
            String line = lines.get(i);
            switch (brokenLines.size() % 3) {
                case 0 -> {
                    lines.set(i, line.substring(0, line.lastIndexOf(',')));
                    wrongFieldCount.add(i);
                }
                case 1 -> lines.set(i, line.replaceFirst("^([^,]*,[^,]*,)[0-9]+,", "$1soon,"));
                default -> lines.set(i, line.replaceFirst(",(January|February|March|April|May|June|July|August"
                        + "|September|October|November|December),", ",Smarch,"));
            }
            assertFalse(line.equals(lines.get(i)), "line " + (i + 1) + " was broken");
            brokenLines.add((long) i + 1);
        }
        List<String> good = new java.util.ArrayList<>();
        List<String> rightFieldCount = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!wrongFieldCount.contains(i)) {
                rightFieldCount.add(lines.get(i));
            }
            if (i == 0 || !brokenLines.contains((long) i + 1)) {
                good.add(lines.get(i));
            }
        }
        Expected expected = expectFrom(good, rightFieldCount);
        Path file = Files.createTempFile("quarantine", ".csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        String rawKey = "raw/hotel_bookings/hotel_bookings_quarantine.csv";

        drop(file, "hotel_bookings_quarantine.csv");
        Map<String, AttributeValue> state = awaitCleaned(rawKey);

        assertEquals(Integer.toString(expected.rowsOut()), state.get("rows_out").n());
        assertEquals(expected.rowsOut(), countItems(TABLE, rawKey));
        List<String> rejected = lines("rejected/hotel_bookings/hotel_bookings_quarantine.csv");
        assertEquals(brokenLines, rejected.subList(1, rejected.size()).stream()
                .map(l -> Long.parseLong(l.substring(0, l.indexOf(',')))).toList(),
                "exactly the broken lines are quarantined, in order");
        JsonNode report = json("reports/hotel_bookings/hotel_bookings_quarantine.json");
        assertEquals(brokenLines.size(), report.get("rejected").get("column_count").asInt()
                + report.get("rejected").get("type").asInt() + report.get("rejected").get("expression").asInt());
        assertEquals(Files.readString(file), s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(rawKey))
                .asUtf8String(), "the raw object is the file as dropped");
    }

    static int lineNumberWhere(java.util.function.Predicate<String> test) throws IOException {
        List<String> lines = Files.readAllLines(HOTEL);
        for (int i = 1; i < lines.size(); i++) {
            if (test.test(lines.get(i))) {
                return i + 1;
            }
        }
        throw new AssertionError("no such line");
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static List<String> names(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
