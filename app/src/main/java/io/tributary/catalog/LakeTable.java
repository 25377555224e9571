package io.tributary.catalog;

import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A table of the lake's catalog: its data columns and partition columns with their Athena (Hive)
 * types, where its files are, how they are stored, and its table properties (compression,
 * partition projection). Made from what a clean wrote ({@link #of}) or what the archive wrote
 * ({@link JsonColumns}); kept as its DDL ({@code catalog/<table>.sql}), which is both what a user
 * pastes into Athena and what later cleans and {@code ./tributary query} read back
 * ({@link #fromDdl}); a later file's table must be an {@link #evolve evolution} of it.
 *
 * @param location   the table's folder, {@code s3://<bucket>/<prefix><table>/}
 * @param properties the table properties (TBLPROPERTIES), in order
 */
public record LakeTable(String name, String location, Storage storage, List<Column> columns, List<Column> partitions,
                        Map<String, String> properties) {

    /** Table property naming the folder of a projected partition. */
    public static final String LOCATION_TEMPLATE = "storage.location.template";

    public LakeTable {
        columns = List.copyOf(columns);
        partitions = List.copyOf(partitions);
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A column and its Athena type ({@code int}, {@code decimal(10,2)}, ...). */
    public record Column(String name, String type) {
    }

    /** How a table's files are stored: the DDL's clause and the Hive classes Glue names. */
    public enum Storage {
        /** Parquet files in Hive partition folders ({@code col=value/}). */
        PARQUET("STORED AS PARQUET", ".parquet", "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat", "parquet"),
        /** JSON Lines, gzip-compressed (read by the OpenX JSON SerDe, which Athena recommends). */
        JSON_LINES("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\nSTORED AS TEXTFILE", ".jsonl.gz",
                "org.openx.data.jsonserde.JsonSerDe", "org.apache.hadoop.mapred.TextInputFormat",
                "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat", "json");

        public final String clause;
        /** How the table's file names end. */
        public final String suffix;
        public final String serde;
        public final String inputFormat;
        public final String outputFormat;
        /** Glue's {@code classification} parameter. */
        public final String classification;

        Storage(String clause, String suffix, String serde, String inputFormat, String outputFormat,
                String classification) {
            this.clause = clause;
            this.suffix = suffix;
            this.serde = serde;
            this.inputFormat = inputFormat;
            this.outputFormat = outputFormat;
            this.classification = classification;
        }
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
        return new LakeTable(dataset, location, Storage.PARQUET, data, partitions,
                Map.of("parquet.compression", options.compression().toUpperCase(Locale.ROOT)));
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

    /** Whether Athena finds the partitions from the table properties (partition projection) instead of the catalog's partitions. */
    public boolean projected() {
        return "true".equals(properties.get("projection.enabled"));
    }

    /**
     * The DDL that creates the table in Athena (or Hive, or Glue through Athena): an external
     * table over its files, partitioned as the folders are. Without projection, {@code MSCK REPAIR
     * TABLE} then registers the partitions.
     */
    public String ddl() {
        StringBuilder sql = new StringBuilder();
        sql.append("-- ").append(name).append(": a table of Tributary's lake; paste into Athena's query editor\n");
        sql.append("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(identifier(name)).append(" (\n");
        sql.append(columns.stream().map(c -> "  " + identifier(c.name()) + " " + c.type()).collect(Collectors.joining(",\n")));
        sql.append("\n)\n");
        if (!partitions.isEmpty()) {
            sql.append("PARTITIONED BY (\n").append(partitions.stream().map(c -> "  " + identifier(c.name()) + " "
                    + c.type()).collect(Collectors.joining(",\n"))).append("\n)\n");
        }
        sql.append(storage.clause).append('\n');
        sql.append("LOCATION ").append(literal(location)).append('\n');
        if (!properties.isEmpty()) {
            sql.append("TBLPROPERTIES (\n").append(properties.entrySet().stream()
                    .map(e -> "  " + literal(e.getKey()) + "=" + literal(e.getValue()))
                    .collect(Collectors.joining(",\n"))).append("\n)");
        }
        sql.append(";\n");
        if (!partitions.isEmpty() && !projected()) {
            sql.append("-- then, to register the partitions the folders hold:\nMSCK REPAIR TABLE ").append(identifier(name))
                    .append(";\n");
        }
        return sql.toString();
    }

    private static final Pattern CREATE = Pattern.compile(
            "\\bCREATE\\s+EXTERNAL\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(`(?:[^`]|``)+`)\\s*\\(");
    private static final Pattern PARTITIONED = Pattern.compile("\\G\\s*PARTITIONED\\s+BY\\s*\\(");
    private static final Pattern LOCATION = Pattern.compile("\\bLOCATION\\s+('(?:[^'\\\\]|\\\\.)*')");
    private static final Pattern PROPERTIES = Pattern.compile("\\bTBLPROPERTIES\\s*\\(");
    private static final Pattern PROPERTY = Pattern.compile("\\s*('(?:[^'\\\\]|\\\\.)*')\\s*=\\s*('(?:[^'\\\\]|\\\\.)*')\\s*,?");
    private static final Pattern COLUMN = Pattern.compile("\\s*(`(?:[^`]|``)+`)\\s+(.+?)\\s*");

    /**
     * The table a DDL of {@link #ddl()}'s form creates: the columns, partitions, storage,
     * location and properties, read back. Throws {@link IllegalArgumentException} naming what is
     * missing or unreadable.
     */
    public static LakeTable fromDdl(String ddl) {
        String sql = ddl.lines().filter(l -> !l.stripLeading().startsWith("--")).collect(Collectors.joining("\n"));
        Matcher create = CREATE.matcher(sql);
        if (!create.find()) {
            throw new IllegalArgumentException("not a CREATE EXTERNAL TABLE statement");
        }
        String name = unquoteIdentifier(create.group(1));
        int[] at = {create.end()};
        List<Column> columns = columns(sql, at, name);
        List<Column> partitions = List.of();
        Matcher partitioned = PARTITIONED.matcher(sql);
        if (partitioned.find(at[0])) {
            at[0] = partitioned.end();
            partitions = columns(sql, at, name);
        }
        String rest = sql.substring(at[0]);
        Storage storage = null;
        for (Storage s : Storage.values()) {
            if (rest.replaceAll("\\s+", " ").contains(s.clause.replaceAll("\\s+", " "))) {
                storage = s;
            }
        }
        if (storage == null) {
            throw new IllegalArgumentException(name + ": neither STORED AS PARQUET nor the JSON SerDe");
        }
        Matcher location = LOCATION.matcher(rest);
        if (!location.find()) {
            throw new IllegalArgumentException(name + ": no LOCATION");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        Matcher props = PROPERTIES.matcher(rest);
        if (props.find()) {
            Matcher p = PROPERTY.matcher(rest);
            int from = props.end();
            while (p.region(from, rest.length()).lookingAt()) {
                properties.put(unquoteLiteral(p.group(1)), unquoteLiteral(p.group(2)));
                from = p.end();
            }
            if (!rest.substring(from).stripLeading().startsWith(")")) {
                throw new IllegalArgumentException(name + ": unreadable TBLPROPERTIES at '" + snippet(rest, from) + "'");
            }
        }
        return new LakeTable(name, unquoteLiteral(location.group(1)), storage, columns, partitions, properties);
    }

    /** {@link #fromDdl(String)} of the DDL kept at {@code where} (an object's URI), which a failure names. */
    public static LakeTable fromDdl(String ddl, String where) {
        try {
            return fromDdl(ddl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** The column definitions from {@code at[0]} (just after an opening parenthesis) to its closing one. */
    private static List<Column> columns(String sql, int[] at, String table) {
        List<Column> columns = new ArrayList<>();
        int depth = 0;
        int start = at[0];
        boolean quoted = false;
        for (int i = at[0]; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '`') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && (ch == ',' && depth == 0 || ch == ')' && depth-- == 0)) {
                Matcher m = COLUMN.matcher(sql.substring(start, i));
                if (!m.matches()) {
                    throw new IllegalArgumentException(table + ": unreadable column definition '"
                            + sql.substring(start, i).strip() + "'");
                }
                columns.add(new Column(unquoteIdentifier(m.group(1)), m.group(2)));
                start = i + 1;
                if (ch == ')') {
                    at[0] = i + 1;
                    return columns;
                }
            }
        }
        throw new IllegalArgumentException(table + ": a column list without its closing parenthesis");
    }

    private static String snippet(String s, int from) {
        return s.substring(from, Math.min(s.length(), from + 40)).strip();
    }

    private static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String unquoteIdentifier(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("``", "`");
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String unquoteLiteral(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replaceAll("\\\\(.)", "$1");
    }

    /**
     * This table as a later file found it, over the catalog's {@code previous} one: columns the
     * previous lacks are added (at the end, as Athena's ADD COLUMNS does), a type widened as Athena
     * reads old files with it is widened, and columns the new files lack stay (their values are
     * null in the new files). Parquet widens int to bigint and int or bigint to double; any other
     * type change fails, as do other partition columns. JSON Lines widens further (bigint to
     * double, anything to string: the JSON SerDe reads any value as text) and never fails on a
     * type. Table properties are this file's, but a projection's range starts at the earlier of the two.
     */
    public Evolution evolve(LakeTable previous) {
        if (!partitions.stream().map(Column::name).toList().equals(previous.partitions.stream().map(Column::name).toList())) {
            throw new SchemaDrift(name + ": the partition columns changed from " + names(previous.partitions)
                    + " to " + names(partitions) + "; the lake's folders cannot hold both (choose a new dataset"
                    + " name, or move the old files away)");
        }
        List<String> changes = new ArrayList<>();
        List<Column> merged = new ArrayList<>();
        Map<String, Column> mine = new LinkedHashMap<>();
        columns.forEach(c -> mine.put(c.name(), c));
        for (Column old : previous.columns) {
            Column now = mine.remove(old.name());
            String type = now == null ? old.type() : merged(old.type(), now.type());
            if (type == null) {
                throw new SchemaDrift(name + ": column " + old.name() + " was " + old.type() + " in the lake and is "
                        + now.type() + " in this file; Athena cannot read the older files as " + now.type()
                        + " (keep the column's type in the spec, or rename the column)");
            }
            merged.add(new Column(old.name(), type));
            if (!type.equals(old.type())) {
                changes.add("widened " + old.name() + " from " + old.type() + " to " + type);
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
        Map<String, String> props = new LinkedHashMap<>(properties);
        previous.properties.forEach((k, v) -> {
            if (k.startsWith("projection.") && k.endsWith(".range") && props.containsKey(k)) {
                props.put(k, earlierStart(v, props.get(k)));
            }
        });
        props.forEach((k, v) -> {
            if (!v.equals(previous.properties.get(k))) {
                changes.add(k + " " + (previous.properties.containsKey(k) ? previous.properties.get(k) + " to " : "") + v);
            }
        });
        LakeTable table = new LakeTable(name, location, storage, merged, previous.partitions, props);
        return new Evolution(table, List.copyOf(changes));
    }

    /** A projection range ({@code start,end}) from the earlier of the two starts to {@code now}'s end. */
    private static String earlierStart(String before, String now) {
        String[] b = before.split(",", 2);
        String[] n = now.split(",", 2);
        return (b[0].compareTo(n[0]) <= 0 ? b[0] : n[0]) + (n.length > 1 ? "," + n[1] : "");
    }

    /** The type a column of the {@code old} type becomes when a file has it as {@code now}; null: none reads both. */
    private String merged(String old, String now) {
        if (old.equals(now) || widens(old, now)) {
            return now;
        }
        if (storage == Storage.JSON_LINES) {
            return JsonColumns.join(old, now);
        }
        return null;
    }

    /** Whether Athena reads a Parquet column of type {@code from} as {@code to}. */
    static boolean widens(String from, String to) {
        return (from.equals("int") && (to.equals("bigint") || to.equals("double")))
                || (from.equals("bigint") && to.equals("double"));
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(Column::name).toList().toString();
    }

    /** The table after a file, and what changed in it (empty: nothing). */
    public record Evolution(LakeTable table, List<String> changes) {
    }

    /** A change of the lake's table that its older files cannot follow. */
    public static final class SchemaDrift extends RuntimeException {
        public SchemaDrift(String message) {
            super(message);
        }
    }
}
