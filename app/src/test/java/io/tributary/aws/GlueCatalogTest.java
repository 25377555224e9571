package io.tributary.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.catalog.LakeTable;
import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Tributary asks of AWS Glue, checked request by request. There is no Glue emulator: the SDK
 * talks to a small HTTP server here that records each call (its X-Amz-Target and JSON body) and
 * answers as Glue's API reference says it answers.
 */
class GlueCatalogTest {
    private FakeJsonApi api;
    private AwsJsonClient glue;

    @BeforeEach
    void start() throws IOException {
        api = new FakeJsonApi();
        glue = api.client("us-east-1", "glue", "AWSGlue");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Every call was signed for Glue. */
    private List<FakeJsonApi.Call> calls() {
        for (FakeJsonApi.Call call : api.calls) {
            assertTrue(call.authorization().startsWith("AWS4-HMAC-SHA256 Credential=k/")
                    && call.authorization().contains("/us-east-1/glue/aws4_request"), call.authorization());
        }
        return api.calls;
    }

    private static LakeTable bookings() {
        return LakeTable.of("hotel_bookings", "s3://lake/curated/hotel_bookings/",
                List.of("hotel", "adults", "adr", "price", "arrival_date", "year"),
                List.of(ColumnType.STRING, ColumnType.INT, ColumnType.DOUBLE, ColumnType.DECIMAL, ColumnType.DATE,
                        ColumnType.INT),
                new DatasetSpec.Parquet(List.of("hotel", "year"), "zstd", 32, 500, "{stem}"),
                c -> c.equals("price") ? new DatasetSpec.Decimal(10, 2) : null);
    }

    private static GlueCatalog.Partition partition(String hotel, String year) {
        return new GlueCatalog.Partition(List.of(hotel, year),
                "s3://lake/curated/hotel_bookings/hotel=" + hotel + "/year=" + year + "/");
    }

    @Test
    void aNewTableIsCreatedAsAnExternalParquetTableAndItsPartitionsRegistered() {
        api.answers = call -> switch (call.operation()) {
            case "GetTable" -> new String[]{"400", "{\"__type\":\"EntityNotFoundException\",\"Message\":\"no table\"}"};
            default -> new String[]{"200", "{}"};
        };
        new GlueCatalog(glue, "lake_db").register(bookings(), true,
                List.of(partition("City Hotel", "2015"), partition("Resort Hotel", "__HIVE_DEFAULT_PARTITION__")));

        assertEquals(List.of("GetTable", "CreateTable", "BatchCreatePartition"),
                api.operations());
        JsonNode create = calls().get(1).body();
        assertEquals("lake_db", create.get("DatabaseName").asText());
        JsonNode input = create.get("TableInput");
        assertEquals("hotel_bookings", input.get("Name").asText());
        assertEquals("EXTERNAL_TABLE", input.get("TableType").asText());
        assertEquals("parquet", input.get("Parameters").get("classification").asText());
        assertEquals("ZSTD", input.get("Parameters").get("parquet.compression").asText());
        assertEquals("[{\"Name\":\"hotel\",\"Type\":\"string\"},{\"Name\":\"year\",\"Type\":\"int\"}]",
                input.get("PartitionKeys").toString());
        JsonNode sd = input.get("StorageDescriptor");
        assertEquals("[{\"Name\":\"adults\",\"Type\":\"int\"},{\"Name\":\"adr\",\"Type\":\"double\"},"
                        + "{\"Name\":\"price\",\"Type\":\"decimal(10,2)\"},{\"Name\":\"arrival_date\",\"Type\":\"date\"}]",
                sd.get("Columns").toString());
        assertEquals("s3://lake/curated/hotel_bookings/", sd.get("Location").asText());
        assertEquals("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat", sd.get("InputFormat").asText());
        assertEquals("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat", sd.get("OutputFormat").asText());
        assertEquals("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", sd.get("SerdeInfo").get("SerializationLibrary").asText());

        JsonNode batch = calls().get(2).body();
        assertEquals("hotel_bookings", batch.get("TableName").asText());
        JsonNode first = batch.get("PartitionInputList").get(0);
        assertEquals("[\"City Hotel\",\"2015\"]", first.get("Values").toString());
        assertEquals("s3://lake/curated/hotel_bookings/hotel=City Hotel/year=2015/",
                first.get("StorageDescriptor").get("Location").asText());
        assertEquals("[\"Resort Hotel\",\"__HIVE_DEFAULT_PARTITION__\"]",
                batch.get("PartitionInputList").get(1).get("Values").toString());
    }

    @Test
    void anExistingTableIsUpdatedOnlyWhenItChangedAndPartitionsThatExistAreFine() {
        api.answers = call -> switch (call.operation()) {
            case "GetTable" -> new String[]{"200", "{\"Table\":{\"Name\":\"hotel_bookings\"}}"};
            case "BatchCreatePartition" -> new String[]{"200", "{\"Errors\":[{\"PartitionValues\":[\"City Hotel\","
                    + "\"2015\"],\"ErrorDetail\":{\"ErrorCode\":\"AlreadyExistsException\",\"ErrorMessage\":\"exists\"}}]}"};
            default -> new String[]{"200", "{}"};
        };
        GlueCatalog catalog = new GlueCatalog(glue, "lake_db");
        catalog.register(bookings(), false, List.of(partition("City Hotel", "2015")));
        assertEquals(List.of("GetTable", "BatchCreatePartition"), api.operations());

        api.calls.clear();
        List<GlueCatalog.Partition> many = new ArrayList<>();
        for (int year = 1900; year < 2150; year++) {
            many.add(partition("City Hotel", Integer.toString(year)));
        }
        catalog.register(bookings(), true, many);
        assertEquals(List.of("GetTable", "UpdateTable", "BatchCreatePartition", "BatchCreatePartition",
                "BatchCreatePartition"), api.operations());
        assertEquals(List.of(100, 100, 50), calls().subList(2, 5).stream()
                .map(c -> c.body().get("PartitionInputList").size()).toList(), "at most 100 partitions a call");
    }

    @Test
    void aPartitionGlueRefusesForAnotherReasonFailsWithIt() {
        api.answers = call -> switch (call.operation()) {
            case "GetTable" -> new String[]{"200", "{\"Table\":{\"Name\":\"hotel_bookings\"}}"};
            case "BatchCreatePartition" -> new String[]{"200", "{\"Errors\":[{\"PartitionValues\":[\"City Hotel\","
                    + "\"2015\"],\"ErrorDetail\":{\"ErrorCode\":\"InvalidInputException\",\"ErrorMessage\":\"bad\"}}]}"};
            default -> new String[]{"200", "{}"};
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new GlueCatalog(glue, "lake_db")
                .register(bookings(), false, List.of(partition("City Hotel", "2015"))));
        assertEquals("Glue refused partitions of lake_db.hotel_bookings: [City Hotel, 2015]: InvalidInputException bad",
                e.getMessage());
    }

    @Test
    void theArchiveIsAJsonTableWithPartitionProjectionSoNoPartitionIsRegistered() throws IOException {
        api.answers = call -> switch (call.operation()) {
            case "GetTable" -> new String[]{"400", "{\"__type\":\"EntityNotFoundException\",\"Message\":\"no table\"}"};
            default -> new String[]{"200", "{}"};
        };
        io.tributary.catalog.JsonColumns seen = new io.tributary.catalog.JsonColumns();
        seen.observe(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"id\": 7, \"email\": \"a@b.io\"}"));
        LakeTable archive = seen.tableByHour("archive", "s3://lake/archive/changes/", "2026/12/04/01");
        new GlueCatalog(glue, "lake_db").register(archive, true,
                List.of(new GlueCatalog.Partition(List.of("2026/12/04/01"), "s3://lake/archive/changes/2026/12/04/01/")));

        assertEquals(List.of("GetTable", "CreateTable"), api.operations());
        JsonNode input = calls().get(1).body().get("TableInput");
        assertEquals("[{\"Name\":\"datehour\",\"Type\":\"string\"}]", input.get("PartitionKeys").toString());
        JsonNode parameters = input.get("Parameters");
        assertEquals("json", parameters.get("classification").asText());
        assertEquals("true", parameters.get("projection.enabled").asText());
        assertEquals("yyyy/MM/dd/HH", parameters.get("projection.datehour.format").asText());
        assertEquals("2026/12/04/01,NOW", parameters.get("projection.datehour.range").asText());
        assertEquals("HOURS", parameters.get("projection.datehour.interval.unit").asText());
        assertEquals("s3://lake/archive/changes/${datehour}/", parameters.get("storage.location.template").asText());
        JsonNode sd = input.get("StorageDescriptor");
        assertEquals("[{\"Name\":\"id\",\"Type\":\"bigint\"},{\"Name\":\"email\",\"Type\":\"string\"}]",
                sd.get("Columns").toString());
        assertEquals("org.openx.data.jsonserde.JsonSerDe", sd.get("SerdeInfo").get("SerializationLibrary").asText());
        assertEquals("org.apache.hadoop.mapred.TextInputFormat", sd.get("InputFormat").asText());
        assertEquals("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat", sd.get("OutputFormat").asText());
    }

