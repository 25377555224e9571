package io.tributary.query;

import io.tributary.catalog.LakeTable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lake as one SQL database: each table of the lake's catalog ({@code catalog/<dataset>.sql}) is
 * a view by its dataset's name over the table's files, partition columns included (typed,
 * {@code __HIVE_DEFAULT_PARTITION__} as null, Hive's {@code %XX} escapes undone). The files are read
 * through the S3 API into a local cache by ETag and queried with DuckDB's embedded engine. DuckDB is
 * never on the application's class path (nor in its image or function.zip): it is loaded from
 * {@code app/target/query-lib} ({@link #engine(Path)}), where the build copies it for
 * {@code ./tributary query} and the local console. Used by both.
 */
public final class LakeDatabase implements AutoCloseable {

    private static final Pattern UNKNOWN_TABLE = Pattern.compile("Table with name (\\S+) does not exist");
    private static final String DRIVER = "org.duckdb.DuckDBDriver";
    private static Driver loaded;

    /** Where the lake is: its bucket, the catalog's prefix, and the local cache of its files. */
    public record Lake(String bucket, String catalogPrefix, Path cache) {
    }

    /**
     * A query's result: the column names, the first rows (as many as asked to keep), how many rows
     * were read, and whether there were more than the limit read.
     */
    public record Result(List<String> names, List<List<Object>> rows, long read, boolean more) {
    }

    /** The lake's catalog is empty: no dataset writes Parquet or JSON Lines with a table yet. */
    public static final class EmptyLake extends Exception {
        EmptyLake(String message) {
            super(message);
        }
    }

    /** DuckDB is not on the class path nor in the folder given. */
    public static final class NoEngine extends Exception {
        NoEngine(String message) {
            super(message);
        }
    }

    private final Map<String, LakeTable> tables;
    private final Connection db;

    private LakeDatabase(Map<String, LakeTable> tables, Connection db) {
        this.tables = tables;
        this.db = db;
    }

    /**
     * DuckDB's JDBC driver: from the class path when it is there (tests, the command line), else
     * from the jars in {@code folder}, loaded once per JVM (its native library can be loaded by one
     * class loader only).
     */
    public static synchronized Driver engine(Path folder) throws NoEngine {
        if (loaded != null) {
            return loaded;
        }
        ClassLoader loader = LakeDatabase.class.getClassLoader();
        try {
            loader.loadClass(DRIVER);
        } catch (ClassNotFoundException e) {
            List<URL> jars = new ArrayList<>();
            try (var files = Files.list(folder)) {
                for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(jar.toUri().toURL());
                }
            } catch (IOException | RuntimeException notThere) {
                // told below
            }
            if (jars.isEmpty()) {
                throw new NoEngine("The SQL engine (DuckDB) is not in " + folder.toAbsolutePath()
                        + ": ./mvnw package puts it there");
            }
            loader = new URLClassLoader(jars.toArray(URL[]::new), loader);
        }
        try {
            loaded = (Driver) Class.forName(DRIVER, true, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new NoEngine("The SQL engine (DuckDB) could not be loaded from " + folder.toAbsolutePath() + ": " + e);
        }
        return loaded;
    }

    /** Opens the lake: reads its catalog, brings each table's files into the cache, and makes a view of each. */
    public static LakeDatabase open(S3Client s3, Lake lake, Driver engine) throws EmptyLake, IOException, SQLException {
        return open(s3, lake, engine, false);
    }

    /**
     * As above; {@code confined}: the queries can read the lake's cached files and nothing else of the
     * machine, write nowhere outside the cache, install or load no extension, and change none of
     * that ({@link #confine}). The console's queries are confined (a query there may come from a page
     * a person did not write); the command line's are the user's own.
     */
    public static LakeDatabase open(S3Client s3, Lake lake, Driver engine, boolean confined)
            throws EmptyLake, IOException, SQLException {
        Map<String, LakeTable> tables = tables(s3, lake);
        if (tables.isEmpty()) {
            throw new EmptyLake("The lake is empty: s3://" + lake.bucket() + "/" + lake.catalogPrefix()
                    + " holds no table yet (a dataset whose spec writes Parquet gets one with its first clean)");
        }
        Connection db = engine.connect("jdbc:duckdb:", new Properties());
        try {
            for (LakeTable table : tables.values()) {
                Cached cached = fetch(s3, lake, table);
                try (Statement st = db.createStatement()) {
                    st.execute(view(table, cached));
                }
            }
            if (confined) {
                confine(db, lake.cache());
            }
            return new LakeDatabase(tables, db);
        } catch (SQLException | IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Confines a DuckDB connection to one folder: no other file read or written (DuckDB's
     * {@code enable_external_access} off, {@code allowed_directories} the folder), no extension
     * installed or loaded, and the configuration locked so that no {@code SET} undoes it.
     */
    static void confine(Connection db, Path folder) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("SET autoinstall_known_extensions = false");
            st.execute("SET autoload_known_extensions = false");
            st.execute("SET allowed_directories = [" + literal(folder.toAbsolutePath().normalize() + "/") + "]");
            st.execute("SET enable_external_access = false");
            st.execute("SET lock_configuration = true");
        }
    }

    /** The lake's tables by name. */
    public Map<String, LakeTable> tables() {
        return tables;
    }

    /** Runs a query: all its rows, at most {@code maxRows} (timestamps as UTC instants, as the clean outputs write them). */
    public Result query(String sql, int maxRows) throws SQLException {
        return query(sql, maxRows, maxRows, row -> { });
    }

    /**
     * Runs a query, reading at most {@code limit} rows: each is handed to {@code each}, the first
     * {@code keep} are kept in the result.
     */
    public Result query(String sql, int keep, long limit, java.util.function.Consumer<List<Object>> each)
            throws SQLException {
        List<String> names = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        long read = 0;
        boolean more = false;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int c = 1; c <= md.getColumnCount(); c++) {
                names.add(md.getColumnLabel(c));
            }
            while (rs.next()) {
                if (read == limit) {
                    more = true;
                    break;
                }
                List<Object> row = new ArrayList<>(names.size());
                for (int c = 1; c <= names.size(); c++) {
                    Object v = rs.getObject(c);
                    if (v instanceof java.time.OffsetDateTime t) {
                        v = t.toInstant();
                    }
                    row.add(v);
                }
                read++;
                each.accept(row);
                if (rows.size() < keep) {
                    rows.add(row);
                }
            }
        }
        return new Result(names, rows, read, more);
    }

    /** How many rows a table of the lake has. */
    public long rowCount(String table) throws SQLException {
        return ((Number) query("SELECT count(*) FROM " + quote(table), 1).rows().get(0).get(0)).longValue();
    }

    /** A failed query's reason as a person reads it (an unknown table: the ones there are). */
    public String reason(SQLException e) {
        String message = e.getMessage();
        Matcher unknown = UNKNOWN_TABLE.matcher(message == null ? "" : message);
        if (unknown.find()) {
            return "Unknown table " + unknown.group(1) + ": the lake's tables are " + String.join(", ", tables.keySet());
        }
        return "The query failed: " + message;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }

    /** The catalog's tables by name. */
    static Map<String, LakeTable> tables(S3Client s3, Lake lake) {
        Map<String, LakeTable> tables = new LinkedHashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(lake.bucket()).prefix(lake.catalogPrefix()))
                .contents()) {
            if (o.key().endsWith(".sql")) {
                String ddl = s3.getObjectAsBytes(b -> b.bucket(lake.bucket()).key(o.key())).asUtf8String();
                LakeTable t = LakeTable.fromDdl(ddl, "s3://" + lake.bucket() + "/" + o.key());
                tables.put(t.name(), t);
            }
        }
        return tables;
    }

    /** The table's folder in the local cache, and whether the lake has any of its files. */
    record Cached(Path folder, boolean hasFiles) {
    }

    /** The table's files in the local cache (downloaded when new or changed). */
    private static Cached fetch(S3Client s3, Lake lake, LakeTable table) throws IOException {
        String prefix = URI.create(table.location()).getPath().substring(1);
        // absolute and normal, as the confinement names the cache (a path through ".." would be refused)
        Path cache = lake.cache().toAbsolutePath().normalize();
        Path folder = cache.resolve(lake.bucket()).resolve(prefix);
        List<Path> current = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(lake.bucket()).prefix(prefix)).contents()) {
            if (!o.key().endsWith(table.storage().suffix)) {
                continue;
            }
            Path local = cache.resolve(lake.bucket()).resolve(o.key());
            Path etag = local.resolveSibling(local.getFileName() + ".etag");
            current.add(local);
            if (Files.exists(local) && Files.exists(etag) && Files.readString(etag).equals(o.eTag())) {
                continue;
            }
            Files.createDirectories(local.getParent());
            Path part = local.resolveSibling(local.getFileName() + ".part");
            Files.deleteIfExists(part);
            s3.getObject(b -> b.bucket(lake.bucket()).key(o.key()), part);
            Files.move(part, local, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(etag, o.eTag());
        }
        // a file the lake no longer has (a replaced version) must not be read
        if (Files.isDirectory(folder)) {
            try (var files = Files.walk(folder)) {
                for (Path p : files.filter(p -> p.toString().endsWith(table.storage().suffix)).toList()) {
                    if (!current.contains(p)) {
                        Files.delete(p);
                        Files.deleteIfExists(p.resolveSibling(p.getFileName() + ".etag"));
                    }
                }
            }
        }
        Files.createDirectories(folder);
        return new Cached(folder, !current.isEmpty());
    }
    /**
     * The view that makes the table's cached files one table, every column as the DDL types it
     * (so a DDL that does not describe the files fails here, as it would in Athena), partition
     * columns from the folders: Hive's {@code col=value} (typed, {@code __HIVE_DEFAULT_PARTITION__}
     * as null, {@code %XX} undone) or a projection's location template.
     */
    static String view(LakeTable table, Cached cached) {
        List<String> select = new ArrayList<>();
        if (!cached.hasFiles()) {
            for (LakeTable.Column c : table.columns()) {
                select.add("CAST(NULL AS " + duckType(c.type()) + ") AS " + quote(c.name()));
            }
            for (LakeTable.Column p : table.partitions()) {
                select.add("CAST(NULL AS " + duckType(p.type()) + ") AS " + quote(p.name()));
            }
            return "CREATE VIEW " + quote(table.name()) + " AS SELECT " + String.join(", ", select) + " WHERE false";
        }
        String glob = literal(cached.folder().toAbsolutePath() + "/**/*" + table.storage().suffix);
        if (table.storage() == LakeTable.Storage.JSON_LINES) {
            List<String> columns = new ArrayList<>();
            for (LakeTable.Column c : table.columns()) {
                columns.add(literal(c.name()) + ": " + literal(duckType(c.type())));
                select.add(quote(c.name()));
            }
            select.addAll(projectedPartitions(table));
            return "CREATE VIEW " + quote(table.name()) + " AS SELECT " + String.join(", ", select)
                    + " FROM read_json(" + glob + ", format = 'newline_delimited', columns = {"
                    + String.join(", ", columns) + "}, filename = true)";
        }
        for (LakeTable.Column c : table.columns()) {
            select.add("CAST(" + quote(c.name()) + " AS " + duckType(c.type()) + ") AS " + quote(c.name()));
        }
        for (LakeTable.Column p : table.partitions()) {
            select.add("CAST(NULLIF(url_decode(" + quote(p.name()) + "), '__HIVE_DEFAULT_PARTITION__') AS "
                    + duckType(p.type()) + ") AS " + quote(p.name()));
        }
        return "CREATE VIEW " + quote(table.name()) + " AS SELECT " + String.join(", ", select)
                + " FROM read_parquet(" + glob + ", hive_partitioning = " + !table.partitions().isEmpty()
                + ", hive_types_autocast = false, union_by_name = true)";
    }

    /**
     * The partition columns of a projected table, taken from each file's folders as its location
     * template places them: a date projection's value by its format ({@code yyyy/MM/dd/HH}), any
     * other as one folder name.
     */
    private static List<String> projectedPartitions(LakeTable table) {
        String template = table.properties().getOrDefault(LakeTable.LOCATION_TEMPLATE, table.location());
        if (!template.startsWith(table.location())) {
            throw new IllegalArgumentException(table.name() + ": its location template " + template
                    + " is not under its location " + table.location());
        }
        String relative = template.substring(table.location().length());
        StringBuilder regex = new StringBuilder("/");
        List<String> groups = new ArrayList<>();
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(relative);
        int last = 0;
        while (m.find()) {
            regex.append(quoteRegex(relative.substring(last, m.start())));
            String format = table.properties().get("projection." + m.group(1) + ".format");
            regex.append('(').append(format == null ? "[^/]+" : format.replaceAll("[yMdHms]", "\\\\d")).append(')');
            groups.add(m.group(1));
            last = m.end();
        }
        regex.append(quoteRegex(relative.substring(last))).append("[^/]*$");
        List<String> select = new ArrayList<>();
        for (LakeTable.Column p : table.partitions()) {
            int group = groups.indexOf(p.name()) + 1;
            if (group == 0) {
                throw new IllegalArgumentException(table.name() + ": partition " + p.name()
                        + " is not in its location template " + template);
            }
            select.add("CAST(regexp_extract(filename, " + literal(regex.toString()) + ", " + group + ") AS "
                    + duckType(p.type()) + ") AS " + quote(p.name()));
        }
        return select;
    }

    private static String quoteRegex(String text) {
        return text.isEmpty() ? "" : Pattern.quote(text);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** The DuckDB type of an Athena type (the same names but for string and int). */
    static String duckType(String athena) {
        return switch (athena) {
            case "string" -> "VARCHAR";
            case "int" -> "INTEGER";
            case "timestamp" -> "TIMESTAMPTZ";
            default -> athena.toUpperCase(Locale.ROOT);
        };
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

}
