package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader converting fields itself (and remembering the values of repeated ones) cleans a file
 * exactly as the cleaner converting every field's text does: the same rows, rejections and report,
 * and the same clean CSV and JSON Lines, byte for byte.
 */
class ReaderConversionTest {

    static DatasetSpec routeSpec(String name) throws IOException {
        Path file = Path.of("../routes/datasets/" + name + ".yaml");
        try (InputStream in = Files.newInputStream(file)) {
            return DatasetSpec.parse(in, file.toString(), "tributary-");
        }
    }

    static void assertSameCleaning(DatasetSpec spec, byte[] data) throws IOException {
        CleanFixture.Result converted = CleanFixture.clean(spec, data, true);
        CleanFixture.Result text = CleanFixture.clean(spec, data, false);
        assertEquals(text.columns(), converted.columns());
        assertEquals(text.rows().size(), converted.rows().size(), "rows out");
        for (int i = 0; i < text.rows().size(); i++) {
            assertEquals(Arrays.asList(text.rows().get(i)), Arrays.asList(converted.rows().get(i)), "row " + i);
            assertEquals(Arrays.toString(text.positions().get(i)), Arrays.toString(converted.positions().get(i)));
        }
        assertEquals(text.rejected().size(), converted.rejected().size(), "rejected rows");
        for (int i = 0; i < text.rejected().size(); i++) {
            RejectedRow a = text.rejected().get(i);
            RejectedRow b = converted.rejected().get(i);
            assertEquals(List.of(a.line(), a.rule(), a.reason()), List.of(b.line(), b.rule(), b.reason()));
        }
        assertEquals(text.report().toString(), converted.report().toString(), "the report");
        // the same values as the writers see them: a number or a date read from bytes writes alike
        assertEquals(text.csv(), converted.csv(), "the clean CSV");
        assertEquals(text.jsonl(), converted.jsonl(), "the clean JSON Lines");
    }

    @Test
    void theHotelSampleCleansTheSameEitherWay() throws IOException {
        assertSameCleaning(routeSpec("hotel_bookings"), Files.readAllBytes(Path.of("../samples/hotel_bookings.csv")));
    }

    @Test
    void nestedOrdersUnnestedFromJsonCleanTheSameEitherWay() throws IOException {
        // the JSON reader converts the rows of parsed objects itself; unnested rows keep their parts
        byte[] data = Files.readAllBytes(Path.of("src/test/resources/samples/orders.json"));
        CleanFixture.Result r = CleanFixture.clean(routeSpec("orders"), data, true);
        assertTrue(r.positions().stream().anyMatch(p -> p[1] > 1), "rows of unnested arrays");
        assertSameCleaning(routeSpec("orders"), data);
    }

    @Test
    void userProfilesWithTrimCasePatternAndTimestampsCleanTheSameEitherWay() throws IOException {
        StringBuilder csv = new StringBuilder("id,name,email,phone_number,created_at,age,address\n");
        String[] emails = {" Ana.Sousa@Example.COM ", "bo@example.se", "chen.at.example.cn", "", "NULL", "\"x@y.io\""};
        String[] created = {"2024-01-15T10:00:00Z", "2024-01-16 08:30:00", "01/18/2024 14:05", "1705312800", "yesterday",
                "\"2024-02-01T00:00:00+01:00\"", ""};
        String[] ages = {"34", "17", "81", " 40 ", "", "N/A", "forty", "\"50\""};
        for (int i = 0; i < 3000; i++) {
            csv.append(i % 97 == 5 ? "x" + i : i % 400).append(',')
                    .append(i % 3 == 0 ? "\"Sousa, Ana\"" : "Name " + (i % 50)).append(',')
                    .append(emails[i % emails.length]).append(',')
                    .append(i % 11 == 0 ? "N/A" : "+351 912 " + (i % 1000)).append(',')
                    .append(created[i % created.length]).append(',')
                    .append(ages[i % ages.length]).append(',')
                    .append(i % 13 == 0 ? "\"Rua \"\"Alegre\"\" 12\nPorto\"" : "Street " + (i % 7))
                    .append(i % 17 == 0 ? ",extra" : "")
                    .append(i % 2 == 0 ? "\n" : "\r\n");
        }
        byte[] data = csv.toString().getBytes(StandardCharsets.UTF_8);
        CleanFixture.Result r = CleanFixture.clean(routeSpec("user_profiles"), data, true);
        assertTrue(r.rows().size() > 50 && r.rejected().size() > 500, r.rows().size() + " rows, "
                + r.rejected().size() + " rejected: every path is taken");
        assertSameCleaning(routeSpec("user_profiles"), data);
    }

