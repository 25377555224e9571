package io.tributary.clean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Infers a spec for a file no spec claims: the type of each column is the narrowest of boolean,
 * int, long, double, date, timestamp, json (objects and arrays) that every non-missing value converts to (else string);
 * the usual missing-value tokens are missing; exact duplicates are dropped. The inferred spec is
 * written as YAML so a user can start from it.
 */
public final class SchemaInference {

    /** The texts an inferred spec takes for missing values. */
    public static final List<String> NULL_TOKENS = DatasetSpec.DEFAULT_NULL_VALUES;
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "t", "f", "y", "n");
    private static final ColumnType[] NARROWEST_FIRST = {ColumnType.BOOLEAN, ColumnType.INT, ColumnType.LONG,
            ColumnType.DOUBLE, ColumnType.DATE, ColumnType.TIMESTAMP, ColumnType.JSON};
    /**
     * Per column, the texts already looked at are remembered (up to this many): a text that comes
     * again can tell nothing new, so most values of a column of codes, small numbers or dates are
     * looked at once instead of being parsed as every type that is still possible.
     */
    private static final int REMEMBERED = 4096;

    private SchemaInference() {
    }

    /** The inferred spec, and its YAML text. */
    public record Inferred(DatasetSpec spec, String yaml) {
    }

    /**
     * Reads every record of {@code source} and infers the column types.
     *
     * @param format the format settings the source was opened with (written into the spec)
     */
    public static Inferred infer(RowSource source, String dataset, String fileName, Map<String, Object> format,
                                 String tablePrefix) {
        List<String> columns = source.columns();
        return inferred(ColumnFits.of(source, columns.size()), columns, dataset, fileName, format, tablePrefix);
    }

    /**
     * Infers the column types from a file's parts read at once ({@link RowSource.Opener#openParts});
     * null when the parts do not split the file at record ends (a quoted field the split left
     * open): the caller then reads the file whole. The parts are closed.
     */
    public static Inferred infer(List<RowSource> parts, String dataset, String fileName, Map<String, Object> format,
                                 String tablePrefix) throws IOException {
        List<ColumnFits> fits;
        try {
            List<String> columns = parts.get(0).columns();
            List<Callable<ColumnFits>> reads = new ArrayList<>();
            for (RowSource part : parts) {
                reads.add(() -> ColumnFits.of(part, columns.size()));
            }
            fits = PartThreads.run(reads);
            for (int k = 0; k < parts.size() - 1; k++) {
                if (fits.get(k).endsBroken) {
                    return null;
                }
            }
            for (int k = 1; k < parts.size(); k++) {
                fits.get(0).add(fits.get(k));
            }
            return inferred(fits.get(0), columns, dataset, fileName, format, tablePrefix);
        } finally {
            for (RowSource part : parts) {
                part.close();
            }
        }
    }

    /** Which types each column's values all fit, from the records of a file or of a part of it. */
    private static final class ColumnFits {
        final boolean[][] fits;
        final boolean[] seen;
        boolean endsBroken;

        private ColumnFits(int width) {
            fits = new boolean[width][NARROWEST_FIRST.length];
            seen = new boolean[width];
            for (boolean[] f : fits) {
                java.util.Arrays.fill(f, true);
            }
        }

        static ColumnFits of(RowSource source, int width) {
            ColumnFits all = new ColumnFits(width);
            Set<String> nulls = Set.copyOf(NULL_TOKENS);
            List<Set<String>> lookedAt = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                lookedAt.add(new HashSet<>());
            }
            while (source.hasNext()) {
                SourceRecord record = source.next();
                all.endsBroken = record.error() != null;
                if (record.error() != null || record.fields().size() != width) {
                    continue;
                }
                for (int c = 0; c < width; c++) {
                    String text = record.fields().get(c);
                    if (text == null || !firstLook(lookedAt, c, text) || nulls.contains(text.trim())) {
                        continue;
                    }
                    all.seen[c] = true;
                    for (int t = 0; t < NARROWEST_FIRST.length; t++) {
                        if (all.fits[c][t] && !fitsType(text.trim(), NARROWEST_FIRST[t])) {
                            all.fits[c][t] = false;
                        }
                    }
                }
            }
            return all;
        }

        /** Adds what a later part of the file found. */
        void add(ColumnFits later) {
            for (int c = 0; c < seen.length; c++) {
                seen[c] |= later.seen[c];
                for (int t = 0; t < NARROWEST_FIRST.length; t++) {
                    fits[c][t] &= later.fits[c][t];
                }
            }
        }
    }

    private static Inferred inferred(ColumnFits columnFits, List<String> columns, String dataset, String fileName,
                                     Map<String, Object> format, String tablePrefix) {
        boolean[][] fits = columnFits.fits;
        boolean[] seen = columnFits.seen;
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", dataset);
        spec.put("match", List.of(fileName));
        Map<String, Object> fmt = new LinkedHashMap<>(format);
        fmt.put("null_values", NULL_TOKENS);
        spec.put("format", fmt);
        Map<String, Object> types = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            ColumnType type = ColumnType.STRING;
            if (seen[c]) {
                for (int t = 0; t < NARROWEST_FIRST.length; t++) {
                    if (fits[c][t]) {
                        type = NARROWEST_FIRST[t];
                        break;
                    }
                }
            }
            types.put(columns.get(c), type.label());
        }
        spec.put("columns", types);
        spec.put("duplicates", "exact");
        String yaml;
        try {
            yaml = "# yaml-language-server: $schema=../../schema/dataset-spec.schema.json\n"
                    + "# Inferred by Tributary from " + fileName + ": a starting point; check the types, then save it\n"
                    + "# as routes/datasets/" + dataset + ".yaml and add rules (docs/datasets.md).\n"
                    + new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                    .writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Inferred(DatasetSpec.parse(yaml, "(inferred for " + fileName + ")", tablePrefix), yaml);
    }

    /** Whether the column's text is looked at for the first time (or the column has more distinct texts than are remembered). */
    private static boolean firstLook(List<Set<String>> lookedAt, int column, String text) {
        Set<String> texts = lookedAt.get(column);
        if (texts == null) {
            return true;
        }
        if (texts.size() == REMEMBERED) {
            lookedAt.set(column, null);
            return true;
        }
        return texts.add(text);
    }

    private static boolean fitsType(String text, ColumnType type) {
        try {
            switch (type) {
                case BOOLEAN -> {
                    return BOOLEAN_WORDS.contains(text.toLowerCase(Locale.ROOT));
                }
                case INT -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
                case JSON -> {
                    // nested objects and arrays (a JSON file's, or JSON text in a CSV field), not scalars
                    if (text.isEmpty() || (text.charAt(0) != '{' && text.charAt(0) != '[')) {
                        return false;
                    }
                    type.parse(text);
                }
                case DOUBLE -> {
                    double d = Double.parseDouble(text);
                    return !Double.isNaN(d) && !Double.isInfinite(d) && Character.isDigit(text.charAt(text.length() - 1));
                }
                default -> type.parse(text);
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

}
