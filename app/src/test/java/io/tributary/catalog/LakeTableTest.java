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
                -- bookings: a table of Tributary's lake; paste into Athena's query editor
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
                TBLPROPERTIES (
                  'parquet.compression'='SNAPPY'
                );
                -- then, to register the partitions the folders hold:
                MSCK REPAIR TABLE `bookings`;
                """, t.ddl());
        assertEquals(t, LakeTable.fromDdl(t.ddl()));
    }

    @Test
    void theDdlIsReadBackWhateverTheNamesAndValuesHold() {
        LakeTable odd = new LakeTable("odd `name`", "s3://b/curated/it's/", LakeTable.Storage.PARQUET,
                List.of(new LakeTable.Column("a,b", "decimal(10,2)"), new LakeTable.Column("(x)", "string"),
                        new LakeTable.Column("-- not a comment", "int")),
                List.of(new LakeTable.Column("p q", "date")),
                new java.util.LinkedHashMap<>(java.util.Map.of("k'\\", "v,)'")));
        assertEquals(odd, LakeTable.fromDdl(odd.ddl()));
        LakeTable plain = new LakeTable("t", "s3://b/t/", LakeTable.Storage.PARQUET,
                List.of(new LakeTable.Column("x", "int")), List.of(), java.util.Map.of());
        assertEquals(plain, LakeTable.fromDdl(plain.ddl()));
        assertEquals("t: no LOCATION", assertThrows(IllegalArgumentException.class,
                () -> LakeTable.fromDdl(plain.ddl().replace("LOCATION", "PLACE"))).getMessage());
        assertEquals("t: unreadable column definition '`x`'", assertThrows(IllegalArgumentException.class,
                () -> LakeTable.fromDdl(plain.ddl().replace("`x` int", "`x`"))).getMessage());
        assertEquals("not a CREATE EXTERNAL TABLE statement", assertThrows(IllegalArgumentException.class,
                () -> LakeTable.fromDdl("SELECT 1")).getMessage());
    }

    @Test
    void theArchiveIsAJsonTableFoundByProjectionOverItsHourlyFolders() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        JsonColumns seen = new JsonColumns();
        seen.observe(json.readTree("{\"id\": 1, \"name\": \"Ann\", \"age\": null, \"score\": 2}"));
        seen.observe(json.readTree("{\"id\": 2, \"age\": 34, \"score\": 2.5, \"vip\": true, \"tags\": [1]}"));
        LakeTable archive = seen.tableByHour("archive", "s3://b/archive/changes/", "2026/12/04/01");
        assertEquals("""
                -- archive: a table of Tributary's lake; paste into Athena's query editor
                CREATE EXTERNAL TABLE IF NOT EXISTS `archive` (
                  `id` bigint,
                  `name` string,
                  `score` double,
                  `age` bigint,
                  `vip` boolean,
                  `tags` string
                )
                PARTITIONED BY (
                  `datehour` string
                )
                ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
                STORED AS TEXTFILE
                LOCATION 's3://b/archive/changes/'
                TBLPROPERTIES (
                  'projection.enabled'='true',
                  'projection.datehour.type'='date',
                  'projection.datehour.format'='yyyy/MM/dd/HH',
                  'projection.datehour.range'='2026/12/04/01,NOW',
                  'projection.datehour.interval'='1',
                  'projection.datehour.interval.unit'='HOURS',
                  'storage.location.template'='s3://b/archive/changes/${datehour}/'
                );
                """, archive.ddl());
        assertEquals(archive, LakeTable.fromDdl(archive.ddl()));

        // a later hour: values of another type widen (JSON reads anything as text), the range keeps its start
        JsonColumns later = new JsonColumns();
        later.observe(json.readTree("{\"id\": \"x-3\", \"score\": 3, \"city\": \"Oslo\"}"));
        LakeTable.Evolution evolved = later.tableByHour("archive", "s3://b/archive/changes/", "2026/12/05/07")
                .evolve(archive);
        assertEquals(List.of("widened id from bigint to string", "added city string"), evolved.changes());
        assertEquals("2026/12/04/01,NOW", evolved.table().properties().get("projection.datehour.range"));
        assertEquals("double", evolved.table().columns().get(2).type());
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
        assertEquals("bookings: the partition columns changed from [hotel, year] to [hotel]; the lake's"
                        + " folders cannot hold both (choose a new dataset name, or move the old files away)",
                assertThrows(LakeTable.SchemaDrift.class, () -> repartitioned.evolve(before)).getMessage());
    }
}
