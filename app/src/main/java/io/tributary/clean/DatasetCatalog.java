package io.tributary.clean;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The dataset specs of one folder ({@code routes/datasets/*.yaml}), and which one a file belongs to. */
public final class DatasetCatalog {

    private final Map<String, DatasetSpec> specs;

    public DatasetCatalog(List<DatasetSpec> specs) {
        Map<String, DatasetSpec> byName = new LinkedHashMap<>();
        for (DatasetSpec spec : specs) {
            DatasetSpec other = byName.put(spec.name(), spec);
            if (other != null) {
                throw new SpecException(spec.source() + ": dataset name '" + spec.name() + "' is also used by "
                        + other.source());
            }
        }
        this.specs = byName;
    }

    /** Reads every {@code *.yaml} / {@code *.yml} of a folder, in name order; spec tests ({@code *.test.yaml}) are not specs. */
    public static DatasetCatalog load(Path dir, String tablePrefix) {
        if (!Files.isDirectory(dir)) {
            return new DatasetCatalog(List.of());
        }
        List<DatasetSpec> specs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> (f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    && !f.toString().endsWith(".test.yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    specs.add(DatasetSpec.parse(in, file.toString(), tablePrefix));
                }
            }
        } catch (IOException e) {
            throw new SpecException("cannot read dataset specs in " + dir + ": " + e.getMessage(), e);
        }
        return new DatasetCatalog(specs);
    }

    public List<DatasetSpec> all() {
        return List.copyOf(specs.values());
    }

    /** The first spec (in file name order) whose {@code match} globs claim this file name. */
    public Optional<DatasetSpec> forFileName(String fileName) {
        return specs.values().stream().filter(s -> s.matchesFileName(fileName)).findFirst();
    }

    /**
     * The spec of a raw object {@code <dataset>/<file>}: the spec named like its folder, else one
     * whose globs claim the file name.
     */
    public Optional<DatasetSpec> forRawObject(String dataset, String fileName) {
        DatasetSpec byFolder = dataset == null ? null : specs.get(dataset);
        return byFolder != null ? Optional.of(byFolder) : forFileName(fileName);
    }

    /** The dataset (raw/ folder) of a file: its spec's name, or its own base name in snake_case. */
    public String datasetOf(String fileName) {
        return forFileName(fileName).map(DatasetSpec::name).orElseGet(() -> {
            String base = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
            // accents go (données → donnees); a name with no latin letter or digit left (日本語) is
            // named by a hash of it, so the same name always lands in the same dataset
            String plain = java.text.Normalizer.normalize(base, java.text.Normalizer.Form.NFD)
                    .replaceAll("\\p{M}+", "");
            String name = plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
            if (name.isEmpty()) {
                return "dataset_" + String.format(Locale.ROOT, "%08x", base.hashCode());
            }
            return !Character.isLetter(name.charAt(0)) ? "dataset_" + name : name;
        });
    }
}
