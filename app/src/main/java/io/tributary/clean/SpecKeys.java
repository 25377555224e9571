package io.tributary.clean;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every key a dataset spec may hold, declared once: its name, the shape of its value, its default,
 * what it means and an example. {@link SpecParser} reads specs through these declarations (a key
 * not declared here is an error, a default comes from here, a whole number's range and a choice's
 * values are checked from here), {@code SpecDocs} writes the key tables of {@code docs/datasets.md}
 * from them, and {@code SpecJsonSchema} the JSON Schema editors use. A new key is one entry here
 * and the few lines in {@link SpecParser} that turn its value into the spec's records.
 */
public final class SpecKeys {

    private SpecKeys() {
    }

    /** What a key's value may be. */
    public sealed interface Shape {
        /** How the docs name it, e.g. {@code whole number, 1 to 1024}. */
        String doc();
    }

    /** Text; {@code doc} names what kind (a zone id, a regular expression...). */
    public record Text(String doc) implements Shape {
    }

    /** One character. */
    public record Char(String doc) implements Shape {
    }

    /** An expression over the row's columns. */
    public record Expression() implements Shape {
        public String doc() {
            return "expression";
        }
    }

    /** {@code true} or {@code false}. */
    public record Flag() implements Shape {
        public String doc() {
            return "boolean";
        }
    }

    /** A whole number from {@code min} to {@code max} (inclusive). */
    public record Whole(int min, int max) implements Shape {
        public String doc() {
            return max == Integer.MAX_VALUE ? "whole number ≥ " + min : "whole number, " + min + " to " + max;
        }
    }

    /** A number above zero. */
    public record Positive() implements Shape {
        public String doc() {
            return "number > 0";
        }
    }

    /** One of a few words (as written, any case; {@code -} may stand for {@code _}). */
    public record Choice(List<String> values) implements Shape {
        public static Choice of(Class<? extends Enum<?>> type) {
            return new Choice(Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
        }

        public static Choice of(String... values) {
            return new Choice(List.of(values));
        }

        public String doc() {
            return values.stream().map(v -> "`" + v + "`").collect(Collectors.joining(", "));
        }
    }

    /** One constant: a number, text or boolean. */
    public record Constant(String doc) implements Shape {
    }

    /** One value or a list of them, read as text. */
    public record Texts(String doc) implements Shape {
    }

    /** A column type name: {@code int}, ..., or {@code decimal(p,s)}. */
    public record TypeName() implements Shape {
        public static final List<String> NAMES = Arrays.stream(ColumnType.values()).map(ColumnType::label).toList();
        /** {@code decimal(p,s)}, as the JSON Schema checks it (the parser also allows spaces and any case). */
        public static final String DECIMAL_PATTERN = "^decimal\\(\\s*[0-9]{1,2}\\s*,\\s*[0-9]{1,2}\\s*\\)$";