    @Test
    void numbersWithFillsOutliersAndManyDistinctValuesCleanTheSameEitherWay() throws IOException {
        DatasetSpec spec = CleanFixture.spec("""
                name: m
                match: ["m*.csv"]
                format: {type: csv, null_values: ["", "NA"]}
                columns:
                  n: {type: int, missing: median}
                  x: {type: double, outliers: {method: iqr, k: 1.5, action: clamp}, missing: last_valid}
                  d: {type: decimal, outliers: {method: z_score, threshold: 2, action: flag}}
                  c: {case: upper, missing: mode}
                duplicates: exact
                """);
        StringBuilder csv = new StringBuilder("n,x,d,c\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        for (int i = 0; i < 20_000; i++) {
            csv.append(i % 23 == 0 ? "NA" : Integer.toString(random.nextInt(-50, 5000))).append(',')
                    .append(i % 29 == 0 ? "" : String.format(java.util.Locale.ROOT, "%.3f", random.nextGaussian() * 10))
                    .append(',')
                    .append(i % 31 == 0 ? "1e2" : String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 99))
                    .append(',')
                    .append(i % 37 == 0 ? "" : List.of("a", "b", " c ", "\"d\"", "é").get(random.nextInt(5)))
                    .append('\n');
            if (i % 10 == 0) {
                csv.append("1,2.5,3.00,a\n"); // exact duplicates
            }
        }
        assertSameCleaning(spec, csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    @Test
    void jsonLinesOfEveryTypeCleanTheSameEitherWay() throws IOException {
        // typed JSON values (numbers as written, 1.50 and 1e2 as the doubles they are), strings that
        // trim, case and reject, missing keys, nested objects, and lines with escapes the parser reads
        DatasetSpec spec = CleanFixture.spec("""
                name: j
                match: ["j*.jsonl"]
                format: {type: jsonl, null_values: ["", "NA"]}
                columns:
                  id: {type: long, required: true}
                  n: {type: int, missing: median}
                  x: {type: double, outliers: {method: iqr, k: 1.5, action: clamp}}
                  d: {type: decimal}
                  ok: boolean
                  day: date
                  at: timestamp
                  who_name: {trim: true, case: lower}
                duplicates: exact
                """);
        StringBuilder jsonl = new StringBuilder();
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        String[] names = {"\" Ana \"", "\"BO\"", "\"Chen\\u00e9\"", "\"  ÉLODIE \"", "\"NA\"", "null", "7"};
        String[] days = {"\"2024-01-02\"", "\"2024-02-30\"", "\"\"", "null", "20240102"};
        for (int i = 0; i < 5_000; i++) {
            jsonl.append("{\"id\":").append(i % 211 == 7 ? "\"x\"" : Integer.toString(i % 2000));
            if (i % 19 != 0) {
                jsonl.append(",\"n\":").append(i % 23 == 0 ? "\"NA\"" : Integer.toString(random.nextInt(-50, 500)));
            }
            jsonl.append(",\"x\":").append(i % 29 == 0 ? "null" : i % 31 == 0 ? "1e2"
                    : String.format(java.util.Locale.ROOT, "%.3f", random.nextGaussian() * 10));
            jsonl.append(",\"d\":").append(i % 37 == 0 ? "\"1.50\"" : i % 41 == 0 ? "1.50"
                    : String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 99));
            jsonl.append(",\"ok\":").append(List.of("true", "false", "\"yes\"", "null", "1").get(random.nextInt(5)));
            jsonl.append(",\"day\":").append(days[random.nextInt(days.length)]);
            jsonl.append(",\"at\":").append(i % 3 == 0 ? "1705312800" : "\"2024-01-16T08:30:00Z\"");
            jsonl.append(",\"who\":{\"name\":").append(names[random.nextInt(names.length)]).append("}}\n");
        }
        CleanFixture.Result r = CleanFixture.clean(spec, jsonl.toString().getBytes(StandardCharsets.UTF_8), true);
        assertTrue(r.rows().size() > 1000 && r.rejected().size() > 500, r.rows().size() + " rows, "
                + r.rejected().size() + " rejected: every path is taken");
        assertSameCleaning(spec, jsonl.toString().getBytes(StandardCharsets.UTF_8));
    }
}
