package io.tributary.catalog;

import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LakeTableTest {
    private static final DatasetSpec.Parquet BY_HOTEL_AND_YEAR = new DatasetSpec.Parquet(List.of("hotel", "year"),
            "snappy", 32, 500, "{stem}-{version}");

    private static LakeTable table(List<String> columns, List<ColumnType> types) {
        return LakeTable.of("bookings", "s3://b/curated/bookings/", columns, types, BY_HOTEL_AND_YEAR,
                c -> c.equals("price") ? new DatasetSpec.Decimal(10, 2) : null);
    }

    @Test
    void theDdlHasEveryTypeAsAthenaNamesItAndThePartitionsLast() {
        LakeTable t = table(List.of("hotel", "id", "big", "rate", "price", "plain", "ok", "day", "at", "name", "doc",
                        "year"),
                List.of(ColumnType.STRING, ColumnType.INT, ColumnType.LONG, ColumnType.DOUBLE, ColumnType.DECIMAL,
                        ColumnType.DECIMAL, ColumnType.BOOLEAN, ColumnType.DATE, ColumnType.TIMESTAMP,
                        ColumnType.STRING, ColumnType.JSON, ColumnType.INT));
        assertEquals("""
                -- bookings: written by Tributary from the dataset's clean Parquet; paste into Athena's query editor
                CREATE EXTERNAL TABLE IF NOT EXISTS `bookings` (
                  `id` int,
                  `big` bigint,
                  `rate` double,
                  `price` decimal(10,2),
                  `plain` decimal(38,18),
                  `ok` boolean,
                  `day` date,
                  `at` timestamp,
                  `name` string,
                  `doc` string
                )
                PARTITIONED BY (
                  `hotel` string,
                  `year` int
                )
                STORED AS PARQUET
                LOCATION 's3://b/curated/bookings/'
                TBLPROPERTIES ('parquet.compression'='SNAPPY');
                -- then, to register the partitions the folders hold:
                MSCK REPAIR TABLE `bookings`;
                """, t.ddl());
        assertEquals(t, LakeTable.fromJson(t.toJson()));
    }

    @Test
    void aLaterFileMayAddColumnsAndWidenTypesButNotChangeThem() {
        LakeTable before = table(List.of("hotel", "id", "nights", "year"),
                List.of(ColumnType.STRING, ColumnType.INT, ColumnType.INT, ColumnType.INT));
        LakeTable.Evolution same = before.evolve(before);
        assertEquals(List.of(), same.changes());

        LakeTable later = table(List.of("hotel", "id", "nights", "note", "year"),
                List.of(ColumnType.STRING, ColumnType.LONG, ColumnType.DOUBLE, ColumnType.STRING, ColumnType.INT));
        LakeTable.Evolution grown = later.evolve(before);
        assertEquals(List.of("widened id from int to bigint", "widened nights from int to double", "added note string"),
                grown.changes());
        assertEquals(List.of(new LakeTable.Column("id", "bigint"), new LakeTable.Column("nights", "double"),
                new LakeTable.Column("note", "string")), grown.table().columns());

        // a column a later file lacks stays in the table
        LakeTable fewer = table(List.of("hotel", "id", "year"), List.of(ColumnType.STRING, ColumnType.INT,
                ColumnType.INT));
        assertEquals(before.columns(), fewer.evolve(before).table().columns());

        LakeTable changed = table(List.of("hotel", "id", "nights", "year"),
                List.of(ColumnType.STRING, ColumnType.STRING, ColumnType.INT, ColumnType.INT));
        assertEquals("bookings: column id was int in the lake and is string in this file; Athena cannot read the"
                        + " older files as string (keep the column's type in the spec, or rename the column)",
                assertThrows(LakeTable.SchemaDrift.class, () -> changed.evolve(before)).getMessage());

        LakeTable narrowed = table(List.of("hotel", "id", "nights", "year"),
                List.of(ColumnType.STRING, ColumnType.INT, ColumnType.INT, ColumnType.LONG));
        assertThrows(LakeTable.SchemaDrift.class, () -> before.evolve(narrowed));
        LakeTable repartitioned = LakeTable.of("bookings", "s3://b/curated/bookings/", List.of("hotel", "id"),
                List.of(ColumnType.STRING, ColumnType.INT), new DatasetSpec.Parquet(List.of("hotel"), "snappy", 32, 500,
                        "{stem}"), c -> null);
        assertEquals("bookings: the Parquet partition columns changed from [hotel, year] to [hotel]; the lake's"
                        + " folders cannot hold both (choose a new dataset name, or move the old files away)",
                assertThrows(LakeTable.SchemaDrift.class, () -> repartitioned.evolve(before)).getMessage());
    }
}
