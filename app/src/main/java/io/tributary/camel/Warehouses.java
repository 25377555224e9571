package io.tributary.camel;

import io.tributary.Datasets;
import io.tributary.TributaryConfig;
import io.tributary.aws.AwsClients;
import io.tributary.aws.RedshiftWarehouse;
import io.tributary.clean.DatasetSpec;
import io.tributary.warehouse.PostgresWarehouse;
import io.tributary.warehouse.Staged;
import io.tributary.warehouse.Warehouse;
import io.tributary.warehouse.WarehouseException;
import io.tributary.warehouse.WarehouseTable;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The warehouse the configuration names (docs/warehouse.md): Redshift through the Data API when a
 * workgroup or cluster is set, else a PostgreSQL by JDBC URL, else the local stack's PostgreSQL;
 * none otherwise. Clean files reach it through their {@code warehouse} sink; archive objects
 * through {@link #mirror}, for the datasets whose warehouse table mirrors their DynamoDB table.
 */
@Singleton
public class Warehouses {

    private static final Logger LOG = Logger.getLogger(Warehouses.class);

    private final TributaryConfig config;
    private final AwsClients clients;
    private final Datasets datasets;
    private volatile Warehouse warehouse;
    private volatile boolean missingSaid;

    public Warehouses(TributaryConfig config, AwsClients clients, Datasets datasets) {
        this.config = config;
        this.clients = clients;
        this.datasets = datasets;
    }

    /** The configured warehouse, or empty when none is. */
    public synchronized Optional<Warehouse> warehouse() {
        if (warehouse != null) {
            return Optional.of(warehouse);
        }
        TributaryConfig.Warehouse w = config.warehouse();
        TributaryConfig.Redshift r = w.redshift();
        if (r.workgroup().isPresent() || r.clusterId().isPresent()) {
            var api = clients.jsonApi("redshift-data", "RedshiftData");
            if (r.endpoint().isPresent()) {
                api = clients.jsonApi("redshift-data", "RedshiftData", URI.create(r.endpoint().get()));
            }
            warehouse = new RedshiftWarehouse(api, new RedshiftWarehouse.Settings(r.workgroup().orElse(null),
                    r.clusterId().orElse(null), r.database(), r.dbUser().orElse(null), r.secretArn().orElse(null),
                    r.iamRole().orElse(null), w.ledgerTable(), r.timeout()), Clock.systemUTC(),
                    d -> Thread.sleep(d.toMillis()));
        } else {
            String url = w.jdbcUrl().orElseGet(() -> clients.emulated().map(e -> e.start().postgres()).orElse(null));
            if (url == null) {
                return Optional.empty();
            }
            warehouse = new PostgresWarehouse(url, w.user().orElse(null), w.password().orElse(null), w.ledgerTable(),
                    Clock.systemUTC());
        }
        return Optional.of(warehouse);
    }

    /** The configured warehouse, or an error that says how to configure one. */
    public Warehouse required() throws WarehouseException {
        return warehouse().orElseThrow(() -> new WarehouseException("no warehouse is configured: set"
                + " tributary.warehouse.redshift.workgroup (or cluster-id) for Redshift, or tributary.warehouse.jdbc-url"
                + " for a PostgreSQL; local mode has its own (tributary.local.warehouse)"));
    }

    public String schema() {
        return config.warehouse().schema();
    }

    /** The datasets whose warehouse table mirrors their DynamoDB table's changes. */
    List<DatasetSpec> mirrored() {
        return datasets.all().stream().filter(d -> d.warehouse() != null && d.warehouse().fromChanges()).toList();
    }

    /**
     * Applies an archive object just written (gzip JSON Lines of changes) to every mirroring table,
     * each once; throws when one fails (the archive flow then reads the shard again and the object
     * is written and applied again).
     */
    public void mirror(String uri, byte[] gzip) throws WarehouseException {
        List<DatasetSpec> mirrored = mirrored();
        if (mirrored.isEmpty()) {
            return;
        }
        Optional<Warehouse> target = warehouse();
        if (target.isEmpty()) {
            if (!missingSaid) {
                missingSaid = true;
                LOG.errorf("Datasets %s mirror their DynamoDB table into a warehouse, but none is configured: the"
                        + " archive goes on without it (%s)", mirrored.stream().map(DatasetSpec::name).toList(),
                        "tributary.warehouse.redshift.workgroup, cluster-id or jdbc-url");
            }
            return;
        }
        Staged staged = new Staged(uri, sha256(gzip), Staged.Format.CHANGES, () -> new ByteArrayInputStream(gzip));
        java.util.Set<String> changed;
        try {
            changed = io.tributary.warehouse.ChangeRows.tables(staged);
        } catch (java.io.IOException e) {
            throw new WarehouseException("reading " + uri + " to mirror its changes: " + e.getMessage(), e);
        }
        for (DatasetSpec spec : mirrored) {
            if (!changed.contains(spec.dynamodb().table())) {
                continue; // no change of this table in the object
            }
            WarehouseTable table = WarehouseTable.mirrorOf(spec, schema());
            Warehouse.Loaded loaded = target.get().load(table, staged);
            if (!loaded.before()) {
                LOG.debugf("Mirror %s.%s: %s from %s", table.schema(), table.name(), loaded.describe(), uri);
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
