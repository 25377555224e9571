package io.tributary.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.tributary.clean.DatasetSpec.Column;
import io.tributary.clean.DatasetSpec.ColumnNames;
import io.tributary.clean.DatasetSpec.Csv;
import io.tributary.clean.DatasetSpec.Decimal;
import io.tributary.clean.DatasetSpec.Derived;
import io.tributary.clean.DatasetSpec.DuplicateMode;
import io.tributary.clean.DatasetSpec.Duplicates;
import io.tributary.clean.DatasetSpec.DynamoDb;
import io.tributary.clean.DatasetSpec.Format;
import io.tributary.clean.DatasetSpec.JsonLines;
import io.tributary.clean.DatasetSpec.Missing;
import io.tributary.clean.DatasetSpec.MissingStrategy;
import io.tributary.clean.DatasetSpec.Nested;
import io.tributary.clean.DatasetSpec.OutlierAction;
import io.tributary.clean.DatasetSpec.OutlierMethod;
import io.tributary.clean.DatasetSpec.Outliers;
import io.tributary.clean.DatasetSpec.Output;
import io.tributary.clean.DatasetSpec.Parquet;
import io.tributary.clean.DatasetSpec.Rows;
import io.tributary.clean.DatasetSpec.SinkOptions;
import io.tributary.clean.DatasetSpec.TextCase;
import io.tributary.clean.SpecKeys.Choice;
import io.tributary.clean.SpecKeys.Key;
import io.tributary.clean.SpecKeys.Section;
import io.tributary.clean.SpecKeys.Whole;

import java.nio.charset.Charset;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a spec's YAML tree into a {@link DatasetSpec}, through the declarations of {@link SpecKeys}:
 * the keys a mapping may hold, their defaults, ranges and choices come from there. What is left
 * here is what a key's value becomes and the checks that involve more than one key. Every message
 * names the spec file and the key's path.
 */
final class SpecParser {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern DECIMAL_TYPE = Pattern.compile("(?i)decimal\\s*\\(\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*\\)");
    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    private final String source;
    private final String tablePrefix;

    SpecParser(String source, String tablePrefix) {
        this.source = source;
        this.tablePrefix = tablePrefix;
    }

    /** The defaults of a section's record, as an empty mapping gives them. */
    static Format defaultFormat() {
        return new SpecParser("(defaults)", "").format(null);
    }

    static Parquet defaultParquet() {
        SpecParser p = new SpecParser("(defaults)", "");
        return (Parquet) p.parquet(p.fields(EMPTY, "output.parquet", SpecKeys.PARQUET), "dataset");
    }

    DatasetSpec spec(JsonNode root) {
        Fields top = fields(root, "", SpecKeys.TOP);
        String name = top.text("name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw error("name", "must be set, lower case letters, digits and '_' (it names S3 folders and tables)");
        }
        List<String> match = top.texts("match");
        if (match.isEmpty()) {
            throw error("match", "needs at least one file-name glob, e.g. \"" + name + "*.csv\"");
        }
        Format format = format(root.get("format"));
        Map<String, Column> columns = columns(root.get("columns"));
        Rows rows = rows(root.get("rows"));
        Map<String, Derived> derive = derive(root.get("derive"));
        Duplicates duplicates = duplicates(root.get("duplicates"));
        Output output = output(root.get("output"), name, duplicates);
        return new DatasetSpec(name, match, format, columns, rows, derive, duplicates, output,
                export(root.get("export"), output, duplicates), api(root.get("api")), source);
    }

    private Format format(JsonNode node) {
        Fields f = fields(node == null || node.isNull() ? EMPTY : node, "format", SpecKeys.FORMAT);
        String type = f.choice("type");
        char delimiter = f.character("delimiter");
        char quote = f.character("quote");
        boolean header = f.bool("header");
        String encodingName = f.text("encoding");
        Charset encoding;
        try {
            encoding = Charset.forName(encodingName);
        } catch (IllegalArgumentException e) {
            throw error("format.encoding", "'" + encodingName + "' is not a character set Java knows "
                    + "(e.g. UTF-8, ISO-8859-1, windows-1252, UTF-16)");
        }
        Set<String> nulls = f.has("null_values") ? Set.copyOf(f.texts("null_values"))
                : Set.copyOf(DatasetSpec.DEFAULT_NULL_VALUES);
        boolean trimNulls = f.bool("trim_null_values");
        ColumnNames names = f.choice("column_names", ColumnNames.class);
        JsonNode flattenNode = f.get("flatten");
        Fields flatten = fields(flattenNode == null || flattenNode.isNull() ? EMPTY : flattenNode, "format.flatten",
                SpecKeys.FLATTEN);
        List<String> unnest = f.texts("unnest");
        if ((flattenNode != null || !unnest.isEmpty()) && type.equals("csv")) {
            throw error("format", "flatten and unnest apply to json and jsonl files only");
        }
        return new Format(type, delimiter, quote, header, encoding, nulls, trimNulls, names,
                new Nested(flatten.text("separator"), flatten.integer("max_depth"), List.copyOf(unnest)));
    }