        public String doc() {
            return NAMES.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", ")) + ", `decimal(p,s)`";
        }
    }

    /** A mapping of the section's keys. */
    public record Mapping(Section section) implements Shape {
        public String doc() {
            return "mapping";
        }
    }

    /** A mapping of names the user chooses (columns, rules) to values of one shape. */
    public record MapOf(String placeholder, Shape value) implements Shape {
        public String doc() {
            return "mapping of `" + placeholder + "` → " + value.doc();
        }
    }

    /** Any one of the shapes. */
    public record Either(String doc, List<Shape> shapes) implements Shape {
    }

    /**
     * One key.
     *
     * @param value the default the parser takes when the key is absent (null: none, or one that
     *              depends on other keys, which {@code defaultDoc} then says)
     */
    public record Key(String name, Shape shape, Object value, String defaultDoc, String meaning, String example) {
        /** The default as the docs show it. */
        public String defaultText() {
            if (defaultDoc != null) {
                return defaultDoc;
            }
            return value == null ? "none" : "`" + value + "`";
        }
    }

    /**
     * The keys of one mapping of a spec. {@code path} is how the docs and error messages name it
     * ({@code columns.<column>.outliers}); the parser puts the real column name in.
     */
    public static final class Section {
        private final String path;
        private final Map<String, Key> keys = new LinkedHashMap<>();

        Section(String path, Key... keys) {
            this.path = path;
            for (Key k : keys) {
                if (this.keys.put(k.name(), k) != null) {
                    throw new IllegalStateException(path + ": " + k.name() + " declared twice");
                }
            }
        }

        public String path() {
            return path;
        }

        public List<Key> keys() {
            return List.copyOf(keys.values());
        }

        public List<String> names() {
            return new ArrayList<>(keys.keySet());
        }

        /** The declared key; a name not declared is a mistake in Tributary, not in the spec. */
        public Key key(String name) {
            Key k = keys.get(name);
            if (k == null) {
                throw new IllegalStateException(path + " declares no key '" + name + "'");
            }
            return k;
        }

        @Override
        public String toString() {
            return path;
        }
    }

    private static Key key(String name, Shape shape, Object value, String defaultDoc, String meaning,
                           String example) {
        return new Key(name, shape, value, defaultDoc, meaning, example);
    }

    private static final String COLUMN = "output column";

    public static final Section FLATTEN = new Section("format.flatten",
            key("separator", new Text("text"), "_", null,
                    "JSON: nested object keys are joined with it: `{\"customer\": {\"name\": …}}` → `customer_name`",
                    "\"__\""),
            key("max_depth", new Whole(1, Integer.MAX_VALUE), 5, null,
                    "JSON: levels of objects flattened; deeper objects stay JSON text", "3"));

    public static final Section FORMAT = new Section("format",
            key("type", Choice.of("csv", "jsonl", "json"), "csv", null,
                    "`jsonl`: one JSON object per line; `json`: one array of objects", "jsonl"),
            key("delimiter", new Char("one character (`\\t` for tab)"), ",", null,
                    "CSV field separator; any character, e.g. `§` or `¦`", "\";\""),
            key("quote", new Char("one character"), "\"", null,
                    "CSV quote character (any, e.g. `þ` as in Concordance load files); quoted fields may hold"
                            + " separators, quotes (doubled) and newlines", "\"'\""),
            key("header", new Flag(), true, null,
                    "whether the first CSV record names the columns (else `column_1`, `column_2`, …)", "false"),
            key("encoding", new Text("character set name"), "UTF-8", null,
                    "e.g. `ISO-8859-1`, `windows-1252`, `UTF-16`, `Shift_JIS`; a byte-order mark is skipped in any"
                            + " case. A byte-order mark of another set wins (a UTF-16 file under a spec that says"
                            + " UTF-8 is read as UTF-16). A set other than UTF-8, ASCII, `ISO-8859-*` and"
                            + " `windows-125*` (UTF-16, UTF-32, Shift_JIS, GBK...) is decoded as it is read, so a"
                            + " separator's byte inside another character is never taken for a separator",
                    "windows-1252"),
            key("null_values", new Texts("list of text"), null,
                    "pandas' defaults: " + DatasetSpec.DEFAULT_NULL_VALUES.stream()
                            .map(v -> v.isEmpty() ? "`\"\"`" : "`" + v + "`").collect(Collectors.joining(", ")),
                    "values that mean \"missing\", in every column. A spec that lists its own replaces the"
                            + " defaults (list `\"\"` too if an empty field is missing)",
                    "[\"\", \"NULL\", \"-\"]"),
            key("trim_null_values", new Flag(), true, null,
                    "compare a value with surrounding white space trimmed too (`\" NULL \"` is missing); `false`:"
                            + " only exactly as written", "false"),
            key("column_names", Choice.of(DatasetSpec.ColumnNames.class), "as_is", null,
                    "`snake_case` standardises header names first (`Lead Time`, `leadTime` → `lead_time`); the rest"
                            + " of the spec uses the standardised names", "snake_case"),
            key("flatten", new Mapping(FLATTEN), null, "objects flattened with `_`, 5 levels",
                    "how nested JSON objects become columns", "{separator: \"__\", max_depth: 3}"),
            key("unnest", new Texts("list of (flattened) field names"), null, null,
                    "JSON: each listed array gives one row per element, the record's other fields repeated; an"
                            + " element object is flattened under the array's name (`products_sku`); an empty array"
                            + " gives one row with those columns missing. Arrays not listed stay JSON text",
                    "[products]"));

    public static final Section FILL = new Section("columns.<column>.missing",
            key("fill", new Constant("constant (number, text or boolean)"), null, "required",
                    "the value a missing one becomes, converted to the column's type", "0"));

    public static final Section OUTLIERS = new Section("columns.<column>.outliers",
            key("method", Choice.of(DatasetSpec.OutlierMethod.class), null, "required",
                    "`iqr`: outside [Q1 − k·IQR, Q3 + k·IQR]; `z_score`: |x − mean| / sd > threshold (population"
                            + " sd); `modified_z_score`: 0.6745·|x − median| / MAD > threshold (Iglewicz and"
                            + " Hoaglin)", "iqr"),
            key("k", new Positive(), 1.5, null, "`iqr` only", "3"),
            key("threshold", new Positive(), null, "`3` (`z_score`), `3.5` (`modified_z_score`)",
                    "`z_score` and `modified_z_score` only", "4"),
            key("action", Choice.of(DatasetSpec.OutlierAction.class), "flag", null,
                    "`remove` drops the row (`outlier:<column>`); `clamp` sets the value to the nearer bound"
                            + " (winsorizing; rounded inwards for whole numbers); `flag` adds a boolean column;"
                            + " `set_null` makes the value missing", "clamp"),
            key("flag_column", new Text("text"), null, "`<column>_outlier`",
                    "`flag` only: the added column's name", "odd_lead_time"));

    public static final Section COLUMN_RULES = new Section("columns.<column>",
            key("type", new TypeName(), "string", null,
                    "a value that does not convert rejects the row (`type`). `json`: nested JSON (an object, array"
                            + " or any JSON value; a JSON file's nested field, or JSON text in a CSV field), kept"
                            + " compact with every digit; a JSON value in JSON Lines, a map or list in DynamoDB, its"
                            + " text in CSV", "\"decimal(10,2)\""),
            key("format", new Texts("pattern or list of patterns"), null, "ISO-8601",
                    "`date` / `timestamp` input formats, tried in order: Java `DateTimeFormatter` patterns"
                            + " (`\"M/d/yyyy\"`, `\"dd/MM/yyyy HH:mm\"`), `iso`, and for timestamps"
                            + " `epoch_seconds`, `epoch_millis`. Parsing is strict: `2024-02-30` is an error",
                    "[iso, \"M/d/yyyy\"]"),
            key("timezone", new Text("zone id"), "UTC", null,
                    "a timestamp without offset is in this zone; output is always ISO-8601 UTC"
                            + " (`2024-03-01T09:30:00Z`)", "Europe/Lisbon"),
            key("rename", new Text("text"), null, null, "the column's output name", "booked_at"),
            key("trim", new Flag(), null, "`false` for `string`, `true` otherwise",
                    "remove leading and trailing white space", "true"),
            key("case", Choice.of(DatasetSpec.TextCase.class), "as_is", null, "text columns only", "lower"),
            key("remove", new Text("characters"), "", null,
                    "these characters are taken out of the text (after trim and case, before `pattern` and the"
                            + " type): currency signs, thousands separators, units", "\"$,\""),
            key("required", new Flag(), false, null, "a missing value rejects the row (`required`)", "true"),
            key("pattern", new Text("regular expression"), null, null,
                    "the value (after trim and case) must match it entirely, else the row is rejected (`pattern`)",
                    "\"[^@\\\\s]+@[^@\\\\s]+\""),
            key("missing", new Either("`drop`, `mean`, `median`, `mode`, `last_valid`, or `{fill: value}`",
                            List.of(Choice.of("drop", "mean", "median", "mode", "last_valid"), new Mapping(FILL))),
                    null, "keep missing", "what a missing value becomes ([below](#missing-values-columnscolumnmissing))",
                    "median"),
            key("outliers", new Mapping(OUTLIERS), null, null,
                    "numeric columns: `{method, k or threshold, action, flag_column}`"
                            + " ([below](#outliers-columnscolumnoutliers))", "{method: iqr, action: clamp}"));

    public static final Section ROWS = new Section("rows",
            key("drop_when", new MapOf("<rule>", new Expression()), null, null,
                    "drop the rows for which the expression is true; counted as `<rule>`",
                    "{no_guests: \"adults == 0 && children == 0\"}"),
            key("keep_when", new MapOf("<rule>", new Expression()), null, null,
                    "keep only the rows for which the expression is true; the others are counted as `<rule>`",
                    "{adult: \"age >= 18\"}"));

    public static final Section DERIVED = new Section("derive.<column>",
            key("expr", new Expression(), null, "required", "the expression", "\"adults + (children ?? 0)\""),
            key("type", new TypeName(), null, "the result's kind",
                    "converts the result (else numbers, booleans, dates and text keep their kind)", "int"));

    public static final Section DUPLICATES = new Section("duplicates",
            key("columns", new Texts("list of " + COLUMN + "s"), null, "all columns",
                    "rows with equal values in these columns are duplicates", "[id]"),
            key("keep", Choice.of("first", "last"), "first", null,
                    "which of the duplicates stays: the first in the file or the last", "last"));

    public static final Section CSV = new Section("output.csv");

    public static final Section JSONL = new Section("output.jsonl");

    public static final Section PARQUET = new Section("output.parquet",
            key("partition_by", new Texts("list of " + COLUMN + "s"), null, null,
                    "Hive-style partition folders, in this order: `partition_by: [hotel, arrival_date_year]` →"
                            + " `hotel=City Hotel/arrival_date_year=2016/`. The partition columns are in the folder"
                            + " names, not in the files. A column the outputs lack fails the file",
                    "[hotel, arrival_date_year]"),
            key("compression", Choice.of("snappy", "zstd", "gzip", "none"), "snappy", null,
                    "the page codec (pure Java: aircompressor's Snappy and Zstandard, the JDK's gzip)", "zstd"),
            key("row_group_mb", new Whole(1, 1024), 32, null,
                    "the size at which a row group is cut (MB of encoded data)", "64"),
            key("max_partitions", new Whole(1, Integer.MAX_VALUE), 500, "`500` (as Firehose's dynamic partitioning)",
                    "partitions one raw file may write; a file with more fails, naming the columns and how many"
                            + " values each had; nothing of it is published", "2000"),
            key("file_name", new Text("text with `{stem}`, `{version}`, `{cleaned_at}`"), "{stem}-{version}", null,
                    "the files' name before `.parquet`: `{stem}` is the raw file's name without extension,"
                            + " `{version}` the first 8 hex digits of the raw object's ETag, `{cleaned_at}` the"
                            + " clean's UTC time (`20261203T194507Z`). Whatever the name, a new clean replaces the"
                            + " files of the earlier ones ([lineage](#lineage))", "\"{stem}-{cleaned_at}\""));

    public static final Section DYNAMODB = new Section("output.dynamodb",
            key("table", new Text("text"), null, "`tributary.table-prefix` + name with `_` → `-`",
                    "the DynamoDB table of the clean rows", "hotel-bookings"),
            key("partition_key", new Text(COLUMN), null, null,
                    "the table's partition key; without it each item's key is `row_id` = `<raw key>#<line>`, unique"
                            + " per row (`#<line>-<n>` for the n-th record that starts on the same line, then"
                            + " `.<n>` for the rows of an unnested array). With it, rows with the same key are"
                            + " upserts: the later row wins, and the summary says how many rows shared a key",
                    "id"),
            key("sort_key", new Text(COLUMN), null, null, "the table's sort key (needs `partition_key`)",
                    "updated_at"));

    public static final Section WAREHOUSE = new Section("output.warehouse",
            key("table", new Text("text"), null, "the dataset's name",
                    "the warehouse table (in `tributary.warehouse.schema`), created from the clean types when"
                            + " missing", "hotel_bookings"),
            key("mode", Choice.of("upsert", "append"), null, "`upsert` when there is a key, else `append`",
                    "`upsert`: a file's rows replace the table's rows with the same key (the last row of a key"
                            + " wins); `append`: every row is added", "append"),
            key("key", new Texts("list of " + COLUMN + "s"), null,
                    "`duplicates.columns`, else `output.dynamodb`'s keys",
                    "the key columns of an upsert", "[id]"),
            key("from", Choice.of("clean", "changes"), "clean", null,
                    "`clean`: each clean file's rows, staged as CSV under `tributary.warehouse.staging-prefix`;"
                            + " `changes`: the table mirrors the dataset's DynamoDB table from its change stream's"
                            + " archive (INSERT and MODIFY upsert, REMOVE deletes, in stream order per key)",
                    "changes"));

    /** The sinks a spec can declare under {@code output}, in the order they run. */
    public static final List<Section> SINKS = List.of(CSV, JSONL, PARQUET, DYNAMODB, WAREHOUSE);

    /** The sinks a spec that names none writes to (the warehouse only when it is named). */
    public static final List<Section> DEFAULT_SINKS = List.of(CSV, JSONL, PARQUET, DYNAMODB);

    public static final Section OUTPUT;

    static {
        List<Key> keys = new ArrayList<>();
        keys.add(key("columns", new Texts("list of columns"), null, "all: file columns, flag columns, derived columns",
                "which columns the outputs have, in this order", "[id, name, email]"));
        for (Section sink : SINKS) {
            String name = sink.path().substring("output.".length());
            Shape options = new Either("`true`, `false`, or a mapping of its options",
                    List.of(new Flag(), new Mapping(sink)));
            keys.add(key(name, options, null, DEFAULT_SINKS.contains(sink) ? "on when the spec names no sink"
                    : "off unless named",
                    "the `" + name + "` sink ([below](#output-where-the-clean-rows-go))",
                    sink.keys().isEmpty() ? "true" : "{" + sink.keys().get(0).name() + ": "
                            + sink.keys().get(0).example() + "}"));
        }
        OUTPUT = new Section("output", keys.toArray(Key[]::new));
    }

    public static final Section API_KEY = new Section("api.api_key",
            key("env", new Text("environment variable or setting name"), null, null,
                    "the key is this environment variable's (or setting's) value: in local and container mode,"
                            + " and in AWS mode when neither `ssm` nor `secret` is set", "FLOWERS_API_KEY"),
            key("ssm", new Text("parameter name"), null, null,
                    "AWS mode: the key is this SSM Parameter Store parameter (decrypted)", "/tributary/flowers-api-key"),
            key("secret", new Text("secret id"), null, null,
                    "AWS mode: the key is this Secrets Manager secret's string", "tributary/flowers-api-key"),
            key("header", new Text("header name"), null, "`X-Api-Key` unless `param` is set",
                    "sent in this request header", "Authorization"),
            key("param", new Text("query parameter name"), null, null,
                    "sent as this query parameter instead of a header (never logged, never in object metadata)",
                    "api_key"),
            key("prefix", new Text("text"), "", "empty", "put before the key", "\"Bearer \""));

    public static final Section PAGINATION = new Section("api.pagination",
            key("type", Choice.of("none", "page", "offset", "cursor", "link"), "none", null,
                    "`page`: page numbers; `offset`: record offsets; `cursor`: the next page's cursor is in the"
                            + " body; `link`: the next page's URL is the `Link` header's `rel=\"next\"`. Reading"
                            + " stops at an empty page, a page shorter than `size` (page, offset), or no next"
                            + " cursor or link", "page"),
            key("size", new Whole(1, 100_000), 100, null, "records asked for per page", "500"),
            key("size_param", new Text("query parameter name"), "per_page", null, "the page size's parameter",
                    "limit"),
            key("page_param", new Text("query parameter name"), "page", null, "`page`: the page number's parameter",
                    "p"),
            key("first_page", new Whole(0, 1), 1, null, "`page`: the first page's number", "0"),
            key("offset_param", new Text("query parameter name"), "offset", null, "`offset`: the offset's parameter",
                    "start"),
            key("cursor_path", new Text("JSON pointer"), "/next_cursor", null,
                    "`cursor`: where the body holds the next page's cursor (missing or null: the last page)",
                    "/meta/next"),
            key("cursor_param", new Text("query parameter name"), "cursor", null,
                    "`cursor`: the cursor's parameter", "after"));

    public static final Section INCREMENTAL = new Section("api.incremental",
            key("cursor_field", new Text("record field"), null, "required",
                    "the field of each record that grows as records are created or changed (a timestamp such as"
                            + " `updated_at`, or an id); the largest value taken is kept in the state table",
                    "updated_at"),
            key("param", new Text("query parameter name"), null, "required",
                    "the parameter the next run asks from: it sends the largest value taken so far", "updated_since"),
            key("initial", new Text("text"), null, "none: the first run asks for everything",
                    "the value the first run sends", "\"2024-01-01T00:00:00Z\""),
            key("primary_key", new Text("record field"), null, "none",
                    "a record at the boundary (its cursor equal to the largest taken) whose key was taken by the"
                            + " last run is dropped, so an API that answers `>=` gives nothing twice", "id"));

    public static final Section API = new Section("api",
            key("url", new Text("URL, with `${NAME}` or `${NAME:default}` placeholders"), null, "required",
                    "the API's base URL. `${NAME}` is a system property, environment variable or setting (a"
                            + " real API's URL in AWS, the local mock's in local mode)",
                    "\"${FLOWERS_API_URL:https://api.example.com}\""),
            key("path", new Text("path"), "", "empty", "appended to `url`", "/v1/flowers"),
            key("params", new MapOf("<parameter>", new Text("text")), null, null, "query parameters sent every time",
                    "{status: active}"),
            key("headers", new MapOf("<header>", new Text("text")), null, null, "request headers sent every time",
                    "{Accept: application/json}"),
            key("api_key", new Mapping(API_KEY), null, "none", "where the API key comes from and how it is sent",
                    "{env: FLOWERS_API_KEY, header: X-Api-Key}"),
            key("records", new Text("JSON pointer"), "", "the body itself (an array)",
                    "where the records are in each response", "/data"),
            key("pagination", new Mapping(PAGINATION), null, "none", "how the pages follow each other",
                    "{type: page, size: 100}"),
            key("incremental", new Mapping(INCREMENTAL), null, "none: every run reads everything",
                    "what each run asks from", "{cursor_field: updated_at, param: updated_since}"),
            key("schedule", new Text("cron: `minute hour day-of-month month day-of-week`, UTC"), "0 * * * *",
                    null, "when it runs (`*`, `a-b`, `a,b`, `*/n`; AWS's six-field `cron(0 * * * ? *)` too)",
                    "\"*/15 * * * *\""),
            key("timeout_seconds", new Whole(1, 900), 30, null, "a request's time limit", "60"),
            key("retries", new Whole(0, 20), 5, null,
                    "tries after a 429, a 5xx or a network error, with exponential backoff from one second"
                            + " (Retry-After when the API sends it)", "8"),
            key("max_pages", new Whole(1, Integer.MAX_VALUE), 1000, null,
                    "pages one run reads at most; the next run goes on from the cursor", "50"),
            key("max_records", new Whole(1, Integer.MAX_VALUE), 1_000_000, null, "records one run takes at most",
                    "10000"));

    public static final Section EXPORT = new Section("export",
            key("schedule", new Text("cron: `minute hour day-of-month month day-of-week`, UTC"), "0 * * * *", null,
                    "when it runs; each run exports what was cleaned since the last one", "\"30 * * * *\""),
            key("partition_by", new Texts("list of " + COLUMN + "s"), null, null,
                    "Hive-style partition folders of the export, in this order", "[color]"),
            key("key", new Texts("list of " + COLUMN + "s"), null,
                    "`duplicates.columns`, else the DynamoDB key, else none",
                    "a row changed twice between two exports is exported once, its latest version", "[id]"),
            key("compression", Choice.of("snappy", "zstd", "gzip", "none"), "snappy", null, "the page codec", "zstd"));

    public static final Section TOP = new Section("",
            key("name", new Text("text: `[a-z][a-z0-9_]*`"), null, "required",
                    "the dataset's name: lower case letters, digits, `_`. Names the `raw/`, `clean/`, `reports/`,"
                            + " `rejected/` folders and the default table", "hotel_bookings"),
            key("match", new Texts("glob or list of globs"), null, "required",
                    "file names this spec claims (matched on the file name only)", "\"hotel_bookings*.csv\""),
            key("format", new Mapping(FORMAT), null, "CSV with a header",
                    "how the raw file is read ([below](#format))", "{type: jsonl}"),
            key("columns", new MapOf("<column>", new Either("type name or mapping of rules",
                            List.of(new TypeName(), new Mapping(COLUMN_RULES)))), null, "every column is text",
                    "rules per column of the file ([below](#columnscolumn))", "{adults: int}"),
            key("rows", new Mapping(ROWS), null, null, "row rules (expressions)", "{drop_when: {no_guests: \"adults == 0\"}}"),
            key("derive", new MapOf("<column>", new Either("expression, or `{expr, type}`",
                            List.of(new Expression(), new Mapping(DERIVED)))), null, null,
                    "add a column computed from the row ([expressions](#expressions))",
                    "{total: \"adults + babies\"}"),
            key("duplicates", new Either("`exact`, `none`, or `{columns, keep}`",
                            List.of(Choice.of("exact", "none"), new Mapping(DUPLICATES))), "exact", null,
                    "`exact`: drop a row equal to an earlier one (all file columns, after types, fills and"
                            + " outliers); `none`: keep every row; `{columns: [a, b], keep: first|last}`: rows with"
                            + " equal values in these columns are duplicates, and the first (or the last) in the"
                            + " file stays", "{columns: [id], keep: last}"),
            key("output", new Mapping(OUTPUT), null, "every column, to the four sinks csv, jsonl, parquet and dynamodb",
                    "the columns and the sinks ([below](#output-where-the-clean-rows-go))", "{parquet: true}"),
            key("export", new Mapping(EXPORT), null, "none",
                    "a scheduled export of the rows cleaned since the last one, as Parquet"
                            + " ([docs/api-sources.md](api-sources.md#incremental-exports))", "{partition_by: [color]}"),
            key("api", new Mapping(API), null, "none",
                    "an HTTP JSON API this dataset is pulled from on a schedule ([docs/api-sources.md](api-sources.md))",
                    "{url: \"https://api.example.com\", path: /flowers}"));

    /** Every section, top level first, in the order the docs show them. */
    public static final List<Section> ALL = List.of(TOP, FORMAT, FLATTEN, COLUMN_RULES, FILL, OUTLIERS, ROWS, DERIVED,
            DUPLICATES, OUTPUT, CSV, JSONL, PARQUET, DYNAMODB, WAREHOUSE, API, API_KEY, PAGINATION, INCREMENTAL, EXPORT);
}
