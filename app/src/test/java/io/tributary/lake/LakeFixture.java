package io.tributary.lake;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RejectedRow;
import io.tributary.format.FileCleaning;
import io.tributary.sinks.CleanFile;
import io.tributary.sinks.Sinks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cleans a file through the sinks its spec declares, into a local folder (nothing published), and
 * reads the Parquet written back with an independent reader: DuckDB's JDBC driver.
 */
final class LakeFixture {

    record Cleaned(FileCleaning.Result result, List<RejectedRow> rejected, Path folder) {
        Path parquet() {
            return folder.resolve("parquet");
        }

        List<String> parquetFiles() throws IOException {
            if (!Files.isDirectory(parquet())) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(parquet())) {
                return files.filter(p -> p.toString().endsWith(".parquet"))
                        .map(p -> parquet().relativize(p).toString()).sorted().toList();
            }
        }

        List<String> jsonl() throws IOException {
            return Files.readAllLines(folder.resolve("clean.jsonl"));
        }
    }

    private LakeFixture() {
    }

    static Cleaned clean(Path dir, String specYaml, String fileName, String data) throws IOException {
        return clean(dir, specYaml, fileName, data.getBytes(StandardCharsets.UTF_8), 48L << 20);
    }

    static Cleaned clean(Path dir, String specYaml, String fileName, byte[] data, long parquetMemory)
            throws IOException {
        DatasetSpec spec = DatasetSpec.parse(specYaml, "t.yaml", "t-");
        Path folder = Files.createDirectories(dir.resolve("job"));
        Path raw = folder.resolve("raw");
        Files.write(raw, data);
        String stem = fileName.replaceAll("\\.[^.]*$", "");
        Sinks sinks = new Sinks(new CleanFile(spec.name(), stem, "raw/" + spec.name() + "/" + fileName,
                CleanFile.versionOf("\"0123456789abcdef\""), Instant.parse("2026-12-03T10:15:30Z"), folder,
                new CleanFile.Layout("clean/", "curated/", "catalog/", parquetMemory)));
        List<RejectedRow> rejected = new ArrayList<>();
        FileCleaning.Result result = FileCleaning.clean(spec, spec.name(), fileName, "t-", raw,
                folder.resolve("rejected.csv"), sinks, rejected::add);
        return new Cleaned(result, rejected, folder);
    }
}
