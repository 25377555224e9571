package io.tributary.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.clean.DecimalCheck;
import io.tributary.clean.RejectedRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.tributary.lake.DuckDb.lake;
import static io.tributary.lake.DuckDb.query;
import static io.tributary.lake.DuckDb.types;
import static io.tributary.lake.LakeFixture.clean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Parquet sink, read back by an independent reader (DuckDB): every type as the spec declares
 * it, the codecs, Hive partitions with values that need escaping or are missing, the partition
 * cap, bounded memory, and decimals that do not fit.
 */
class ParquetLakeTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Path HOTEL = Path.of("..", "samples", "hotel_bookings.csv");

    @TempDir
    Path dir;

    @Test
    void everyTypeIsWrittenAsTheSpecDeclaresItAndReadsBackAsTheCleanJsonLinesHoldIt() throws Exception {
        LakeFixture.Cleaned c = clean(dir, """
                name: typed
                match: typed.csv
                columns:
                  i: int
                  l: long
                  d: double
                  m: decimal(10,2)
                  big: decimal
                  b: boolean
                  day: date
                  ts: timestamp
                  s: string
                  j: json
                output: {jsonl: true, parquet: true}
                """, "typed.csv", """
                i,l,d,m,big,b,day,ts,s,j
                1,9000000000,1.5,12.50,123456789012.123456789,true,2024-02-29,2024-03-01T10:15:30.123Z,héllo,"{""a"":[1,2]}"
                -2,,-0.25,-0.05,0.000000000000000001,false,1999-12-31,1970-01-01T00:00:00Z,,[]
                ,3,,,,,,,"a ""quoted"", text",
                """);
        assertEquals(3, c.result().report().summary().rowsOut(), c.rejected().toString());
        assertEquals(List.of("typed-01234567.parquet"), c.parquetFiles());

        String from = lake(c.parquet());
        Map<String, String> types = types(from);
        assertEquals("INTEGER", types.get("i"));
        assertEquals("BIGINT", types.get("l"));
        assertEquals("DOUBLE", types.get("d"));
        assertEquals("DECIMAL(10,2)", types.get("m"));
        assertEquals("DECIMAL(38,18)", types.get("big"), "a plain decimal is decimal(38,18) in Parquet");
        assertEquals("BOOLEAN", types.get("b"));
        assertEquals("DATE", types.get("day"));
        assertEquals("TIMESTAMP WITH TIME ZONE", types.get("ts"), "INT64 TIMESTAMP(MILLIS) adjusted to UTC");
        assertEquals("VARCHAR", types.get("s"));
        assertEquals("VARCHAR", types.get("j"), "nested JSON is a string holding JSON");

        List<Map<String, Object>> rows = query("SELECT i, l, d, CAST(m AS VARCHAR) AS m, CAST(big AS VARCHAR) AS big,"
                + " b, CAST(day AS VARCHAR) AS day, epoch_ms(ts) AS ts, s, j FROM " + from);
        List<String> jsonl = c.jsonl();
        assertEquals(jsonl.size(), rows.size());
        for (int r = 0; r < rows.size(); r++) {
            JsonNode expected = JSON.readTree(jsonl.get(r));
            Map<String, Object> actual = rows.get(r);
            assertEquals(expected.get("i").isNull() ? null : expected.get("i").intValue(), actual.get("i"));
            assertEquals(expected.get("l").isNull() ? null : expected.get("l").longValue(), actual.get("l"));
            assertEquals(expected.get("d").isNull() ? null : expected.get("d").doubleValue(), actual.get("d"));
            assertDecimal(expected.get("m"), actual.get("m"));
            assertDecimal(expected.get("big"), actual.get("big"));
            assertEquals(expected.get("b").isNull() ? null : expected.get("b").booleanValue(), actual.get("b"));
            assertEquals(expected.get("day").isNull() ? null : expected.get("day").asText(), actual.get("day"));
            assertEquals(expected.get("ts").isNull() ? null : Instant.parse(expected.get("ts").asText()).toEpochMilli(),
                    actual.get("ts"));
            assertEquals(expected.get("s").isNull() ? null : expected.get("s").asText(), actual.get("s"));
            assertEquals(expected.get("j").isNull() ? null : expected.get("j").toString(), actual.get("j"));
        }
        assertEquals("héllo", rows.get(0).get("s"));
        assertEquals("{\"a\":[1,2]}", rows.get(0).get("j"));
        assertEquals(Instant.parse("2024-03-01T10:15:30.123Z").toEpochMilli(), rows.get(0).get("ts"));
        assertEquals("a \"quoted\", text", rows.get(2).get("s"));
    }

    private static void assertDecimal(JsonNode expected, Object actual) {
        if (expected.isNull()) {
            assertEquals(null, actual);
        } else {
            assertEquals(0, expected.decimalValue().compareTo(new BigDecimal((String) actual)),
                    expected + " vs " + actual);
        }
    }

    @Test
    void eachCodecWritesFilesDuckDbReadsWithTheSameRowsAndSums() throws Exception {
        byte[] sample = firstLines(HOTEL, 3001);
        Map<String, String> expectedCodec = Map.of("snappy", "SNAPPY", "zstd", "ZSTD", "gzip", "GZIP",
                "none", "UNCOMPRESSED");
        for (String codec : List.of("snappy", "zstd", "gzip", "none")) {
            Path run = Files.createDirectories(dir.resolve(codec));
            LakeFixture.Cleaned c = clean(run, hotelSpec("parquet: {compression: " + codec + "}"),
                    "hotel_bookings.csv", sample, 48L << 20);
            long rowsOut = c.result().report().summary().rowsOut();
            assertTrue(rowsOut > 2500, "rows out: " + rowsOut);
            String file = c.parquet().resolve(c.parquetFiles().get(0)).toString();
            assertEquals(List.of(Map.of("compression", expectedCodec.get(codec))),
                    query("SELECT DISTINCT compression FROM parquet_metadata('" + file + "')"), codec);
            Map<String, Object> read = query("SELECT count(*) AS n, sum(adr) AS adr, sum(lead_time) AS lead FROM "
                    + lake(c.parquet())).get(0);
            double adr = 0;
            long lead = 0;
            for (String line : c.jsonl()) {
                JsonNode row = JSON.readTree(line);
                adr += row.get("adr").asDouble();
                lead += row.get("lead_time").asLong();
            }
            assertEquals(rowsOut, ((Number) read.get("n")).longValue(), codec);
            assertEquals(adr, ((Number) read.get("adr")).doubleValue(), 1e-6, codec);
            assertEquals(lead, ((Number) read.get("lead")).longValue(), codec);
        }
    }

    @Test
    void partitionValuesAreEscapedAsHiveDoesAndMissingOnesGoToTheDefaultPartition() throws Exception {
        List<String> cities = List.of("São Paulo", "a/b", "x=y", "50%", "12:30", "#1", "NA", "", "plain", "a/b");
        StringBuilder data = new StringBuilder("id,city,day\n");
        for (int i = 0; i < cities.size(); i++) {
            String city = cities.get(i);
            data.append(i).append(',').append(city).append(',').append(i % 2 == 0 ? "2024-01-0" + (i % 3 + 1) : "")
                    .append('\n');
        }
        LakeFixture.Cleaned c = clean(dir, """
                name: places
                match: places.csv
                columns: {id: int, day: date}
                output: {jsonl: true, parquet: {partition_by: [city, day]}}
                """, "places.csv", data.toString());
        assertEquals(cities.size(), c.result().report().summary().rowsOut());

        List<String> folders = c.parquetFiles().stream().map(f -> f.substring(0, f.indexOf('/'))).distinct().toList();
        assertEquals(List.of("city=%231", "city=12%3A30", "city=50%25", "city=São Paulo",
                "city=__HIVE_DEFAULT_PARTITION__", "city=a%2Fb", "city=plain", "city=x%3Dy"), folders);
        assertTrue(c.parquetFiles().contains("city=12%3A30/day=2024-01-02/places-01234567.parquet"),
                c.parquetFiles().toString());
        assertTrue(c.parquetFiles().contains("city=a%2Fb/day=__HIVE_DEFAULT_PARTITION__/places-01234567.parquet"),
                c.parquetFiles().toString());

        // the partition columns are in the folder names only
        String oneFile = c.parquet().resolve(c.parquetFiles().get(0)).toString();
        assertEquals(List.of("id"), List.copyOf(types("read_parquet('" + oneFile + "', hive_partitioning = false)")
                .keySet()));

        // read back with Hive partitioning: each row's city and day as the clean JSON Lines hold them
        // (Hive, Athena and Spark read the default partition as null; DuckDB reads its name, hence NULLIF)
        Map<Integer, List<Object>> read = new TreeMap<>();
        for (Map<String, Object> row : query("SELECT id, NULLIF(city, '" + HivePartitions.DEFAULT_PARTITION
                + "') AS city, NULLIF(CAST(day AS VARCHAR), '" + HivePartitions.DEFAULT_PARTITION + "') AS day FROM "
                + lake(c.parquet()))) {
            read.put(((Number) row.get("id")).intValue(), new ArrayList<>(java.util.Arrays.asList(row.get("city"),
                    row.get("day"))));
        }
        Map<Integer, List<Object>> expected = new TreeMap<>();
        for (String line : c.jsonl()) {
            JsonNode row = JSON.readTree(line);
            expected.put(row.get("id").asInt(), new ArrayList<>(java.util.Arrays.asList(
                    row.get("city").isNull() ? null : row.get("city").asText(),
                    row.get("day").isNull() ? null : row.get("day").asText())));
        }
        assertEquals(expected, read);
        assertEquals(null, read.get(6).get(0), "NA is missing: the default partition, read as null");
    }

    @Test
    void aFileWithNoCleanRowsWritesNoParquet() throws Exception {
        LakeFixture.Cleaned c = clean(dir, """
                name: empty
                match: empty.csv
                output: {parquet: {partition_by: [a]}}
                """, "empty.csv", "a,b\n");
        assertEquals(0, c.result().report().summary().rowsOut());
        assertEquals(List.of(), c.parquetFiles());
    }

    @Test
    void aFileWithMorePartitionsThanTheCapFailsNamingTheColumnAndTheCount() {
        StringBuilder data = new StringBuilder("id,city\n");
        for (int i = 0; i < 10; i++) {
            data.append(i).append(",city").append(i % 5).append('\n');
        }
        Exception e = assertThrows(Exception.class, () -> clean(dir, """
                name: capped
                match: capped.csv
                output: {parquet: {partition_by: [city], max_partitions: 3}}
                """, "capped.csv", data.toString()));
        Throwable cause = e;
        while (!(cause instanceof ParquetPartitionWriter.TooManyPartitions) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof ParquetPartitionWriter.TooManyPartitions, e.toString());
        assertEquals("partitioning by city (3 values so far) makes more than 3 partitions in one file (the cap,"
                + " output.parquet.max_partitions): choose coarser partition columns or raise the cap",
                cause.getMessage());
    }

    @Test
    void aPartitionThatOutgrowsTheMemoryBudgetContinuesInAnotherFileAndNoRowIsLost() throws Exception {
        StringBuilder data = new StringBuilder("id,group,text\n");
        int rows = 60_000;
        for (int i = 0; i < rows; i++) {
            data.append(i).append(',').append(i % 2 == 0 ? "even" : "odd").append(",row ").append(i * 7919L)
                    .append(" of some text that does not compress to nothing ").append(Integer.toHexString(i * 31))
                    .append('\n');
        }
        LakeFixture.Cleaned c = clean(dir, """
                name: big
                match: big.csv
                columns: {id: int}
                output: {parquet: {partition_by: [group], compression: none}}
                """, "big.csv", data.toString().getBytes(StandardCharsets.UTF_8), 256 * 1024);
        List<String> files = c.parquetFiles();
        assertTrue(files.size() > 4, "the budget cut the partitions into several files: " + files);
        assertTrue(files.contains("group=even/big-01234567.parquet") && files.contains("group=even/big-01234567-2.parquet"),
                files.toString());
        Map<String, Object> read = query("SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(id) AS total FROM "
                + lake(c.parquet())).get(0);
        assertEquals((long) rows, ((Number) read.get("n")).longValue());
        assertEquals((long) rows, ((Number) read.get("ids")).longValue());
        assertEquals((long) rows * (rows - 1) / 2, ((Number) read.get("total")).longValue());
    }

    @Test
    void decimalsThatDoNotFitTheirShapeAreRejectedNotRounded() throws Exception {
        LakeFixture.Cleaned c = clean(dir, """
                name: prices
                match: prices.csv
                columns:
                  price: decimal(5,2)
                  plain: decimal
                output: {jsonl: true, parquet: true}
                """, "prices.csv", """
                id,price,plain
                1,123.45,1
                2,123.456,1
                3,1234.5,1
                4,1.5,0.1234567890123456789
                5,1.50,2
                """);
        assertEquals(2, c.result().report().summary().rowsOut());
        Map<Long, RejectedRow> byLine = new HashMap<>();
        c.rejected().forEach(r -> byLine.put(r.line(), r));
        assertEquals(DecimalCheck.RULE, byLine.get(3L).rule());
        assertEquals("price: '123.456' has 3 digits after the point; the column is decimal(5,2)",
                byLine.get(3L).reason());
        assertEquals("price: '1234.5' has 4 digits before the point; the column is decimal(5,2)",
                byLine.get(4L).reason());
        assertEquals("plain: '0.1234567890123456789' has 19 digits after the point; the column is decimal(38,18)",
                byLine.get(5L).reason(), "a plain decimal has Parquet's default shape where Parquet is written");
        assertEquals(List.of("1", "5"), query("SELECT CAST(id AS VARCHAR) AS id FROM " + lake(c.parquet()))
                .stream().map(r -> r.get("id")).toList());
    }

    @Test
    void aPlainDecimalIsNotHeldToAShapeWhenNoSinkNeedsOne() throws Exception {
        LakeFixture.Cleaned c = clean(dir, """
                name: plain
                match: plain.csv
                columns: {plain: decimal}
                output: {jsonl: true}
                """, "plain.csv", "plain\n0.1234567890123456789\n");
        assertEquals(1, c.result().report().summary().rowsOut());
        assertFalse(Files.exists(c.parquet()));
    }

    static String hotelSpec(String parquet) throws IOException {
        String spec = Files.readString(Path.of("..", "routes", "datasets", "hotel_bookings.yaml"));
        return spec.substring(0, spec.indexOf("output:")) + "output:\n  jsonl: true\n  " + parquet + "\n";
    }

    static byte[] firstLines(Path file, int lines) throws IOException {
        return (String.join("\n", Files.readAllLines(file).subList(0, lines)) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
