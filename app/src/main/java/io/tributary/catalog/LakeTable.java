package io.tributary.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A dataset's table in the lake's catalog: its data columns and partition columns with their
 * Athena (Hive) types, where its Parquet files are, and their compression. Made from what a clean
 * wrote ({@link #of}); kept as JSON beside its DDL ({@code catalog/<dataset>.json} and
 * {@code .sql}); a later clean's table must be an {@link #evolve evolution} of it.
 *
 * @param location the table's folder, {@code s3://<bucket>/<curated-prefix><dataset>/}
 */
public record LakeTable(String name, String location, List<Column> columns, List<Column> partitions,
                        String compression) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A column and its Athena type ({@code int}, {@code decimal(10,2)}, ...). */
    public record Column(String name, String type) {
    }

    /**
     * The table of a clean's Parquet output: the output columns but the partition columns, then
     * those, each with the Athena type of its spec type.
     */
    public static LakeTable of(String dataset, String location, List<String> columns, List<ColumnType> types,
                               DatasetSpec.Parquet options, Function<String, DatasetSpec.Decimal> decimals) {
        List<Column> data = new ArrayList<>();
        Map<String, Column> byName = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = new Column(columns.get(i), athenaType(types.get(i), decimals.apply(columns.get(i))));
            byName.put(c.name(), c);
            if (!options.partitionBy().contains(c.name())) {
                data.add(c);
            }
        }
        List<Column> partitions = options.partitionBy().stream().map(byName::get).toList();
        return new LakeTable(dataset, location, List.copyOf(data), partitions, options.compression());
    }

    /** The Athena (Hive DDL) type of a spec type, as the Parquet sink writes it. */
    public static String athenaType(ColumnType type, DatasetSpec.Decimal decimal) {
        return switch (type) {
            case INT -> "int";
            case LONG -> "bigint";
            case DOUBLE -> "double";
            case DECIMAL -> (decimal == null ? DatasetSpec.Decimal.DEFAULT : decimal).toString();
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case STRING, JSON -> "string";
        };
    }

    /**
     * The DDL that creates the table in Athena (or Hive, or Glue through Athena): a Hive external
     * table over Parquet, partitioned as the folders are. After creating it, {@code MSCK REPAIR
     * TABLE} (or partition projection) registers the partitions.
     */
    public String ddl() {
        StringBuilder sql = new StringBuilder();
        sql.append("-- ").append(name).append(": written by Tributary from the dataset's clean Parquet;")
                .append(" paste into Athena's query editor\n");
        sql.append("CREATE EXTERNAL TABLE IF NOT EXISTS `").append(name).append("` (\n");
        sql.append(columns.stream().map(c -> "  `" + c.name() + "` " + c.type()).collect(Collectors.joining(",\n")));
        sql.append("\n)\n");
        if (!partitions.isEmpty()) {
            sql.append("PARTITIONED BY (\n").append(partitions.stream().map(c -> "  `" + c.name() + "` " + c.type())
                    .collect(Collectors.joining(",\n"))).append("\n)\n");
        }
        sql.append("STORED AS PARQUET\n");
        sql.append("LOCATION '").append(location).append("'\n");
        sql.append("TBLPROPERTIES ('parquet.compression'='").append(compression.toUpperCase(Locale.ROOT))
                .append("');\n");
        if (!partitions.isEmpty()) {
            sql.append("-- then, to register the partitions the folders hold:\nMSCK REPAIR TABLE `").append(name)
                    .append("`;\n");
        }
        return sql.toString();
    }

    /**
     * This table as a later clean found it, over the catalog's {@code previous} one: columns the
     * previous lacks are added (at the end, as Athena's ADD COLUMNS does), a type widened as Athena
     * reads old files with it (int to bigint, int or bigint to double) is widened, and columns the
     * new files lack stay (their values are null in the new files). Any other change fails: a
     * type that would not read the old files, or other partition columns.
     */
    public Evolution evolve(LakeTable previous) {
        if (!partitions.stream().map(Column::name).toList().equals(previous.partitions.stream().map(Column::name).toList())) {
            throw new SchemaDrift(name + ": the Parquet partition columns changed from " + names(previous.partitions)
                    + " to " + names(partitions) + "; the lake's folders cannot hold both (choose a new dataset"
                    + " name, or move the old files away)");
        }
        List<String> changes = new ArrayList<>();
        List<Column> merged = new ArrayList<>();
        Map<String, Column> mine = new LinkedHashMap<>();
        columns.forEach(c -> mine.put(c.name(), c));
        for (Column old : previous.columns) {
            Column now = mine.remove(old.name());
            if (now == null || now.type().equals(old.type())) {
                merged.add(old);
            } else if (widens(old.type(), now.type())) {
                merged.add(now);
                changes.add("widened " + old.name() + " from " + old.type() + " to " + now.type());
            } else {
                throw new SchemaDrift(name + ": column " + old.name() + " was " + old.type() + " in the lake and is "
                        + now.type() + " in this file; Athena cannot read the older files as " + now.type()
                        + " (keep the column's type in the spec, or rename the column)");
            }
        }
        for (Column added : mine.values()) {
            merged.add(added);
            changes.add("added " + added.name() + " " + added.type());
        }
        for (int i = 0; i < partitions.size(); i++) {
            Column old = previous.partitions.get(i);
            Column now = partitions.get(i);
            if (!old.type().equals(now.type()) && !widens(old.type(), now.type())) {
                throw new SchemaDrift(name + ": partition column " + old.name() + " was " + old.type()
                        + " in the lake and is " + now.type() + " in this file");
            }
        }
        LakeTable table = new LakeTable(name, location, List.copyOf(merged), previous.partitions, compression);
        if (!compression.equals(previous.compression)) {
            changes.add("compression " + previous.compression + " to " + compression);
        }
        return new Evolution(table, List.copyOf(changes));
    }

    /** Whether Athena reads a Parquet column of type {@code from} as {@code to}. */
    static boolean widens(String from, String to) {
        return (from.equals("int") && (to.equals("bigint") || to.equals("double")))
                || (from.equals("bigint") && to.equals("double"));
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(Column::name).toList().toString();
    }

    /** The table after a clean, and what changed in it (empty: nothing). */
    public record Evolution(LakeTable table, List<String> changes) {
    }

    /** A change of the lake's table that its older files cannot follow. */
    public static final class SchemaDrift extends RuntimeException {
        public SchemaDrift(String message) {
            super(message);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static LakeTable fromJson(String json) {
        try {
            return JSON.readValue(json, LakeTable.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a lake table definition: " + e.getOriginalMessage(), e);
        }
    }
}
