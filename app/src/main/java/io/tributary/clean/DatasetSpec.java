package io.tributary.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
        Map<String, Object> fill,
        Map<String, String> dropWhen,
        Map<String, Derived> derive,
        Duplicates duplicates,
        DynamoDb dynamodb,
        String source) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** How the raw file is read. */
    public record Format(String type, char delimiter, char quote, boolean header, Set<String> nullValues) {
        public static Format defaults() {
            return new Format("csv", ',', '"', true, Set.of(""));
        }
    }

    /** A declared column: its type and, for dates, the input pattern. */
    public record Column(ColumnType type, DateTimeFormatter dateFormat, String dateFormatText) {
    }

    /** A derived column: an expression over the row and the type its result is stored as. */
    public record Derived(String expression, ColumnType type) {
    }

    /** Which rows count as duplicates of an earlier row. */
    public enum Duplicates { NONE, EXACT }

    /** Where clean rows land in DynamoDB: the table and the key columns (none: a stable row id). */
    public record DynamoDb(String table, String partitionKey, String sortKey) {
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

    private static final class Parser {
        private final String source;
        private final String tablePrefix;

        Parser(String source, String tablePrefix) {
            this.source = source;
            this.tablePrefix = tablePrefix;
        }

        DatasetSpec spec(JsonNode root) {
            allowOnly(root, "", "name", "match", "format", "columns", "missing", "rows", "derive", "duplicates",
                    "dynamodb");
            String name = text(root, "name", null);
            if (name == null || !NAME.matcher(name).matches()) {
                throw error("name", "must be set, lower case letters, digits and '_' (it names S3 folders and tables)");
            }
            List<String> match = stringList(root.get("match"), "match");
            if (match.isEmpty()) {
                throw error("match", "needs at least one file-name glob, e.g. \"" + name + "*.csv\"");
            }
            Format format = format(root.get("format"));
            Map<String, Column> columns = columns(root.get("columns"));
            Map<String, Object> fill = fill(root.get("missing"));
            Map<String, String> dropWhen = dropWhen(root.get("rows"));
            Map<String, Derived> derive = derive(root.get("derive"));
            Duplicates duplicates = duplicates(root.get("duplicates"));
            DynamoDb dynamodb = dynamodb(root.get("dynamodb"), name);
            return new DatasetSpec(name, match, format, columns, fill, dropWhen, derive, duplicates, dynamodb, source);
        }

        private Format format(JsonNode node) {
            Format d = Format.defaults();
            if (node == null || node.isNull()) {
                return d;
            }
            allowOnly(node, "format.", "type", "delimiter", "quote", "header", "null_values");
            String type = text(node, "type", d.type()).toLowerCase(Locale.ROOT);
            if (!Set.of("csv", "jsonl", "json").contains(type)) {
                throw error("format.type", "'" + type + "' is not one of csv, jsonl, json");
            }
            char delimiter = singleChar(node, "delimiter", d.delimiter());
            char quote = singleChar(node, "quote", d.quote());
            boolean header = node.has("header") ? bool(node.get("header"), "format.header") : d.header();
            Set<String> nulls = node.has("null_values")
                    ? Set.copyOf(stringList(node.get("null_values"), "format.null_values"))
                    : d.nullValues();
            return new Format(type, delimiter, quote, header, nulls);
        }

        private Map<String, Column> columns(JsonNode node) {
            Map<String, Column> columns = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return columns;
            }
            requireObject(node, "columns");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = "columns." + e.getKey();
                JsonNode value = e.getValue();
                ColumnType type;
                String pattern = null;
                try {
                    if (value.isTextual()) {
                        type = ColumnType.of(value.asText());
                    } else if (value.isObject()) {
                        allowOnly(value, key + ".", "type", "format");
                        type = ColumnType.of(text(value, "type", "string"));
                        pattern = text(value, "format", null);
                    } else {
                        throw error(key, "expected a type name or {type: ..., format: ...}");
                    }
                } catch (SpecException se) {
                    if (se.getMessage().startsWith(source)) {
                        throw se;
                    }
                    throw error(key, se.getMessage());
                }
                DateTimeFormatter formatter = null;
                if (pattern != null) {
                    if (type != ColumnType.DATE) {
                        throw error(key + ".format", "only date columns take an input format");
                    }
                    try {
                        formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
                    } catch (IllegalArgumentException iae) {
                        throw error(key + ".format", "'" + pattern + "' is not a date pattern: " + iae.getMessage());
                    }
                }
                columns.put(e.getKey(), new Column(type, formatter, pattern));
            }
            return columns;
        }

        private Map<String, Object> fill(JsonNode missing) {
            Map<String, Object> fill = new LinkedHashMap<>();
            if (missing == null || missing.isNull()) {
                return fill;
            }
            allowOnly(missing, "missing.", "fill");
            JsonNode node = missing.get("fill");
            if (node == null || node.isNull()) {
                return fill;
            }
            requireObject(node, "missing.fill");
            node.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                Object value;
                if (v.isIntegralNumber()) {
                    value = v.longValue();
                } else if (v.isNumber()) {
                    value = v.doubleValue();
                } else if (v.isBoolean()) {
                    value = v.booleanValue();
                } else if (v.isTextual()) {
                    value = v.textValue();
                } else {
                    throw error("missing.fill." + e.getKey(), "expected a constant (number, text or boolean)");
                }
                fill.put(e.getKey(), value);
            });
            return fill;
        }

        private Map<String, String> dropWhen(JsonNode rows) {
            Map<String, String> drop = new LinkedHashMap<>();
            if (rows == null || rows.isNull()) {
                return drop;
            }
            allowOnly(rows, "rows.", "drop_when");
            JsonNode node = rows.get("drop_when");
            if (node == null || node.isNull()) {
                return drop;
            }
            requireObject(node, "rows.drop_when");
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw error("rows.drop_when." + e.getKey(), "expected an expression");
                }
                drop.put(e.getKey(), e.getValue().textValue());
            });
            return drop;
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
                    derive.put(e.getKey(), new Derived(v.textValue(), null));
                } else if (v.isObject()) {
                    allowOnly(v, key + ".", "expr", "type");
                    String expr = text(v, "expr", null);
                    if (expr == null) {
                        throw error(key + ".expr", "is required");
                    }
                    String type = text(v, "type", null);
                    derive.put(e.getKey(), new Derived(expr, type == null ? null : ColumnType.of(type)));
                } else {
                    throw error(key, "expected an expression or {expr: ..., type: ...}");
                }
            });
            return derive;
        }

        private Duplicates duplicates(JsonNode node) {
            if (node == null || node.isNull()) {
                return Duplicates.EXACT;
            }
            String v = node.asText().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "exact" -> Duplicates.EXACT;
                case "none", "keep" -> Duplicates.NONE;
                default -> throw error("duplicates", "'" + v + "' is not one of exact, none");
            };
        }

        private DynamoDb dynamodb(JsonNode node, String name) {
            String table = tablePrefix + name.replace('_', '-');
            if (node == null || node.isNull()) {
                return new DynamoDb(table, null, null);
            }
            allowOnly(node, "dynamodb.", "table", "partition_key", "sort_key");
            String partition = text(node, "partition_key", null);
            String sort = text(node, "sort_key", null);
            if (sort != null && partition == null) {
                throw error("dynamodb.sort_key", "needs dynamodb.partition_key too");
            }
            return new DynamoDb(text(node, "table", table), partition, sort);
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

        private String text(JsonNode node, String key, String dflt) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isValueNode()) {
                throw error(key, "expected a single value");
            }
            return v.asText();
        }

        private boolean bool(JsonNode v, String key) {
            if (!v.isBoolean()) {
                throw error(key, "expected true or false");
            }
            return v.booleanValue();
        }

        private char singleChar(JsonNode node, String key, char dflt) {
            String v = text(node, key, null);
            if (v == null) {
                return dflt;
            }
            if (v.equals("\\t")) {
                return '\t';
            }
            if (v.length() != 1) {
                throw error("format." + key, "expected one character, got '" + v + "'");
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
