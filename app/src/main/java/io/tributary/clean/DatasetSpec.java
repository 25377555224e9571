package io.tributary.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One dataset's cleaning spec, read from {@code routes/datasets/<name>.yaml}. Every key is
 * documented in {@code docs/datasets.md}; unknown keys are errors, so a typo never silently
 * turns a rule off.
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
        String source) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern DECIMAL_TYPE = Pattern.compile("(?i)decimal\\s*\\(\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*\\)");

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
            return new Format("csv", ',', '"', true, StandardCharsets.UTF_8, Set.copyOf(DEFAULT_NULL_VALUES), true,
                    ColumnNames.AS_IS, Nested.defaults());
        }
    }

    /** How a header's names are taken: as written, or standardised to snake_case. */
    public enum ColumnNames { AS_IS, SNAKE_CASE }

    /** How nested JSON becomes columns: objects flattened, listed arrays unnested to one row per element. */
    public record Nested(String separator, int maxDepth, List<String> unnest) {
        public static Nested defaults() {
            return new Nested("_", 5, List.of());
        }
    }

    /** A column's rules, applied in this order: name, text clean-up, type, checks, missing value, outliers. */
    public record Column(String rename, ColumnType type, List<String> formats, ZoneId timezone, boolean trim,
                         TextCase textCase, boolean required, Pattern pattern, Missing missing, Outliers outliers,
                         Decimal decimal) {
        static Column text() {
            return new Column(null, ColumnType.STRING, List.of(), ZoneOffset.UTC, false, TextCase.AS_IS, false, null,
                    null, null, null);
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
        public static final String DEFAULT_FILE_NAME = "{stem}-{version}";

        public static Parquet defaults() {
            return new Parquet(List.of(), "snappy", 32, 500, DEFAULT_FILE_NAME);
        }
    }

    /** {@code output.dynamodb}: the table and the key columns (none: a stable row id). */
    public record DynamoDb(String table, String partitionKey, String sortKey) implements SinkOptions {
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

    /** True when a rule needs statistics of the whole file before the first row is cleaned. */
    public boolean needsProfilePass() {
        return columns.values().stream().anyMatch(c -> c.outliers() != null || (c.missing() != null
                && Set.of(MissingStrategy.MEAN, MissingStrategy.MEDIAN, MissingStrategy.MODE)
                .contains(c.missing().strategy())));
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
        return new Parser(source, defaultTablePrefix).spec(root);
    }

    /** Turns a header name into snake_case: {@code "Lead Time"}, {@code "leadTime"} → {@code lead_time}. */
    public static String snakeCase(String name) {
        String s = name.trim().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        s = s.replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "column" : s;
    }

    private static final class Parser {
        private final String source;
        private final String tablePrefix;

        Parser(String source, String tablePrefix) {
            this.source = source;
            this.tablePrefix = tablePrefix;
        }

        DatasetSpec spec(JsonNode root) {
            allowOnly(root, "", "name", "match", "format", "columns", "rows", "derive", "duplicates", "output");
            String name = text(root, "name", null, "name");
            if (name == null || !NAME.matcher(name).matches()) {
                throw error("name", "must be set, lower case letters, digits and '_' (it names S3 folders and tables)");
            }
            List<String> match = stringList(root.get("match"), "match");
            if (match.isEmpty()) {
                throw error("match", "needs at least one file-name glob, e.g. \"" + name + "*.csv\"");
            }
            Format format = format(root.get("format"));
            Map<String, Column> columns = columns(root.get("columns"));
            Rows rows = rows(root.get("rows"));
            Map<String, Derived> derive = derive(root.get("derive"));
            Duplicates duplicates = duplicates(root.get("duplicates"));
            Output output = output(root.get("output"), name);
            return new DatasetSpec(name, match, format, columns, rows, derive, duplicates, output, source);
        }

        private Format format(JsonNode node) {
            Format d = Format.defaults();
            if (node == null || node.isNull()) {
                return d;
            }
            allowOnly(node, "format.", "type", "delimiter", "quote", "header", "encoding", "null_values",
                    "trim_null_values", "column_names", "flatten", "unnest");
            String type = text(node, "type", d.type(), "format.type").toLowerCase(Locale.ROOT);
            if (!Set.of("csv", "jsonl", "json").contains(type)) {
                throw error("format.type", "'" + type + "' is not one of csv, jsonl, json");
            }
            char delimiter = singleChar(node, "delimiter", d.delimiter());
            char quote = singleChar(node, "quote", d.quote());
            boolean header = node.has("header") ? bool(node.get("header"), "format.header") : d.header();
            Charset encoding = d.encoding();
            String encodingName = text(node, "encoding", null, "format.encoding");
            if (encodingName != null) {
                try {
                    encoding = Charset.forName(encodingName);
                } catch (IllegalArgumentException e) {
                    throw error("format.encoding", "'" + encodingName + "' is not a character set Java knows "
                            + "(e.g. UTF-8, ISO-8859-1, windows-1252, UTF-16)");
                }
            }
            Set<String> nulls = node.has("null_values")
                    ? Set.copyOf(stringList(node.get("null_values"), "format.null_values"))
                    : d.nullValues();
            boolean trimNulls = node.has("trim_null_values") ? bool(node.get("trim_null_values"),
                    "format.trim_null_values") : d.trimNullValues();
            ColumnNames names = enumValue(ColumnNames.class, text(node, "column_names", "as_is", "format.column_names"),
                    "format.column_names");
            Nested nested = d.nested();
            JsonNode flatten = node.get("flatten");
            String separator = nested.separator();
            int depth = nested.maxDepth();
            if (flatten != null && !flatten.isNull()) {
                allowOnly(flatten, "format.flatten.", "separator", "max_depth");
                separator = text(flatten, "separator", separator, "format.flatten.separator");
                depth = integer(flatten, "max_depth", depth, "format.flatten.max_depth");
                if (depth < 1) {
                    throw error("format.flatten.max_depth", "must be at least 1");
                }
            }
            List<String> unnest = stringList(node.get("unnest"), "format.unnest");
            if ((flatten != null || !unnest.isEmpty()) && type.equals("csv")) {
                throw error("format", "flatten and unnest apply to json and jsonl files only");
            }
            return new Format(type, delimiter, quote, header, encoding, nulls, trimNulls, names,
                    new Nested(separator, depth, List.copyOf(unnest)));
        }

        private Map<String, Column> columns(JsonNode node) {
            Map<String, Column> columns = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return columns;
            }
            requireObject(node, "columns");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                columns.put(e.getKey(), column("columns." + e.getKey(), e.getValue()));
            }
            return columns;
        }

        private Column column(String key, JsonNode value) {
            if (value.isTextual()) {
                return withType(Column.text(), type(value.asText(), key), decimal(value.asText(), key));
            }
            if (!value.isObject()) {
                throw error(key, "expected a type name or a mapping ({type: ..., missing: ..., ...})");
            }
            allowOnly(value, key + ".", "type", "format", "timezone", "rename", "trim", "case", "required",
                    "pattern", "missing", "outliers");
            String typeName = text(value, "type", "string", key + ".type");
            ColumnType type = type(typeName, key + ".type");
            Decimal decimal = decimal(typeName, key + ".type");
            List<String> formats = stringList(value.get("format"), key + ".format");
            if (!formats.isEmpty() && type != ColumnType.DATE && type != ColumnType.TIMESTAMP) {
                throw error(key + ".format", "only date and timestamp columns take input formats");
            }
            for (String f : formats) {
                try {
                    ValueParser.formatter(f);
                } catch (IllegalArgumentException iae) {
                    throw error(key + ".format", "'" + f + "' is not a date/time pattern: " + iae.getMessage());
                }
            }
            ZoneId zone = ZoneOffset.UTC;
            String zoneName = text(value, "timezone", null, key + ".timezone");
            if (zoneName != null) {
                if (type != ColumnType.TIMESTAMP) {
                    throw error(key + ".timezone", "only timestamp columns take a time zone");
                }
                try {
                    zone = ZoneId.of(zoneName);
                } catch (RuntimeException ex) {
                    throw error(key + ".timezone", "'" + zoneName + "' is not a time zone (e.g. UTC, Europe/Lisbon)");
                }
            }
            String rename = text(value, "rename", null, key + ".rename");
            boolean trim = value.has("trim") ? bool(value.get("trim"), key + ".trim") : type != ColumnType.STRING;
            TextCase textCase = enumValue(TextCase.class, text(value, "case", "as_is", key + ".case"), key + ".case");
            if (textCase != TextCase.AS_IS && type != ColumnType.STRING) {
                throw error(key + ".case", "applies to string columns only");
            }
            boolean required = value.has("required") && bool(value.get("required"), key + ".required");
            Pattern pattern = null;
            String regex = text(value, "pattern", null, key + ".pattern");
            if (regex != null) {
                try {
                    pattern = Pattern.compile(regex);
                } catch (PatternSyntaxException pse) {
                    throw error(key + ".pattern", "not a regular expression: " + pse.getDescription());
                }
            }
            Missing missing = missing(value.get("missing"), key + ".missing", type, formats);
            Outliers outliers = outliers(value.get("outliers"), key + ".outliers", type, rename != null ? rename
                    : key.substring("columns.".length()));
            return new Column(rename, type, List.copyOf(formats), zone, trim, textCase, required, pattern, missing,
                    outliers, decimal);
        }

        private Column withType(Column c, ColumnType type, Decimal decimal) {
            return new Column(c.rename(), type, c.formats(), c.timezone(), type != ColumnType.STRING, c.textCase(),
                    c.required(), c.pattern(), c.missing(), c.outliers(), decimal);
        }

        private ColumnType type(String name, String key) {
            if (DECIMAL_TYPE.matcher(name.trim()).matches()) {
                return ColumnType.DECIMAL;
            }
            try {
                return ColumnType.of(name);
            } catch (SpecException se) {
                throw error(key, se.getMessage());
            }
        }

        /** The precision and scale of a {@code decimal(p,s)} type; null for any other type name. */
        private Decimal decimal(String name, String key) {
            java.util.regex.Matcher m = DECIMAL_TYPE.matcher(name.trim());
            if (!m.matches()) {
                return null;
            }
            int precision = Integer.parseInt(m.group(1));
            int scale = Integer.parseInt(m.group(2));
            if (precision < 1 || precision > 38 || scale > precision) {
                throw error(key, "decimal(" + precision + "," + scale + "): the precision is 1 to 38 digits and"
                        + " the scale (digits after the point) at most the precision, as in decimal(10,2)");
            }
            return new Decimal(precision, scale);
        }

        private Missing missing(JsonNode node, String key, ColumnType type, List<String> formats) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (node.isTextual()) {
                MissingStrategy s = enumValue(MissingStrategy.class, node.asText(), key);
                if (s == MissingStrategy.FILL) {
                    throw error(key, "give the value: {fill: <value>}");
                }
                if ((s == MissingStrategy.MEAN || s == MissingStrategy.MEDIAN) && !type.isNumeric()) {
                    throw error(key, s.name().toLowerCase(Locale.ROOT) + " needs a numeric column (this one is "
                            + type.label() + ")");
                }
                return new Missing(s, null);
            }
            if (node.isObject()) {
                allowOnly(node, key + ".", "fill");
                JsonNode v = node.get("fill");
                if (v == null || v.isNull() || !v.isValueNode()) {
                    throw error(key + ".fill", "expected a constant (number, text or boolean)");
                }
                try {
                    Object value = new ValueParser(type, formats, ZoneOffset.UTC).parse(v.asText());
                    return new Missing(MissingStrategy.FILL, value);
                } catch (ValueException ve) {
                    throw error(key + ".fill", ve.getMessage());
                }
            }
            throw error(key, "expected one of drop, mean, median, mode, last_valid, or {fill: <value>}");
        }

        private Outliers outliers(JsonNode node, String key, ColumnType type, String column) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (!type.isNumeric()) {
                throw error(key, "outliers apply to numeric columns (int, long, double, decimal); this one is "
                        + type.label());
            }
            allowOnly(node, key + ".", "method", "k", "threshold", "action", "flag_column");
            OutlierMethod method = enumValue(OutlierMethod.class, text(node, "method", null, key + ".method"),
                    key + ".method");
            double threshold;
            if (method == OutlierMethod.IQR) {
                if (node.has("threshold")) {
                    throw error(key + ".threshold", "the IQR method takes k (default 1.5)");
                }
                threshold = number(node, "k", 1.5, key + ".k");
            } else {
                if (node.has("k")) {
                    throw error(key + ".k", "k is for the IQR method; z-scores take threshold");
                }
                threshold = number(node, "threshold", method == OutlierMethod.Z_SCORE ? 3.0 : 3.5, key + ".threshold");
            }
            if (!(threshold > 0)) {
                throw error(key, "the k or threshold must be above 0");
            }
            OutlierAction action = enumValue(OutlierAction.class, text(node, "action", "flag", key + ".action"),
                    key + ".action");
            String flag = text(node, "flag_column", null, key + ".flag_column");
            if (flag != null && action != OutlierAction.FLAG) {
                throw error(key + ".flag_column", "only the flag action adds a column");
            }
            if (action == OutlierAction.FLAG && flag == null) {
                flag = column + "_outlier";
            }
            return new Outliers(method, threshold, action, flag);
        }

        private Rows rows(JsonNode rows) {
            if (rows == null || rows.isNull()) {
                return new Rows(Map.of(), Map.of());
            }
            allowOnly(rows, "rows.", "drop_when", "keep_when");
            return new Rows(predicates(rows.get("drop_when"), "rows.drop_when"),
                    predicates(rows.get("keep_when"), "rows.keep_when"));
        }

        private Map<String, String> predicates(JsonNode node, String key) {
            Map<String, String> rules = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return rules;
            }
            requireObject(node, key);
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw error(key + "." + e.getKey(), "expected an expression");
                }
                rules.put(e.getKey(), e.getValue().textValue());
            });
            return rules;
        }

        private Map<String, Derived> derive(JsonNode node) {
            Map<String, Derived> derive = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return derive;
            }
            requireObject(node, "derive");
            node.fields().forEachRemaining(e -> {
                String key = "derive." + e.getKey();
                JsonNode v = e.getValue();
                if (v.isTextual()) {
                    derive.put(e.getKey(), new Derived(v.textValue(), null, null));
                } else if (v.isObject()) {
                    allowOnly(v, key + ".", "expr", "type");
                    String expr = text(v, "expr", null, key + ".expr");
                    if (expr == null) {
                        throw error(key + ".expr", "is required");
                    }
                    String type = text(v, "type", null, key + ".type");
                    derive.put(e.getKey(), new Derived(expr, type == null ? null : type(type, key + ".type"),
                            type == null ? null : decimal(type, key + ".type")));
                } else {
                    throw error(key, "expected an expression or {expr: ..., type: ...}");
                }
            });
            return derive;
        }

        private Duplicates duplicates(JsonNode node) {
            if (node == null || node.isNull()) {
                return Duplicates.exact();
            }
            if (node.isTextual()) {
                String v = node.asText().toLowerCase(Locale.ROOT);
                return switch (v) {
                    case "exact" -> Duplicates.exact();
                    case "none", "keep" -> new Duplicates(DuplicateMode.NONE, List.of(), false);
                    default -> throw error("duplicates", "'" + v + "' is not one of exact, none, or "
                            + "{columns: [...], keep: first|last}");
                };
            }
            allowOnly(node, "duplicates.", "columns", "keep");
            List<String> columns = stringList(node.get("columns"), "duplicates.columns");
            String keep = text(node, "keep", "first", "duplicates.keep").toLowerCase(Locale.ROOT);
            if (!keep.equals("first") && !keep.equals("last")) {
                throw error("duplicates.keep", "'" + keep + "' is not one of first, last");
            }
            return new Duplicates(columns.isEmpty() ? DuplicateMode.EXACT : DuplicateMode.KEY, List.copyOf(columns),
                    keep.equals("last"));
        }

        /**
         * {@code output}: the columns, and the sinks. A spec that names no sink writes to all of them
         * with their defaults; one that names some writes to those ({@code true} or {@code {}} for the
         * defaults, {@code false} for off).
         */
        private Output output(JsonNode node, String name) {
            List<String> sinkKeys = List.copyOf(SINKS.keySet());
            List<String> allowed = new ArrayList<>(sinkKeys);
            allowed.add(0, "columns");
            if (node != null && !node.isNull()) {
                allowOnly(node, "output.", allowed.toArray(String[]::new));
            }
            List<String> columns = node == null ? List.of() : stringList(node.get("columns"), "output.columns");
            boolean any = node != null && sinkKeys.stream().anyMatch(node::has);
            Map<String, SinkOptions> sinks = new LinkedHashMap<>();
            for (String key : sinkKeys) {
                JsonNode options = any ? node.get(key) : BooleanNode.TRUE;
                if (options == null || options.isNull() || (options.isBoolean() && !options.booleanValue())) {
                    continue;
                }
                if (options.isBoolean()) {
                    options = YAML.createObjectNode();
                } else if (!options.isObject()) {
                    throw error("output." + key, "expected true, false or a mapping of its options");
                }
                sinks.put(key, SINKS.get(key).parse(this, options, name));
            }
            return new Output(List.copyOf(columns), sinks);
        }

        /** A sink's options from its mapping under {@code output}. */
        private interface SinkParser {
            SinkOptions parse(Parser parser, JsonNode options, String dataset);
        }

        /** The sinks a spec can declare, by key, in the order they run. */
        private static final Map<String, SinkParser> SINKS = new LinkedHashMap<>();

        static {
            SINKS.put("csv", (p, o, d) -> {
                p.allowOnly(o, "output.csv.");
                return new Csv();
            });
            SINKS.put("jsonl", (p, o, d) -> {
                p.allowOnly(o, "output.jsonl.");
                return new JsonLines();
            });
            SINKS.put("parquet", Parser::parquet);
            SINKS.put("dynamodb", Parser::dynamodb);
        }

        private SinkOptions parquet(JsonNode node, String dataset) {
            allowOnly(node, "output.parquet.", "partition_by", "compression", "row_group_mb", "max_partitions",
                    "file_name");
            Parquet d = Parquet.defaults();
            List<String> partitionBy = stringList(node.get("partition_by"), "output.parquet.partition_by");
            if (partitionBy.size() != Set.copyOf(partitionBy).size()) {
                throw error("output.parquet.partition_by", "names a column twice");
            }
            String compression = text(node, "compression", d.compression(), "output.parquet.compression")
                    .toLowerCase(Locale.ROOT);
            if (!List.of("snappy", "zstd", "gzip", "none").contains(compression)) {
                throw error("output.parquet.compression", "'" + compression + "' is not one of snappy, zstd, gzip,"
                        + " none");
            }
            int rowGroup = integer(node, "row_group_mb", d.rowGroupMb(), "output.parquet.row_group_mb");
            if (rowGroup < 1 || rowGroup > 1024) {
                throw error("output.parquet.row_group_mb", "must be 1 to 1024 (MB)");
            }
            int max = integer(node, "max_partitions", d.maxPartitions(), "output.parquet.max_partitions");
            if (max < 1) {
                throw error("output.parquet.max_partitions", "must be at least 1");
            }
            String fileName = text(node, "file_name", d.fileName(), "output.parquet.file_name");
            String unknown = fileName.replaceAll("\\{(stem|version|cleaned_at)}", "");
            if (unknown.contains("{") || unknown.contains("}") || unknown.contains("/") || fileName.isBlank()) {
                throw error("output.parquet.file_name", "'" + fileName + "': a name (no '/') made of text and"
                        + " {stem}, {version}, {cleaned_at}");
            }
            return new Parquet(List.copyOf(partitionBy), compression, rowGroup, max, fileName);
        }

        private SinkOptions dynamodb(JsonNode ddb, String dataset) {
            String table = tablePrefix + dataset.replace('_', '-');
            allowOnly(ddb, "output.dynamodb.", "table", "partition_key", "sort_key");
            String partition = text(ddb, "partition_key", null, "output.dynamodb.partition_key");
            String sort = text(ddb, "sort_key", null, "output.dynamodb.sort_key");
            if (sort != null && partition == null) {
                throw error("output.dynamodb.sort_key", "needs output.dynamodb.partition_key too");
            }
            return new DynamoDb(text(ddb, "table", table, "output.dynamodb.table"), partition, sort);
        }

        private <E extends Enum<E>> E enumValue(Class<E> type, String value, String key) {
            if (value == null) {
                throw error(key, "is required");
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                String n = e.name().toLowerCase(Locale.ROOT);
                names.add(n);
                if (n.equals(value.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                    return e;
                }
            }
            throw error(key, "'" + value + "' is not one of " + String.join(", ", names));
        }

        private void allowOnly(JsonNode node, String prefix, String... keys) {
            requireObject(node, prefix.isEmpty() ? "(top level)" : prefix.substring(0, prefix.length() - 1));
            Set<String> allowed = Set.of(keys);
            node.fieldNames().forEachRemaining(k -> {
                if (!allowed.contains(k)) {
                    throw error(prefix + k, "unknown key (allowed here: " + String.join(", ", keys) + ")");
                }
            });
        }

        private void requireObject(JsonNode node, String key) {
            if (!node.isObject()) {
                throw error(key, "expected a mapping");
            }
        }

        private String text(JsonNode node, String field, String dflt, String key) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isValueNode()) {
                throw error(key, "expected a single value");
            }
            return v.asText();
        }

        private int integer(JsonNode node, String field, int dflt, String key) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isIntegralNumber()) {
                throw error(key, "expected a whole number");
            }
            return v.intValue();
        }

        private double number(JsonNode node, String field, double dflt, String key) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isNumber()) {
                throw error(key, "expected a number");
            }
            return v.doubleValue();
        }

        private boolean bool(JsonNode v, String key) {
            if (!v.isBoolean()) {
                throw error(key, "expected true or false");
            }
            return v.booleanValue();
        }

        private char singleChar(JsonNode node, String field, char dflt) {
            String v = text(node, field, null, "format." + field);
            if (v == null) {
                return dflt;
            }
            if (v.equals("\\t")) {
                return '\t';
            }
            if (v.length() != 1) {
                throw error("format." + field, "expected one character, got '" + v + "'");
            }
            return v.charAt(0);
        }

        private List<String> stringList(JsonNode node, String key) {
            List<String> list = new ArrayList<>();
            if (node == null || node.isNull()) {
                return list;
            }
            if (node.isValueNode()) {
                list.add(node.asText());
                return list;
            }
            if (!node.isArray()) {
                throw error(key, "expected a list");
            }
            node.forEach(v -> {
                if (!v.isValueNode()) {
                    throw error(key, "expected a list of values");
                }
                list.add(v.isNull() ? "" : v.asText());
            });
            return list;
        }

        private SpecException error(String key, String message) {
            return new SpecException(source + ": " + key + ": " + message);
        }
    }
}