    @Test
    void withProjectionTheTableListsThePartitionValuesAndNoPartitionIsRegistered() {
        api.answers = call -> switch (call.operation()) {
            case "GetTable" -> new String[]{"400", "{\"__type\":\"EntityNotFoundException\",\"Message\":\"no table\"}"};
            default -> new String[]{"200", "{}"};
        };
        GlueCatalog catalog = new GlueCatalog(glue, "lake_db", GlueCatalog.Partitions.PROJECTION, null);
        catalog.register(bookings(), true, List.of(partition("Resort Hotel", "2016"), partition("City Hotel", "2015")));
        assertEquals(List.of("GetTable", "CreateTable"), api.operations());
        JsonNode parameters = calls().get(1).body().get("TableInput").get("Parameters");
        assertEquals("true", parameters.get("projection.enabled").asText());
        assertEquals("enum", parameters.get("projection.hotel.type").asText());
        assertEquals("City Hotel,Resort Hotel", parameters.get("projection.hotel.values").asText());
        assertEquals("2015,2016", parameters.get("projection.year.values").asText());
        assertEquals("s3://lake/curated/hotel_bookings/hotel=${hotel}/year=${year}/",
                parameters.get("storage.location.template").asText());
        assertEquals("ZSTD", parameters.get("parquet.compression").asText());

        // a later clean: the values Glue lists already and its own; nothing to update when it brings no new one
        api.calls.clear();
        String listed = parameters.toString();
        api.answers = call -> switch (call.operation()) {
            case "GetTable" -> new String[]{"200", "{\"Table\":{\"Name\":\"hotel_bookings\",\"Parameters\":" + listed + "}}"};
            default -> new String[]{"200", "{}"};
        };
        catalog.register(bookings(), false, List.of(partition("City Hotel", "2016")));
        assertEquals(List.of("GetTable"), api.operations());
        catalog.register(bookings(), false, List.of(partition("City Hotel", "2017")));
        assertEquals(List.of("GetTable", "GetTable", "UpdateTable"), api.operations());
        assertEquals("2015,2016,2017", calls().get(2).body().get("TableInput").get("Parameters")
                .get("projection.year.values").asText());

        IllegalStateException comma = assertThrows(IllegalStateException.class, () -> catalog.register(bookings(), false,
                List.of(partition("Inn, Lisbon", "2015"))));
        assertTrue(comma.getMessage().contains("the value Inn, Lisbon of hotel_bookings.hotel cannot be listed"),
                comma.getMessage());
    }

