package io.tributary.cli;

import io.tributary.aws.AwsJsonClient;
import io.tributary.catalog.LakeTable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
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
 * {@code ./tributary query "SQL" [--format table|csv|json] [--out FILE] [--endpoint URL] [--bucket NAME]}:
 * SQL over the lake, offline. When the local stack is not running, its S3 alone is started over
 * the state it kept ({@link KeptLocalS3}) for the query. Each table of the lake's catalog ({@code catalog/<dataset>.json}) is
 * a table by its dataset's name, partition columns included (typed, {@code __HIVE_DEFAULT_PARTITION__}
 * as null, Hive's {@code %XX} escapes undone). The lake is read through the S3 API (the local
 * stack's S3 by default, any endpoint with {@code --endpoint}) into a cache of the objects by
 * ETag ({@code .tributary/query-cache/}), and queried with DuckDB's embedded engine, which is on
 * the command line's class path only: never in the application, its image or function.zip.
 */
public final class LakeQuery {

    private static final Pattern UNKNOWN_TABLE = Pattern.compile("Table with name (\\S+) does not exist");

    private LakeQuery() {
    }

    /** What to query and how to print it. */
    public record Options(String sql, String format, Path out, String endpoint, String bucket, String catalogPrefix,
                   Path cache) {
    }