    private Map<String, Column> columns(JsonNode node) {
        Map<String, Column> columns = new LinkedHashMap<>();
        forEachEntry(node, "columns", (name, value) -> columns.put(name, column("columns." + name, value)));
        return columns;
    }

    private Column column(String key, JsonNode value) {
        String typeKey = key + ".type";
        if (value.isTextual()) {
            typeKey = key;
            value = JsonNodeFactory.instance.objectNode().put("type", value.asText());
        } else if (!value.isObject()) {
            throw error(key, "expected a type name or a mapping ({type: ..., missing: ..., ...})");
        }
        Fields f = fields(value, key, SpecKeys.COLUMN_RULES);
        String typeName = f.text("type");
        ColumnType type = type(typeName, typeKey);
        Decimal decimal = decimal(typeName, typeKey);
        List<String> formats = f.texts("format");
        if (!formats.isEmpty() && type != ColumnType.DATE && type != ColumnType.TIMESTAMP) {
            throw error(key + ".format", "only date and timestamp columns take input formats");
        }
        for (String pattern : formats) {
            try {
                ValueParser.formatter(pattern);
            } catch (IllegalArgumentException iae) {
                throw error(key + ".format", "'" + pattern + "' is not a date/time pattern: " + iae.getMessage());
            }
        }
        ZoneId zone = ZoneOffset.UTC;
        if (f.has("timezone")) {
            String zoneName = f.text("timezone");
            if (type != ColumnType.TIMESTAMP) {
                throw error(key + ".timezone", "only timestamp columns take a time zone");
            }
            try {
                zone = ZoneId.of(zoneName);
            } catch (RuntimeException ex) {
                throw error(key + ".timezone", "'" + zoneName + "' is not a time zone (e.g. UTC, Europe/Lisbon)");
            }
        }
        String rename = f.text("rename");
        boolean trim = f.has("trim") ? f.bool("trim") : type != ColumnType.STRING;
        TextCase textCase = f.choice("case", TextCase.class);
        if (textCase != TextCase.AS_IS && type != ColumnType.STRING) {
            throw error(key + ".case", "applies to string columns only");
        }
        boolean required = f.bool("required");
        Pattern pattern = null;
        String regex = f.text("pattern");
        if (regex != null) {
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException pse) {
                throw error(key + ".pattern", "not a regular expression: " + pse.getDescription());
            }
        }
        Missing missing = missing(f.get("missing"), key + ".missing", type, formats);
        Outliers outliers = outliers(f.get("outliers"), key + ".outliers", type,
                rename != null ? rename : key.substring("columns.".length()));
        return new Column(rename, type, List.copyOf(formats), zone, trim, textCase, f.text("remove"), required,
                pattern, missing, outliers, decimal);
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
        Matcher m = DECIMAL_TYPE.matcher(name.trim());
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
            Fields f = fields(node, key, SpecKeys.FILL);
            JsonNode v = f.get("fill");
            if (v == null || v.isNull() || !v.isValueNode()) {
                throw error(key + ".fill", "expected a constant (number, text or boolean)");
            }
            try {
                return new Missing(MissingStrategy.FILL, new ValueParser(type, formats, ZoneOffset.UTC).parse(v.asText()));
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
        Fields f = fields(node, key, SpecKeys.OUTLIERS);
        if (!f.has("method")) {
            throw error(key + ".method", "is required");
        }
        OutlierMethod method = f.choice("method", OutlierMethod.class);
        double threshold;
        if (method == OutlierMethod.IQR) {
            if (f.has("threshold")) {
                throw error(key + ".threshold", "the IQR method takes k (default 1.5)");
            }
            threshold = f.number("k");
        } else {
            if (f.has("k")) {
                throw error(key + ".k", "k is for the IQR method; z-scores take threshold");
            }
            threshold = f.has("threshold") ? f.number("threshold") : method == OutlierMethod.Z_SCORE ? 3.0 : 3.5;
        }
        OutlierAction action = f.choice("action", OutlierAction.class);
        String flag = f.text("flag_column");
        if (flag != null && action != OutlierAction.FLAG) {
            throw error(key + ".flag_column", "only the flag action adds a column");
        }
        if (action == OutlierAction.FLAG && flag == null) {
            flag = column + "_outlier";
        }
        return new Outliers(method, threshold, action, flag);
    }

