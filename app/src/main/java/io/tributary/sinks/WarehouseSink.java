package io.tributary.sinks;

import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RowSink;
import io.tributary.format.CsvRowWriter;
import io.tributary.format.FileCleaning;
import io.tributary.warehouse.Staged;
import io.tributary.warehouse.Warehouse;
import io.tributary.warehouse.WarehouseTable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code output.warehouse} (from the clean rows): the rows staged as CSV under
 * {@code <staging-prefix><dataset>/<file>-<version>.csv} (the table's columns, and for an upsert the
 * row's order),
 * then loaded into the dataset's warehouse table once ({@link Warehouse}): upserted by the key, or
 * appended. A load that fails names the staged object and the row, leaves the table as it was,
 * and fails the file, which is cleaned again later. Where no warehouse is configured (AWS without
 * Redshift settings), nothing is staged or loaded, and the summary says so.
 */
final class WarehouseSink implements Sink {

    private final CleanFile file;
    private final DatasetSpec spec;
    private final DatasetSpec.Warehouse options;
    private final Path local;
    private List<String> columns;
    private List<ColumnType> types;
    private long rows;

    WarehouseSink(CleanFile file, DatasetSpec spec) {
        this.file = file;
        this.spec = spec;
        this.options = spec.warehouse();
        this.local = file.folder().resolve("warehouse.csv");
    }

    @Override
    public String key() {
        return "warehouse";
    }

    @Override
    public RowSink writer() throws IOException {
        CsvRowWriter csv = new CsvRowWriter(FileCleaning.buffered(local));
        return new RowSink() {
            private Object[] staged;

            @Override
            public void start(List<String> names, List<ColumnType> kinds) throws IOException {
                columns = List.copyOf(names);
                types = List.copyOf(kinds);
                if (options.append()) {
                    csv.start(names, kinds); // every row is added: their order does not matter
                    return;
                }
                List<String> header = new ArrayList<>(names);
                header.add(WarehouseTable.ROW);
                List<ColumnType> headerTypes = new ArrayList<>(kinds);
                headerTypes.add(ColumnType.LONG);
                csv.start(header, headerTypes);
                staged = new Object[names.size() + 1];
            }

            @Override
            public void accept(long line, int part, Object[] row) throws IOException {
                rows++;
                if (staged == null) {
                    csv.accept(line, part, row);
                    return;
                }
                System.arraycopy(row, 0, staged, 0, row.length);
                staged[row.length] = rows;
                csv.accept(line, part, staged);
            }

            @Override
            public void close() throws IOException {
                csv.close();
            }
        };
    }

    /** The table as the spec declares it, with the columns and types of this file's clean rows. */
    WarehouseTable table(String schema) {
        List<WarehouseTable.Column> declared = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            declared.add(new WarehouseTable.Column(columns.get(i), types.get(i),
                    types.get(i) == ColumnType.DECIMAL ? spec.decimal(columns.get(i)) : null));
        }
        return new WarehouseTable(schema, options.table(), declared,
                options.append() ? List.of() : spec.warehouseKey(),
                options.append() ? WarehouseTable.Mode.APPEND : WarehouseTable.Mode.UPSERT, null);
    }

    @Override
    public List<Written> publish(Target target) throws IOException {
        if (columns == null) {
            return List.of(); // no rows and no header: nothing to stage
        }
        if (!target.hasWarehouse()) {
            // a deployment without a warehouse (AWS without Redshift settings): the other sinks still publish,
            // and the summary and the report say why this one did not
            LOG.warnf("%s: output.warehouse is declared but no warehouse is configured (%s): not loaded", file.rawKey(),
                    NO_WAREHOUSE);
            return List.of(new Written(key(), "warehouse:" + options.table(), 0, "not loaded: no warehouse configured"));
        }
        String key = file.layout().stagingPrefix() + file.dataset() + "/" + file.stem() + "-" + file.version() + ".csv";
        String uri = target.upload(key, local, "text/csv");
        WarehouseTable table = table(target.warehouseSchema());
        Warehouse.Loaded loaded = target.loadWarehouse(table, new Staged(uri, sha256(local), Staged.Format.CSV,
                () -> Files.newInputStream(local), Files.size(local)));
        return List.of(new Written(key(), "warehouse:" + table.schema() + "." + table.name(), rows,
                loaded.describe()));
    }

    /** The settings that configure a warehouse. */
    static final String NO_WAREHOUSE = "tributary.warehouse.redshift.workgroup or cluster-id, tributary.warehouse.jdbc-url;"
            + " local mode has its own";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(WarehouseSink.class);

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
