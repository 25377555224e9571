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
        assertEquals(GlueCatalog.PARQUET_INPUT, sd.get("InputFormat").asText());
        assertEquals(GlueCatalog.PARQUET_OUTPUT, sd.get("OutputFormat").asText());
        assertEquals(GlueCatalog.PARQUET_SERDE, sd.get("SerdeInfo").get("SerializationLibrary").asText());

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
    void withoutGlueNothingIsCalled() {
        api.answers = call -> new String[]{"500", "{}"};
        GlueCatalog none = new GlueCatalog(null, "lake_db");
        none.register(bookings(), true, List.of(partition("City Hotel", "2015")));
        assertEquals(List.of(), api.calls);
    }
}