    private Rows rows(JsonNode node) {
        if (node == null || node.isNull()) {
            return new Rows(Map.of(), Map.of());
        }
        Fields f = fields(node, "rows", SpecKeys.ROWS);
        return new Rows(predicates(f.get("drop_when"), "rows.drop_when"),
                predicates(f.get("keep_when"), "rows.keep_when"));
    }

    private Map<String, String> predicates(JsonNode node, String key) {
        Map<String, String> rules = new LinkedHashMap<>();
        forEachEntry(node, key, (name, value) -> {
            if (!value.isTextual()) {
                throw error(key + "." + name, "expected an expression");
            }
            rules.put(name, value.textValue());
        });
        return rules;
    }

    private Map<String, Derived> derive(JsonNode node) {
        Map<String, Derived> derive = new LinkedHashMap<>();
        forEachEntry(node, "derive", (name, v) -> {
            String key = "derive." + name;
            if (v.isTextual()) {
                derive.put(name, new Derived(v.textValue(), null, null));
            } else if (v.isObject()) {
                Fields f = fields(v, key, SpecKeys.DERIVED);
                String expr = f.text("expr");
                if (expr == null) {
                    throw error(key + ".expr", "is required");
                }
                String type = f.text("type");
                derive.put(name, new Derived(expr, type == null ? null : type(type, key + ".type"),
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
                case "none" -> new Duplicates(DuplicateMode.NONE, List.of(), false);
                default -> throw error("duplicates", "'" + v + "' is not one of exact, none, or "
                        + "{columns: [...], keep: first|last}");
            };
        }
        Fields f = fields(node, "duplicates", SpecKeys.DUPLICATES);
        List<String> columns = f.texts("columns");
        boolean last = f.choice("keep").equals("last");
        return new Duplicates(columns.isEmpty() ? DuplicateMode.EXACT : DuplicateMode.KEY, List.copyOf(columns), last);
    }

    /**
     * {@code output}: the columns, and the sinks. A spec that names no sink writes to all of them
     * with their defaults; one that names some writes to those ({@code true} or {@code {}} for the
     * defaults, {@code false} for off).
     */
    private Output output(JsonNode node, String name, Duplicates duplicates) {
        Fields f = fields(node == null || node.isNull() ? EMPTY : node, "output", SpecKeys.OUTPUT);
        List<String> columns = f.texts("columns");
        boolean any = SpecKeys.SINKS.stream().anyMatch(s -> f.has(sinkKey(s)));
        Map<String, SinkOptions> sinks = new LinkedHashMap<>();
        for (Section sink : SpecKeys.SINKS) {
            String key = sinkKey(sink);
            JsonNode options = any ? f.get(key) : SpecKeys.DEFAULT_SINKS.contains(sink) ? EMPTY : null;
            if (options == null || options.isNull() || (options.isBoolean() && !options.booleanValue())) {
                continue;
            }
            if (options.isBoolean()) {
                options = EMPTY;
            } else if (!options.isObject()) {
                throw error("output." + key, "expected true, false or a mapping of its options");
            }
            Fields o = fields(options, sink.path(), sink);
            sinks.put(key, switch (key) {
                case "csv" -> new Csv();
                case "jsonl" -> new JsonLines();
                case "parquet" -> parquet(o, name);
                case "dynamodb" -> dynamodb(o, name);
                case "warehouse" -> warehouse(o, name, duplicates, sinks.get("dynamodb") instanceof DynamoDb d ? d : null);
                default -> throw new IllegalStateException("no parser for the sink " + key);
            });
        }
        return new Output(List.copyOf(columns), sinks);
    }

    /**
     * {@code export}: the scheduled export, or null. It reads the clean JSON Lines of the files
     * cleaned since the last export and types them as the lake's table, so the spec must write both.
     */
    private DatasetSpec.Export export(JsonNode node, Output output, Duplicates duplicates) {
        if (node == null || node.isNull()) {
            return null;
        }
        Fields f = fields(node, "export", SpecKeys.EXPORT);
        if (!output.sinks().containsKey("jsonl") || !output.sinks().containsKey("parquet")) {
            throw error("export", "needs output.jsonl (it reads the clean JSON Lines) and output.parquet (the lake's"
                    + " table gives the types)");
        }
        List<String> key = f.texts("key");
        if (key.isEmpty() && !duplicates.columns().isEmpty()) {
            key = duplicates.columns();
        } else if (key.isEmpty() && output.sinks().get("dynamodb") instanceof DynamoDb d && d.partitionKey() != null) {
            key = d.sortKey() == null ? List.of(d.partitionKey()) : List.of(d.partitionKey(), d.sortKey());
        }
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(f.text("schedule"));
        } catch (IllegalArgumentException e) {
            throw error("export.schedule", e.getMessage());
        }
        return new DatasetSpec.Export(schedule, List.copyOf(f.texts("partition_by")), List.copyOf(key),
                f.choice("compression"));
    }

    /** {@code api}: the API the dataset is pulled from, or null. */
    private DatasetSpec.Api api(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Fields f = fields(node, "api", SpecKeys.API);
        String url = f.text("url");
        if (url == null || url.isBlank()) {
            throw error("api.url", "is required: the API's base URL");
        }
        String records = pointer(f.text("records"), "api.records");
        DatasetSpec.ApiKey apiKey = null;
        if (f.has("api_key")) {
            Fields k = fields(f.get("api_key"), "api.api_key", SpecKeys.API_KEY);
            if (k.text("env") == null && k.text("ssm") == null && k.text("secret") == null) {
                throw error("api.api_key", "names no source of the key: env, ssm or secret");
            }
            String param = k.text("param");
            String header = k.text("header");
            if (param != null && header != null) {
                throw error("api.api_key", "sends the key either in a header or as a parameter, not both");
            }
            apiKey = new DatasetSpec.ApiKey(k.text("env"), k.text("ssm"), k.text("secret"),
                    param == null && header == null ? "X-Api-Key" : header, param, k.text("prefix"));
        }
        Fields p = fields(f.has("pagination") ? f.get("pagination") : EMPTY, "api.pagination", SpecKeys.PAGINATION);
        DatasetSpec.Pagination pagination = new DatasetSpec.Pagination(p.choice("type", DatasetSpec.PageType.class),
                p.integer("size"), p.text("size_param"), p.text("page_param"), p.integer("first_page"),
                p.text("offset_param"), pointer(p.text("cursor_path"), "api.pagination.cursor_path"),
                p.text("cursor_param"));
        DatasetSpec.Incremental incremental = null;
        if (f.has("incremental")) {
            Fields i = fields(f.get("incremental"), "api.incremental", SpecKeys.INCREMENTAL);
            if (i.text("cursor_field") == null || i.text("param") == null) {
                throw error("api.incremental", "needs cursor_field (the records' field) and param (the query"
                        + " parameter the next run sends it in)");
            }
            incremental = new DatasetSpec.Incremental(i.text("cursor_field"), i.text("param"), i.text("initial"),
                    i.text("primary_key"));
        }
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(f.text("schedule"));
        } catch (IllegalArgumentException e) {
            throw error("api.schedule", e.getMessage());
        }
        return new DatasetSpec.Api(url, f.text("path"), textMap(f.get("params"), "api.params"),
                textMap(f.get("headers"), "api.headers"), apiKey, records, pagination, incremental, schedule,
                f.integer("timeout_seconds"), f.integer("retries"), f.integer("max_pages"), f.integer("max_records"));
    }

    private String pointer(String value, String key) {
        try {
            com.fasterxml.jackson.core.JsonPointer.compile(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw error(key, "'" + value + "' is not a JSON pointer (\"\" for the whole body, or /a/b)");
        }
    }

    private Map<String, String> textMap(JsonNode node, String key) {
        Map<String, String> map = new LinkedHashMap<>();
        forEachEntry(node, key, (name, value) -> {
            if (!value.isValueNode() || value.isNull()) {
                throw error(key + "." + name, "expected a text");
            }
            map.put(name, value.asText());
        });
        return java.util.Collections.unmodifiableMap(map);
    }

    private static String sinkKey(Section sink) {
        return sink.path().substring("output.".length());
    }

    private SinkOptions parquet(Fields f, String dataset) {
        List<String> partitionBy = f.texts("partition_by");
        if (partitionBy.size() != Set.copyOf(partitionBy).size()) {
            throw error("output.parquet.partition_by", "names a column twice");
        }
        String fileName = f.text("file_name");
        String unknown = fileName.replaceAll("\\{(stem|version|cleaned_at)}", "");
        if (unknown.contains("{") || unknown.contains("}") || unknown.contains("/") || fileName.isBlank()) {
            throw error("output.parquet.file_name", "'" + fileName + "': a name (no '/') made of text and"
                    + " {stem}, {version}, {cleaned_at}");
        }
        return new Parquet(List.copyOf(partitionBy), f.choice("compression"), f.integer("row_group_mb"),
                f.integer("max_partitions"), fileName);
    }

    /**
     * {@code output.warehouse}, its mode and key resolved: a mirror of the changes needs the DynamoDB
     * table's key; an upsert needs a key (declared, the duplicates', or the DynamoDB table's).
     */
    private SinkOptions warehouse(Fields f, String dataset, Duplicates duplicates, DynamoDb dynamodb) {
        String table = f.text("table");
        if (table != null && !table.matches("[A-Za-z_][A-Za-z0-9_$]{0,126}")) {
            throw error("output.warehouse.table", "'" + table + "' is not a table name (letters, digits, _ and $,"
                    + " not starting with a digit, at most 127)");
        }
        boolean fromChanges = "changes".equals(f.choice("from"));
        String mode = f.text("mode") == null ? null : f.choice("mode");
        List<String> key = List.copyOf(f.texts("key"));
        boolean dynamoKeyed = dynamodb != null && dynamodb.partitionKey() != null;
        if (fromChanges) {
            if (mode != null || !key.isEmpty()) {
                throw error("output.warehouse." + (mode != null ? "mode" : "key"), "a table mirroring the changes is"
                        + " kept equal to the DynamoDB table: it has that table's key and no mode");
            }
            if (!dynamoKeyed) {
                throw error("output.warehouse.from", "changes: mirrors the dataset's DynamoDB table, so it needs"
                        + " output.dynamodb with a partition_key");
            }
        }
        boolean keyed = !key.isEmpty() || duplicates.mode() == DatasetSpec.DuplicateMode.KEY || dynamoKeyed;
        if ("upsert".equals(mode) && !keyed) {
            throw error("output.warehouse.mode", "upsert needs a key: output.warehouse.key, duplicates.columns or"
                    + " output.dynamodb.partition_key");
        }
        boolean append = !fromChanges && ("append".equals(mode) || mode == null && !keyed);
        return new DatasetSpec.Warehouse(table != null ? table : dataset, append, key, fromChanges);
    }

    private SinkOptions dynamodb(Fields f, String dataset) {
        String partition = f.text("partition_key");
        String sort = f.text("sort_key");
        if (sort != null && partition == null) {
            throw error("output.dynamodb.sort_key", "needs output.dynamodb.partition_key too");
        }
        String table = f.text("table");
        return new DynamoDb(table != null ? table : tablePrefix + dataset.replace('_', '-'), partition, sort);
    }

    private void forEachEntry(JsonNode node, String key, java.util.function.BiConsumer<String, JsonNode> each) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw error(key, "expected a mapping");
        }
        node.fields().forEachRemaining(e -> each.accept(e.getKey(), e.getValue()));
    }

