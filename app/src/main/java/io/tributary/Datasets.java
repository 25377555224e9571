package io.tributary;

import io.tributary.clean.DatasetCatalog;
import io.tributary.clean.DatasetSpec;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The dataset specs under {@code <routes-dir>/datasets}, read once at startup (a bad spec stops startup). */
@Singleton
public class Datasets {

    private final DatasetCatalog catalog;
    private final Path dir;

    public Datasets(TributaryConfig config) {
        this.dir = Path.of(config.routesDir(), "datasets");
        this.catalog = DatasetCatalog.load(dir, config.tablePrefix());
    }

    public List<DatasetSpec> all() {
        return catalog.all();
    }

    public String datasetOf(String fileName) {
        return catalog.datasetOf(fileName);
    }

    public Optional<DatasetSpec> forRawObject(String dataset, String fileName) {
        return catalog.forRawObject(dataset, fileName);
    }

    public Path dir() {
        return dir;
    }
}