    @Test
    void withACrawlerOnlyTheCrawlerIsStartedAndOneRunningIsFine() {
        api.answers = call -> new String[]{"200", "{}"};
        GlueCatalog catalog = new GlueCatalog(glue, "lake_db", GlueCatalog.Partitions.CRAWLER, "lake-crawler");
        catalog.register(bookings(), true, List.of(partition("City Hotel", "2015")));
        assertEquals(List.of("StartCrawler"), api.operations());
        assertEquals("{\"Name\":\"lake-crawler\"}", calls().get(0).body().toString());

        api.answers = call -> new String[]{"400", "{\"__type\":\"CrawlerRunningException\",\"Message\":\"running\"}"};
        catalog.register(bookings(), false, List.of());
        api.answers = call -> new String[]{"400", "{\"__type\":\"EntityNotFoundException\",\"Message\":\"no crawler\"}"};
        assertThrows(AwsJsonClient.ServiceError.class, () -> catalog.register(bookings(), false, List.of()));

        assertEquals("tributary.glue.partitions=crawler needs the crawler's name in tributary.glue.crawler",
                assertThrows(IllegalArgumentException.class,
                        () -> new GlueCatalog(glue, "lake_db", GlueCatalog.Partitions.CRAWLER, " ")).getMessage());
        assertEquals("tributary.glue.partitions is 'crawl'; it may be register, projection or crawler",
                assertThrows(IllegalArgumentException.class, () -> GlueCatalog.Partitions.named("crawl")).getMessage());
    }

    @Test
    void withoutGlueNothingIsCalled() {
        api.answers = call -> new String[]{"500", "{}"};
        GlueCatalog none = new GlueCatalog(null, "lake_db");
        none.register(bookings(), true, List.of(partition("City Hotel", "2015")));
        assertEquals(List.of(), api.calls);
    }
}
