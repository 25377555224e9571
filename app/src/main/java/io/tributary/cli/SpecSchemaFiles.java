package io.tributary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.tributary.clean.SpecKeys;
import io.tributary.clean.SpecKeys.Char;
import io.tributary.clean.SpecKeys.Choice;
import io.tributary.clean.SpecKeys.Constant;
import io.tributary.clean.SpecKeys.Either;
import io.tributary.clean.SpecKeys.Expression;
import io.tributary.clean.SpecKeys.Flag;
import io.tributary.clean.SpecKeys.Key;
import io.tributary.clean.SpecKeys.MapOf;
import io.tributary.clean.SpecKeys.Mapping;
import io.tributary.clean.SpecKeys.Positive;
import io.tributary.clean.SpecKeys.Section;
import io.tributary.clean.SpecKeys.Shape;
import io.tributary.clean.SpecKeys.Text;
import io.tributary.clean.SpecKeys.Texts;
import io.tributary.clean.SpecKeys.TypeName;
import io.tributary.clean.SpecKeys.Whole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The two files made from {@link SpecKeys}: the JSON Schema of dataset specs
 * ({@code schema/dataset-spec.schema.json}, which editors use through the
 * {@code # yaml-language-server: $schema=} line of each spec) and the key tables of
 * {@code docs/datasets.md} (between {@code <!-- spec-keys ... -->} markers). Tests fail when either
 * file differs from what this makes; {@code main} rewrites both.
 */
public final class SpecSchemaFiles {
    public static final String SCHEMA_FILE = "schema/dataset-spec.schema.json";
    public static final String DOCS_FILE = "docs/datasets.md";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern MARKER = Pattern.compile(
            "<!-- spec-keys (.*?) -->\\n.*?<!-- /spec-keys -->", Pattern.DOTALL);

    private SpecSchemaFiles() {
    }

    /** Rewrites the schema and the docs' key tables under the project directory given (default: ..). */
    public static void main(String[] args) throws IOException {
        Path project = Path.of(args.length > 0 ? args[0] : "..");
        Files.writeString(project.resolve(SCHEMA_FILE), jsonSchema());
        Path docs = project.resolve(DOCS_FILE);
        Files.writeString(docs, withKeyTables(Files.readString(docs)));
        System.out.println("wrote " + project.resolve(SCHEMA_FILE) + " and the key tables of " + docs);
    }

    // ---- JSON Schema ----

    /** The JSON Schema (draft 07, which the YAML language server reads) of a dataset spec. */
    public static String jsonSchema() {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("$id", "https://github.com/tributary/tributary/" + SCHEMA_FILE);
        root.put("title", "Tributary dataset spec");
        root.put("description", "How the raw files of one dataset are read, cleaned and written: docs/datasets.md");
        object(root, SpecKeys.TOP);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void object(ObjectNode schema, Section section) {
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        List<String> required = new ArrayList<>();
        for (Key key : section.keys()) {
            ObjectNode property = properties.putObject(key.name());
            property.put("description", plain(key.meaning())
                    + (key.defaultDoc() != null && !key.defaultDoc().equals("required")
                    ? " Default: " + plain(key.defaultDoc()) + "." : ""));
            shape(property, key.shape());
            if (key.value() != null) {
                property.set("default", JSON.valueToTree(key.value()));
            }
            if (key.example() != null) {
                property.putArray("examples").add(example(key));
            }
            if ("required".equals(key.defaultDoc())) {
                required.add(key.name());
            }
        }
        if (!required.isEmpty()) {
            ArrayNode r = schema.putArray("required");
            required.forEach(r::add);
        }
    }

    /** A key's example, read as YAML as it would be written in a spec. */
    public static JsonNode example(Key key) {
        try {
            return YAML.readTree("v: " + key.example()).get("v");
        } catch (IOException e) {
            throw new IllegalStateException(key.name() + ": the example is not YAML: " + key.example(), e);
        }
    }

    /** The JSON Schema of one shape of value (a key's, for checking its example). */
    public static JsonNode schemaOf(Shape shape) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        shape(schema, shape);
        return schema;
    }

    private static void shape(ObjectNode schema, Shape shape) {
        if (shape instanceof Text || shape instanceof Expression) {
            schema.put("type", "string");
        } else if (shape instanceof Char) {
            schema.put("type", "string").put("minLength", 1).put("maxLength", 2);
        } else if (shape instanceof Flag) {
            schema.put("type", "boolean");
        } else if (shape instanceof Whole w) {
            schema.put("type", "integer").put("minimum", w.min());
            if (w.max() != Integer.MAX_VALUE) {
                schema.put("maximum", w.max());
            }
        } else if (shape instanceof Positive) {
            schema.put("type", "number").put("exclusiveMinimum", 0);
        } else if (shape instanceof Choice c) {
            // the words as completions; any case and - for _ as the parser takes them
            ArrayNode any = schema.putArray("anyOf");
            ArrayNode values = any.addObject().putArray("enum");
            c.values().forEach(values::add);
            any.addObject().put("type", "string").put("pattern", anyCase(c.values()));
        } else if (shape instanceof Constant) {
            schema.putArray("type").add("string").add("number").add("boolean");
        } else if (shape instanceof Texts) {
            schema.putArray("type").add("string").add("array");
            schema.putObject("items").putArray("type").add("string").add("number").add("boolean").add("null");
        } else if (shape instanceof TypeName) {
            ArrayNode any = schema.putArray("anyOf");
            ArrayNode names = any.addObject().putArray("enum");
            TypeName.NAMES.forEach(names::add);
            any.addObject().put("type", "string").put("pattern", TypeName.DECIMAL_PATTERN);
        } else if (shape instanceof Mapping m) {
            object(schema, m.section());
        } else if (shape instanceof MapOf m) {
            schema.put("type", "object");
            shape(schema.putObject("additionalProperties"), m.value());
        } else if (shape instanceof Either e) {
            ArrayNode any = schema.putArray("anyOf");
            e.shapes().forEach(s -> shape(any.addObject(), s));
        } else {
            throw new IllegalStateException("no JSON Schema for " + shape);
        }
    }

    /** A pattern (ECMA 262: no inline flags) matching the words in any case, {@code -} or {@code _} alike, trimmed. */
    static String anyCase(java.util.List<String> words) {
        StringBuilder p = new StringBuilder("^\\s*(");
        for (int w = 0; w < words.size(); w++) {
            if (w > 0) {
                p.append('|');
            }
            for (char ch : words.get(w).toCharArray()) {
                if (Character.isLetter(ch)) {
                    p.append('[').append(Character.toLowerCase(ch)).append(Character.toUpperCase(ch)).append(']');
                } else if (ch == '_' || ch == '-') {
                    p.append("[-_]");
                } else if (Character.isLetterOrDigit(ch)) {
                    p.append(ch);
                } else {
                    p.append('\\').append(ch);
                }
            }
        }
        return p.append(")\\s*$").toString();
    }

    /** Markdown to plain text for an editor's hover: no backticks, no links' targets, no escapes. */
    private static String plain(String markdown) {
        return markdown.replaceAll("\\[([^]]+)]\\([^)]*\\)", "$1").replace("`", "");
    }

    // ---- docs tables ----

    /**
     * The docs with every {@code <!-- spec-keys [relative-to=P] SECTION... -->} table rewritten: a
     * row per key of the sections named (by path, {@code (top)} for the top level), the key shown
     * relative to {@code P}.
     */
    public static String withKeyTables(String docs) {
        Matcher m = MARKER.matcher(docs);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("<!-- spec-keys " + m.group(1) + " -->\n"
                    + table(m.group(1)) + "<!-- /spec-keys -->"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The sections a marker names, by path ({@code (top)} is the top level's, "" here). */
    private static List<String> sectionPaths(String spec) {
        List<String> paths = new ArrayList<>();
        for (String word : spec.trim().split("\\s+")) {
            if (!word.startsWith("relative-to=")) {
                paths.add(word.equals("(top)") ? "" : word);
            }
        }
        return paths;
    }

    private static String table(String spec) {
        Matcher relative = Pattern.compile("relative-to=(\\S+)").matcher(spec);
        String base = relative.find() ? relative.group(1) : "";
        List<Section> sections = new ArrayList<>();
        for (String path : sectionPaths(spec)) {
            sections.add(SpecKeys.ALL.stream().filter(s -> s.path().equals(path)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("docs name an unknown spec section: " + path)));
        }
        StringBuilder t = new StringBuilder("| key | type | default | meaning | example |\n|---|---|---|---|---|\n");
        for (Section section : sections) {
            for (Key key : section.keys()) {
                String path = section.path().isEmpty() ? key.name() : section.path() + "." + key.name();
                if (!base.isEmpty() && path.startsWith(base + ".")) {
                    path = path.substring(base.length() + 1);
                }
                t.append("| `").append(path).append("` | ").append(cell(key.shape().doc())).append(" | ")
                        .append(cell(key.defaultText())).append(" | ").append(cell(key.meaning())).append(" | ")
                        .append(key.example() == null ? "" : "`" + cell(key.example()) + "`").append(" |\n");
            }
        }
        return t.toString();
    }

    private static String cell(String markdown) {
        return markdown.replace("|", "\\|");
    }

    /** The sections no docs table shows, for the test that every key is documented. */
    public static List<String> undocumentedSections(String docs) {
        Matcher m = MARKER.matcher(docs);
        List<String> shown = new ArrayList<>();
        while (m.find()) {
            shown.addAll(sectionPaths(m.group(1)));
        }
        return SpecKeys.ALL.stream().filter(s -> !s.keys().isEmpty()).map(Section::path)
                .filter(p -> !shown.contains(p)).collect(Collectors.toList());
    }
}
