package io.tributary.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One dataset's cleaning spec, read from {@code routes/datasets/<name>.yaml} by {@link SpecParser}.
 * Every key is declared once, in {@link SpecKeys}, from which the key tables of
 * {@code docs/datasets.md} and the JSON Schema are made; unknown keys are errors, so a typo never
 * silently turns a rule off.
 */
public record DatasetSpec(
        String name,
        List<String> match,
        Format format,
        Map<String, Column> columns,
        Rows rows,
        Map<String, Derived> derive,
        Duplicates duplicates,
        Output output,
        Export export,
        Api api,
        String source) {

    /**
     * A scheduled export of the rows cleaned since the last one (the {@code export} key; null: none).
     *
     * @param key the columns that identify a row (empty: every row is its own)
     */
    public record Export(CronSchedule schedule, List<String> partitionBy, List<String> key, String compression) {
    }

    /**
     * The HTTP JSON API a dataset is pulled from (the {@code api} key; null: none).
     *
     * @param records JSON pointer of the records in a response ("" the body)
     */
    public record Api(String url, String path, Map<String, String> params, Map<String, String> headers, ApiKey apiKey,
                      String records, Pagination pagination, Incremental incremental, CronSchedule schedule,
                      int timeoutSeconds, int retries, int maxPages, int maxRecords) {
    }

    /** Where an API's key comes from and how it is sent ({@code param} null: in {@code header}). */
    public record ApiKey(String env, String ssm, String secret, String header, String param, String prefix) {
    }

    /** How an API's pages follow each other. */
    public enum PageType { NONE, PAGE, OFFSET, CURSOR, LINK }

    public record Pagination(PageType type, int size, String sizeParam, String pageParam, int firstPage,
                             String offsetParam, String cursorPath, String cursorParam) {
    }

    /** What each run asks from: the largest {@code cursorField} taken, sent as {@code param}. */
    public record Incremental(String cursorField, String param, String initial, String primaryKey) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * The texts that mean "missing" when a spec names none (and in inferred specs): pandas' defaults
     * (read_csv's {@code na_values}), which is what users' files hold, and {@code none}.
     */
    public static final List<String> DEFAULT_NULL_VALUES = List.of("", "NULL", "null", "NA", "N/A", "n/a", "NaN",
            "nan", "-NaN", "-nan", "None", "none", "<NA>", "#N/A", "#N/A N/A", "#NA", "1.#IND", "-1.#IND", "1.#QNAN",
            "-1.#QNAN");

    /** How the raw file is read. */
    public record Format(String type, char delimiter, char quote, boolean header, Charset encoding,
                         Set<String> nullValues, boolean trimNullValues, ColumnNames columnNames, Nested nested) {
        public static Format defaults() {
            return SpecParser.defaultFormat();
        }
    }

    /** How a header's names are taken: as written, or standardised to snake_case. */
    public enum ColumnNames { AS_IS, SNAKE_CASE }

    /** How nested JSON becomes columns: objects flattened, listed arrays unnested to one row per element. */
    public record Nested(String separator, int maxDepth, List<String> unnest) {
    }

    /** A column's rules, applied in this order: name, text clean-up, type, checks, missing value, outliers. */
    /** @param remove characters taken out of the text before its pattern and type ("" none) */
    public record Column(String rename, ColumnType type, List<String> formats, ZoneId timezone, boolean trim,
                         TextCase textCase, String remove, boolean required, Pattern pattern, Missing missing,
                         Outliers outliers, Decimal decimal) {
        static Column text() {
            return new Column(null, ColumnType.STRING, List.of(), ZoneOffset.UTC, false, TextCase.AS_IS, "", false,
                    null, null, null, null);
        }
    }

    /**
     * A decimal column's precision (all digits) and scale (digits after the point), as
     * {@code decimal(10,2)} declares them; a plain {@code decimal} is {@link #DEFAULT} where a sink
     * needs a fixed shape (Parquet), as Spark's default decimal is.
     */
    public record Decimal(int precision, int scale) {
        public static final Decimal DEFAULT = new Decimal(38, 18);

        @Override
        public String toString() {
            return "decimal(" + precision + "," + scale + ")";
        }
    }

    public enum TextCase { AS_IS, LOWER, UPPER }

    /** What replaces a missing value of a column (DataBrew's FILL_WITH_* vocabulary). */
    public record Missing(MissingStrategy strategy, Object value) {
    }

    public enum MissingStrategy { DROP, FILL, MEAN, MEDIAN, MODE, LAST_VALID }

    /** How a numeric column's outliers are found and what is done with them. */
    public record Outliers(OutlierMethod method, double threshold, OutlierAction action, String flagColumn) {
    }

    public enum OutlierMethod { IQR, Z_SCORE, MODIFIED_Z_SCORE }

    public enum OutlierAction { REMOVE, CLAMP, FLAG, SET_NULL }

    /** Row predicates: rows matching a drop rule go, rows failing a keep rule go; counted by rule name. */
    public record Rows(Map<String, String> dropWhen, Map<String, String> keepWhen) {
    }

    /** A derived column: an expression over the row and the type its result is stored as. */
    public record Derived(String expression, ColumnType type, Decimal decimal) {
    }

    /** Which rows are duplicates: none, equal rows, or rows with equal key columns (keeping the first or last). */
    public record Duplicates(DuplicateMode mode, List<String> columns, boolean keepLast) {
        public static Duplicates exact() {
            return new Duplicates(DuplicateMode.EXACT, List.of(), false);
        }
    }

    public enum DuplicateMode { NONE, EXACT, KEY }

    /**
     * The output: which columns in which order (empty: all), and the sinks the clean rows go to, by
     * their key under {@code output} ({@code csv}, {@code jsonl}, {@code parquet}, {@code dynamodb}),
     * each with its options.
     */
    public record Output(List<String> columns, Map<String, SinkOptions> sinks) {
        public <T extends SinkOptions> T sink(Class<T> type) {
            for (SinkOptions o : sinks.values()) {
                if (type.isInstance(o)) {
                    return type.cast(o);
                }
            }
            return null;
        }
    }

    /** A sink's options, as its key under {@code output} declares them. */
    public interface SinkOptions {
        /** Whether the sink takes each clean file's rows (a warehouse mirroring the change stream does not). */
        default boolean takesCleanRows() {
            return true;
        }
    }

    /** {@code output.csv}: clean/&lt;dataset&gt;/&lt;file&gt;.csv. */
    public record Csv() implements SinkOptions {
    }

    /** {@code output.jsonl}: clean/&lt;dataset&gt;/&lt;file&gt;.jsonl. */
    public record JsonLines() implements SinkOptions {
    }

    /**
     * {@code output.parquet}: typed Parquet in the lake, curated/&lt;dataset&gt;/[col=value/...]&lt;name&gt;.parquet.
     *
     * @param fileName      the files' name template: {@code {stem}}, {@code {version}}, {@code {cleaned_at}}
     * @param maxPartitions how many partitions one raw file may write before it fails
     */
    public record Parquet(List<String> partitionBy, String compression, int rowGroupMb, int maxPartitions,
                          String fileName) implements SinkOptions {
        public static Parquet defaults() {
            return SpecParser.defaultParquet();
        }
    }

    /** {@code output.dynamodb}: the table and the key columns (none: a stable row id). */
    public record DynamoDb(String table, String partitionKey, String sortKey) implements SinkOptions {
    }

    /**
     * {@code output.warehouse}: the table, how loads change it, its key, and whether it takes the
     * clean files' rows or mirrors the DynamoDB table's change stream.
     *
     * @param append true to add every row, false to upsert by {@link #warehouseKey()}
     */
    public record Warehouse(String table, boolean append, List<String> key, boolean fromChanges) implements SinkOptions {
        @Override
        public boolean takesCleanRows() {
            return !fromChanges;
        }
    }

    /** The dataset's warehouse settings, or null when it loads no warehouse. */
    public Warehouse warehouse() {
        return output.sink(Warehouse.class);
    }

    /**
     * The warehouse table's key: declared, else the DynamoDB table's (always, when it mirrors the
     * changes), else the duplicates' key columns; empty when there is none.
     */
    public List<String> warehouseKey() {
        Warehouse w = warehouse();
        DynamoDb d = dynamodb();
        List<String> dynamoKey = d == null || d.partitionKey() == null ? List.of()
                : d.sortKey() == null ? List.of(d.partitionKey()) : List.of(d.partitionKey(), d.sortKey());
        if (w != null && w.fromChanges()) {
            return dynamoKey;
        }
        if (w != null && !w.key().isEmpty()) {
            return w.key();
        }
        if (duplicates.mode() == DuplicateMode.KEY) {
            return duplicates.columns();
        }
        return dynamoKey;
    }

    /** The dataset's DynamoDB settings, or null when it writes no DynamoDB table. */
    public DynamoDb dynamodb() {
        return output.sink(DynamoDb.class);
    }

    /** The dataset's Parquet settings, or null when it writes no Parquet. */
    public Parquet parquet() {
        return output.sink(Parquet.class);
    }

    /** The precision and scale of a decimal output column: declared, or {@link Decimal#DEFAULT}. */
    public Decimal decimal(String outputColumn) {
        for (Map.Entry<String, Column> c : columns.entrySet()) {
            String name = c.getValue().rename() != null ? c.getValue().rename() : c.getKey();
            if (name.equals(outputColumn) && c.getValue().decimal() != null) {
                return c.getValue().decimal();
            }
        }
        Derived d = derive.get(outputColumn);
        return d != null && d.decimal() != null ? d.decimal() : Decimal.DEFAULT;
    }

    /** The output columns whose precision and scale the spec declares, with them. */
    public Map<String, Decimal> declaredDecimals() {
        Map<String, Decimal> declared = new LinkedHashMap<>();
        columns.forEach((name, c) -> {
            if (c.decimal() != null) {
                declared.put(c.rename() != null ? c.rename() : name, c.decimal());
            }
        });
        derive.forEach((name, d) -> {
            if (d.decimal() != null) {
                declared.put(name, d.decimal());
            }
        });
        return declared;
    }

    /** The rules of a column by its name in the file (after name standardisation), or plain text. */
    public Column column(String name) {
        Column c = columns.get(name);
        return c == null ? Column.text() : c;
    }

    /** The declared type of an output column (by its output name), or null when the spec does not say. */
    public ColumnType outputType(String column) {
        for (Map.Entry<String, Column> c : columns.entrySet()) {
            String name = c.getValue().rename() != null ? c.getValue().rename() : c.getKey();
            if (name.equals(column)) {
                return c.getValue().type();
            }
        }
        Derived d = derive.get(column);
        return d == null ? null : d.type();
    }

    /**
     * The file columns this spec names (by their names after standardisation): its {@code columns}
     * keys, then the {@code output.columns} that name no renamed, derived or outlier flag column.
     * A JSON file in which no record has one of them still has the column, every value missing:
     * a field an API leaves out when it has no value may be absent from a whole day's file.
     */
    public List<String> namedFileColumns() {
        Set<String> made = new LinkedHashSet<>(derive.keySet());
        for (Column c : columns.values()) {
            if (c.rename() != null) {
                made.add(c.rename());
            }
            if (c.outliers() != null && c.outliers().flagColumn() != null) {
                made.add(c.outliers().flagColumn());
            }
        }
        Set<String> named = new LinkedHashSet<>(columns.keySet());
        for (String column : output.columns()) {
            if (!made.contains(column)) {
                named.add(column);
            }
        }
        return List.copyOf(named);
    }

    /** True when this spec claims the raw file with this name (globs are matched on the file name). */
    public boolean matchesFileName(String fileName) {
        Path path = Path.of(fileName);
        for (String glob : match) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            if (matcher.matches(path)) {
                return true;
            }
        }
        return false;
    }

    public static DatasetSpec parse(String yaml, String source, String defaultTablePrefix) {
        return parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), source, defaultTablePrefix);
    }

    public static DatasetSpec parse(InputStream yaml, String source, String defaultTablePrefix) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new SpecException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SpecException(source + ": expected a mapping with at least 'name' and 'match'");
        }
        return new SpecParser(source, defaultTablePrefix).spec(root);
    }

    /** Turns a header name into snake_case: {@code "Lead Time"}, {@code "leadTime"} → {@code lead_time}. */
    public static String snakeCase(String name) {
        String s = name.trim().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        s = s.replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "column" : s;
    }
}