    /** A setting as the command line sees it: -D, else the environment variable, else application.properties. */
    static String setting(Properties settings, String name, String dflt) {
        String env = System.getenv(name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        return System.getProperty(name, env != null ? env : settings.getProperty(name, dflt));
    }

    public static void main(String[] args) throws Exception {
        Properties settings = Check.settings();
        String sql = null;
        boolean aws = false;
        boolean endpointGiven = false;
        String format = "table";
        Path out = null;
        String endpoint = System.getProperty("tributary.aws.s3-endpoint",
                "http://127.0.0.1:" + settings.getProperty("tributary.local.s3-port", "4566"));
        String bucket = System.getProperty("tributary.bucket", settings.getProperty("tributary.bucket"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--format" -> format = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--endpoint" -> {
                    endpoint = args[++i];
                    endpointGiven = true;
                }
                case "--bucket" -> bucket = args[++i];
                case "--aws" -> aws = true;
                default -> {
                    if (sql != null || args[i].startsWith("--")) {
                        System.err.println("usage: ./tributary query [--aws] \"SQL\" [--format table|csv|json] [--out FILE]"
                                + " [--endpoint URL] [--bucket NAME]");
                        System.exit(2);
                    }
                    sql = args[i];
                }
            }
        }
        if (sql == null || !List.of("table", "csv", "json").contains(format)) {
            System.err.println("usage: ./tributary query \"SQL\" [--format table|csv|json] [--out FILE]");
            System.exit(2);
        }
        if (aws) {
            String region = setting(settings, "tributary.aws.region", "us-east-1");
            AwsJsonClient athena = new AwsJsonClient(UrlConnectionHttpClient.create(),
                    DefaultCredentialsProvider.builder().build(), region,
                    URI.create(endpointGiven ? endpoint : "https://athena." + region + ".amazonaws.com"), "athena",
                    "AmazonAthena");
            AthenaQuery query = new AthenaQuery(athena, new AthenaQuery.Settings(
                    setting(settings, "tributary.athena.workgroup", "primary"),
                    setting(settings, "tributary.glue.database", "tributary"),
                    setting(settings, "tributary.athena.output-location", null)), Thread::sleep);
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            int code = query.run(sql, format, new PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8),
                    System.err);
            if (out != null && code == 0) {
                Files.write(out, printed.toByteArray());
                System.err.println("wrote " + out);
            } else {
                System.out.print(printed.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
            System.exit(code);
        }
        Path state = Path.of(setting(settings, "tributary.local.state-dir", ".tributary"));
        KeptLocalS3 kept = null;
        if (!endpointGiven && !KeptLocalS3.answers(endpoint)) {
            // the stack is not running: its S3 alone, over the state it kept, for this query
            try {
                kept = KeptLocalS3.start(state, Path.of(setting(settings, "tributary.local.emulators-dir",
                                "local-aws/target/emulators")), setting(settings, "tributary.local.access-key", "test"),
                        setting(settings, "tributary.local.secret-key", "test"));
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
            System.err.println("The local stack is not running: reading the lake it kept in " + state.toAbsolutePath());
            endpoint = kept.endpoint();
        }
        Options options = new Options(sql, format, out, endpoint, bucket,
                settings.getProperty("tributary.catalog-prefix", "catalog/"), state.resolve("query-cache"));
        int code;
        try {
            code = run(options, System.out, System.err);
        } finally {
            if (kept != null) {
                kept.close();
            }
        }
        System.exit(code);
    }

    /** Runs the query; the exit code (0, or 1 with the reason on {@code err}). */
    public static int run(Options options, PrintStream out, PrintStream err) {
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(options.endpoint())).forcePathStyle(true)
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        System.getProperty("tributary.local.access-key", "test"),
                        System.getProperty("tributary.local.secret-key", "test"))))
                .build()) {
            Map<String, LakeTable> tables = tables(s3, options);
            if (tables.isEmpty()) {
                err.println("The lake is empty: s3://" + options.bucket() + "/" + options.catalogPrefix()
                        + " holds no table yet (a dataset whose spec writes Parquet gets one with its first clean)");
                return 1;
            }
            try (Connection db = duckdb()) {
                for (LakeTable table : tables.values()) {
                    Cached cached = fetch(s3, options, table);
                    try (Statement st = db.createStatement()) {
                        st.execute(view(table, cached));
                    }
                }
                String text = results(db, options.sql(), options.format());
                if (options.out() != null) {
                    Files.writeString(options.out(), text);
                    err.println("wrote " + options.out());
                } else {
                    out.print(text);
                }
                return 0;
            } catch (SQLException e) {
                err.println(e.getMessage() != null && e.getMessage().startsWith("No suitable driver")
                        ? "DuckDB is not on the class path (app/target/query-lib): build with ./mvnw package"
                        : reason(e, tables));
                return 1;
            }
        } catch (SdkClientException e) {
            err.println("No S3 answers at " + options.endpoint() + " (" + e.getMessage() + "): start the local stack"
                    + " (./tributary local) or give --endpoint");
            return 1;
        } catch (IOException e) {
            err.println("Reading the lake failed: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("The lake's catalog is unreadable: " + e.getMessage());
            return 1;
        }
    }

    /**
     * An in-memory DuckDB, its driver loaded by name rather than found by DriverManager's service
     * lookup (which misses it when another class loader registered it first, as in tests).
     */
    static Connection duckdb() throws SQLException {
        java.sql.Driver driver;
        try {
            driver = (java.sql.Driver) Class.forName("org.duckdb.DuckDBDriver").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new SQLException("No suitable driver: DuckDB is not on the class path", e);
        }
        return driver.connect("jdbc:duckdb:", new Properties());
    }

    /** The catalog's tables by name. */
    static Map<String, LakeTable> tables(S3Client s3, Options options) {
        Map<String, LakeTable> tables = new LinkedHashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(options.bucket()).prefix(options.catalogPrefix()))
                .contents()) {
            if (o.key().endsWith(".sql")) {
                String ddl = s3.getObjectAsBytes(b -> b.bucket(options.bucket()).key(o.key())).asUtf8String();
                LakeTable t = LakeTable.fromDdl(ddl, "s3://" + options.bucket() + "/" + o.key());
                tables.put(t.name(), t);
            }
        }
        return tables;
    }

    /** The table's folder in the local cache, and whether the lake has any of its files. */
    record Cached(Path folder, boolean hasFiles) {
    }

    /** The table's files in the local cache (downloaded when new or changed). */
    private static Cached fetch(S3Client s3, Options options, LakeTable table) throws IOException {
        String prefix = URI.create(table.location()).getPath().substring(1);
        Path folder = options.cache().resolve(options.bucket()).resolve(prefix);
        List<Path> current = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(options.bucket()).prefix(prefix)).contents()) {
            if (!o.key().endsWith(table.storage().suffix)) {
                continue;
            }
            Path local = options.cache().resolve(options.bucket()).resolve(o.key());
            Path etag = local.resolveSibling(local.getFileName() + ".etag");
            current.add(local);
            if (Files.exists(local) && Files.exists(etag) && Files.readString(etag).equals(o.eTag())) {
                continue;
            }
            Files.createDirectories(local.getParent());
            Path part = local.resolveSibling(local.getFileName() + ".part");
            Files.deleteIfExists(part);
            s3.getObject(b -> b.bucket(options.bucket()).key(o.key()), part);
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

    private static String reason(SQLException e, Map<String, LakeTable> tables) {
        String message = e.getMessage();
        Matcher unknown = UNKNOWN_TABLE.matcher(message);
        if (unknown.find()) {
            return "Unknown table " + unknown.group(1) + ": the lake's tables are " + String.join(", ", tables.keySet());
        }
        return "The query failed: " + message;
    }

    /** The result set as an aligned table, CSV or JSON Lines. */
    static String results(Connection db, String sql, String format) throws SQLException {
        List<String> names = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int c = 1; c <= md.getColumnCount(); c++) {
                names.add(md.getColumnLabel(c));
            }
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= names.size(); c++) {
                    Object v = rs.getObject(c);
                    if (v instanceof java.time.OffsetDateTime t) {
                        v = t.toInstant(); // ISO-8601 UTC, as the clean outputs write timestamps
                    }
                    row.add(v);
                }
                rows.add(row);
            }
        }
        return ResultTable.format(names, rows, format);
    }
}