    private Fields fields(JsonNode node, String path, Section section) {
        return new Fields(node, path, section, this);
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, String value, String key) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        String chosen = choose(names, value, key);
        return Enum.valueOf(type, chosen.toUpperCase(Locale.ROOT));
    }

    /** The one of {@code values} that {@code value} names (any case; {@code -} for {@code _}). */
    private String choose(List<String> values, String value, String key) {
        if (value == null) {
            throw error(key, "is required");
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (String v : values) {
            if (v.equals(wanted)) {
                return v;
            }
        }
        throw error(key, "'" + value + "' is not one of " + String.join(", ", values));
    }

    private SpecException error(String key, String message) {
        return new SpecException(source + ": " + key + ": " + message);
    }

    /**
     * One mapping of the spec read through its {@link Section}: unknown keys are refused when it is
     * made; each accessor gives the value or the declared default, checked against the declared shape.
     */
    private static final class Fields {
        private final JsonNode node;
        private final String path;
        private final Section section;
        private final SpecParser parser;

        Fields(JsonNode node, String path, Section section, SpecParser parser) {
            this.node = node;
            this.path = path;
            this.section = section;
            this.parser = parser;
            String where = path.isEmpty() ? "(top level)" : path;
            if (!node.isObject()) {
                throw parser.error(where, "expected a mapping");
            }
            List<String> allowed = section.names();
            node.fieldNames().forEachRemaining(k -> {
                if (!allowed.contains(k)) {
                    throw parser.error(keyPath(k), "unknown key (" + (allowed.isEmpty() ? "this sink has no options"
                            : "allowed here: " + String.join(", ", allowed)) + ")");
                }
            });
        }

        private String keyPath(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        boolean has(String name) {
            section.key(name);
            JsonNode v = node.get(name);
            return v != null && !v.isNull();
        }

        JsonNode get(String name) {
            section.key(name);
            return node.get(name);
        }

        private <T> T value(String name, BiFunction<JsonNode, String, T> read) {
            Key key = section.key(name);
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                @SuppressWarnings("unchecked")
                T dflt = (T) key.value();
                return dflt;
            }
            return read.apply(v, keyPath(name));
        }

        String text(String name) {
            return value(name, (v, key) -> {
                if (!v.isValueNode()) {
                    throw parser.error(key, "expected a single value");
                }
                return v.asText();
            });
        }

        char character(String name) {
            String v = text(name);
            if (v.equals("\\t")) {
                return '\t';
            }
            if (v.length() != 1) {
                throw parser.error(keyPath(name), "expected one character, got '" + v + "'");
            }
            return v.charAt(0);
        }

        boolean bool(String name) {
            return value(name, (v, key) -> {
                if (!v.isBoolean()) {
                    throw parser.error(key, "expected true or false");
                }
                return v.booleanValue();
            });
        }

        int integer(String name) {
            Whole range = (Whole) section.key(name).shape();
            return value(name, (v, key) -> {
                if (!v.isIntegralNumber()) {
                    throw parser.error(key, "expected a whole number");
                }
                int i = v.intValue();
                if (i < range.min() || i > range.max()) {
                    throw parser.error(key, "must be " + (range.max() == Integer.MAX_VALUE ? "at least " + range.min()
                            : range.min() + " to " + range.max()));
                }
                return i;
            });
        }

        double number(String name) {
            return ((Number) value(name, (v, key) -> {
                if (!v.isNumber()) {
                    throw parser.error(key, "expected a number");
                }
                if (!(v.doubleValue() > 0)) {
                    throw parser.error(key, "must be above 0");
                }
                return v.doubleValue();
            })).doubleValue();
        }

        /** The chosen word, as the declaration spells it. */
        String choice(String name) {
            Choice choice = (Choice) section.key(name).shape();
            String v = text(name);
            return parser.choose(choice.values(), v, keyPath(name));
        }

        <E extends Enum<E>> E choice(String name, Class<E> type) {
            return Enum.valueOf(type, choice(name).toUpperCase(Locale.ROOT));
        }

        /** One value or a list of values, as text (a null in a list is the empty text). */
        List<String> texts(String name) {
            section.key(name);
            JsonNode v = node.get(name);
            String key = keyPath(name);
            List<String> list = new ArrayList<>();
            if (v == null || v.isNull()) {
                return list;
            }
            if (v.isValueNode()) {
                list.add(v.asText());
                return list;
            }
            if (!v.isArray()) {
                throw parser.error(key, "expected a list");
            }
            v.forEach(e -> {
                if (!e.isValueNode()) {
                    throw parser.error(key, "expected a list of values");
                }
                list.add(e.isNull() ? "" : e.asText());
            });
            return list;
        }
    }
}
