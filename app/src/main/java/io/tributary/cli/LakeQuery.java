package io.tributary.cli;

import io.tributary.aws.AwsJsonClient;
import io.tributary.query.LakeDatabase;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * {@code ./tributary query "SQL" [--format table|csv|json] [--out FILE] [--endpoint URL] [--bucket NAME]}:
 * SQL over the lake, offline. When the local stack is not running, its S3 alone is started over
 * the state it kept ({@link KeptLocalS3}) for the query. The lake is read through the S3 API (the
 * local stack's S3 by default, any endpoint with {@code --endpoint}) into a cache of the objects by
 * ETag ({@code .tributary/query-cache/}) and queried as {@link LakeDatabase} makes it a database:
 * each table of the lake's catalog a table by its dataset's name, in DuckDB's embedded engine.
 */
public final class LakeQuery {

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
                .build();
             LakeDatabase lake = LakeDatabase.open(s3, new LakeDatabase.Lake(options.bucket(), options.catalogPrefix(),
                     options.cache()), LakeDatabase.engine(Path.of("app/target/query-lib")))) {
            try {
                LakeDatabase.Result result = lake.query(options.sql(), Integer.MAX_VALUE);
                String text = ResultTable.format(result.names(), result.rows(), options.format());
                if (options.out() != null) {
                    Files.writeString(options.out(), text);
                    err.println("wrote " + options.out());
                } else {
                    out.print(text);
                }
                return 0;
            } catch (SQLException e) {
                err.println(lake.reason(e));
                return 1;
            }
        } catch (LakeDatabase.EmptyLake | LakeDatabase.NoEngine e) {
            err.println(e.getMessage());
            return 1;
        } catch (SdkClientException e) {
            err.println("No S3 answers at " + options.endpoint() + " (" + e.getMessage() + "): start the local stack"
                    + " (./tributary local) or give --endpoint");
            return 1;
        } catch (IOException e) {
            err.println("Reading the lake failed: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            err.println("The lake's tables could not be made: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("The lake's catalog is unreadable: " + e.getMessage());
            return 1;
        }
    }
}
