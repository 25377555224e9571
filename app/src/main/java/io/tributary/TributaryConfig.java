package io.tributary;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of Tributary ({@code tributary.*}); defaults live in application.properties and
 * docs/configuration.md lists them all (ConfigurationDocsTest keeps it so). Each can be overridden by an environment variable
 * ({@code tributary.local.s3-port} → {@code TRIBUTARY_LOCAL_S3_PORT}).
 */
@ConfigMapping(prefix = "tributary")
public interface TributaryConfig {

    /** The S3 bucket that holds raw/, clean/ and the other prefixes. */
    String bucket();

    /** Prefix of raw objects: {@code <raw-prefix><dataset>/<file>}. */
    String rawPrefix();

    /** Prefix of cleaned outputs: {@code <clean-prefix><dataset>/<file>.csv|.jsonl}. */
    String cleanPrefix();

    /** Prefix of the lake: {@code <curated-prefix><dataset>/[<col>=<value>/...]<file>-<version>.parquet}. */
    String curatedPrefix();

    /** Prefix of the scheduled exports: {@code <export-prefix><dataset>_export/[<col>=<value>/]<dataset>-<from>-<to>.parquet}. */
    String exportPrefix();

    /** Prefix of the lake's table definitions: {@code <catalog-prefix><table>.sql}, the Athena DDL. */
    String catalogPrefix();

    /**
     * How much Parquet a file's clean may buffer in memory, all its open partition files together
     * (MB); past it, the file holding most is finished and its partition continues in another.
     */
    int parquetMemoryMb();

    /** BatchWriteItem calls in flight while a file's rows are loaded into DynamoDB. */
    int loadThreads();

    /** Prefix of quality reports: {@code <reports-prefix><dataset>/<file>.json}. */
    String reportsPrefix();

    /** Prefix of rejected rows: {@code <rejected-prefix><dataset>/<file>.csv} (line, rule, reason, record). */
    String rejectedPrefix();

    /** DynamoDB table of Tributary's own state: ingested file hashes and cleaned raw objects. */
    String stateTable();

    /** Prefix of a dataset's DynamoDB table name when its spec names none. */
    String tablePrefix();

    /** The Kinesis stream that change streams go to. */
    String kinesisStream();

    /** The folder of routes; dataset specs are read from its {@code datasets/} folder. */
    String routesDir();

    /** Where raw and cleaned files are spooled while a file is cleaned. */
    String spoolDir();

    /** How often raw/ is listed for new objects (container mode). */
    Duration rawPollInterval();

    Inbox inbox();

    Aws aws();

    Changes changes();

    Archive archive();

    Generator generator();

    /** The stream-changes flow: DynamoDB Streams of tables → the Kinesis stream. */
    interface Changes {
        /** Whether the DynamoDB Streams source runs (container and local mode). */
        boolean enabled();

        /** Tables whose streams are read; empty: the table of every dataset spec. */
        Optional<List<String>> tables();

        /** How often each stream is read. */
        Duration pollInterval();

        /** Records read from a shard per call (DynamoDB Streams allows up to 1000). */
        int batchSize();

        /** The Kinesis partition key of a change: a template over its document. */
        String partitionKey();
    }

    /** The archive-stream flow: the Kinesis stream → gzip JSON Lines under the archive prefix. */
    interface Archive {
        /** Whether the Kinesis source runs (container and local mode). */
        boolean enabled();

        /** Where archived objects go: {@code <prefix><stream>/yyyy/MM/dd/HH/...}. */
        String prefix();

        /** The archive's table in the lake's catalog ({@code <catalog-prefix><table>.sql}, Glue on AWS). */
        String table();

        /** Where records whose transform failed go, with the reason. */
        String errorPrefix();

        /** Buffering hint: write an object once this many bytes of records are buffered. */
        int bufferMb();

        /** Buffering hint: write an object once its first record has waited this long. */
        Duration bufferInterval();

        /** How often the stream is read. */
        Duration pollInterval();

        /** Records read from a shard per call (Kinesis allows up to 10,000). */
        int batchSize();
    }

    /** The mock generator of fake user profiles (a demo source of changes). */
    interface Generator {
        /** Whether it runs (off by default). */
        boolean enabled();

        /** The table it writes to. */
        String table();

        /** Profiles inserted per second. */
        int rate();
    }

    /** The watched directory of container and local mode. */
    interface Inbox {
        /** The directory watched for *.csv, *.json and *.jsonl files. */
        String dir();

        /** Where ingested files are moved, relative to the inbox unless absolute. */
        String doneDir();

        /** Where files that could not be ingested are moved, with a .error.txt file giving the reason. */
        String failedDir();
    }

    Local local();

    Glue glue();

    Api api();

    Export export();

    Athena athena();

    /** Where {@code ./tributary query --aws} runs its queries. */
    interface Athena {
        /** The Athena workgroup. */
        String workgroup();

        /** Where Athena writes results ({@code s3://...}); none: the workgroup's own setting. */
        Optional<String> outputLocation();
    }

    /** The local stack's mock JSON API ({@code local/MockFlowersApi}). */
    interface MockApi {
        /** Whether local mode serves it. */
        boolean enabled();

        /** Its loopback port (0: any free one). */
        int port();

        /** The key it asks for in {@code X-Api-Key}. */
        String key();

        /** Every n-th request answers 429 or 500 (0: never). */
        int failEvery();

        /** Its data's seed. */
        long seed();
    }

    /** The API sources: dataset specs with an {@code api} key (docs/api-sources.md). */
    interface Api {
        /** Whether the api-schedule source runs (container and local mode). */
        boolean enabled();

        /** How often the sources' schedules are checked. */
        Duration pollInterval();

        /** A schedule for every API source instead of each spec's (the demo's: every minute). */
        Optional<String> schedule();
    }

    /** The scheduled exports: dataset specs with an {@code export} key (docs/api-sources.md). */
    interface Export {
        /** Whether the export-schedule source runs (container and local mode). */
        boolean enabled();

        /** How often the exports' schedules are checked. */
        Duration pollInterval();

        /** A schedule for every export instead of each spec's (the demo's: every minute). */
        Optional<String> schedule();

        /** How long after a clean ends its rows are exported (the window ends this long before the run). */
        Duration settle();
    }

    /** The AWS Glue Data Catalog the lake's tables are kept in (AWS mode). */
    interface Glue {
        /** Keep the lake's tables and partitions in Glue (the SAM template turns it on). */
        boolean enabled();

        /** The Glue database of the tables. */
        String database();

        /** How Athena finds the partitions: {@code register}, {@code projection} or {@code crawler}. */
        String partitions();

        /** The crawler {@code partitions=crawler} starts after each write. */
        Optional<String> crawler();
    }

    interface Aws {
        /** The AWS region of every client. */
        String region();

        /** Endpoint override for S3 (local mode sets it; empty: the SDK's own resolution). */
        Optional<String> s3Endpoint();

        /** Endpoint override for DynamoDB. */
        Optional<String> dynamodbEndpoint();

        /** Endpoint override for Kinesis. */
        Optional<String> kinesisEndpoint();
    }

    /**
     * How long after a file's clean failed it is cleaned again (container and local mode; a failed
     * warehouse load, a table that was missing): at most once per this interval while it fails.
     */
    @WithDefault("10m")
    Duration retryFailedAfter();

    /** The warehouse that {@code output.warehouse} loads (docs/warehouse.md). */
    Warehouse warehouse();

    /** The local console at the HTTP server's root (docs/console.md). */
    Console console();

    interface Console {
        /** Serve the console's pages (local and container mode; the Lambda has no HTTP server). */
        @WithDefault("true")
        boolean enabled();

        /**
         * The folder of the SQL engine's jars (DuckDB, which the build copies there for {@code ./tributary
         * query}); the console's SQL page says so when it is not there.
         */
        @WithDefault("app/target/query-lib")
        String queryEngineDir();

        /**
         * The host names the console answers to (the Host header, without its port); another is refused,
         * so that a site whose name is pointed at 127.0.0.1 cannot read the console (DNS rebinding).
         */
        @WithDefault("localhost,127.0.0.1,[::1]")
        List<String> hosts();
    }

    /** How a long clean tells how far it is (the log, and the console's running cleans). */
    ProgressLog progress();

    interface ProgressLog {
        /** How often a clean of a big file logs its progress. */
        @WithDefault("5s")
        java.time.Duration logEvery();

        /** The size from which a raw file's clean logs progress, in MB (the console shows every clean's). */
        @WithDefault("4")
        int minSizeMb();
    }

    /**
     * The warehouse: Redshift through the Data API when a workgroup or cluster is set, else
     * PostgreSQL by JDBC URL, else (local mode) the local stack's PostgreSQL.
     */
    interface Warehouse {
        /** The schema the dataset tables and the load ledger are in. */
        @WithDefault("public")
        String schema();

        /** Prefix of the staged objects: {@code <staging-prefix><dataset>/<file>-<version>.csv}. */
        @WithDefault("staging/")
        String stagingPrefix();

        /** The table of loaded objects (object, table, content hash), written in each load's transaction. */
        @WithDefault("tributary_loads")
        String ledgerTable();

        /** A PostgreSQL of your own: {@code jdbc:postgresql://host:5432/db}. */
        Optional<String> jdbcUrl();

        Optional<String> user();

        Optional<String> password();

        /** Amazon Redshift, through the Redshift Data API. */
        Redshift redshift();
    }

    /** Amazon Redshift: a Serverless workgroup or a provisioned cluster, and the role its COPY reads S3 with. */
    interface Redshift {
        /** A Redshift Serverless workgroup's name. */
        Optional<String> workgroup();

        /** A provisioned cluster's identifier. */
        Optional<String> clusterId();

        @WithDefault("dev")
        String database();

        /** The database user (a provisioned cluster, with temporary credentials); else secret-arn. */
        Optional<String> dbUser();

        /** A Secrets Manager secret with the database credentials. */
        Optional<String> secretArn();

        /** The IAM role Redshift assumes for COPY to read the staging and archive prefixes. */
        Optional<String> iamRole();

        /** Endpoint override of the Redshift Data API. */
        Optional<String> endpoint();

        /** How long one load may run before it is reported failed. */
        @WithDefault("15m")
        Duration timeout();
    }

    /** The built-in local AWS (emulators run as a child process). */
    interface Local {
        /** Start the emulators and create the bucket, tables and stream at startup. */
        @WithDefault("false")
        boolean enabled();

        /** Keep no state: everything is gone when Tributary stops. */
        boolean inMemory();

        /** Where emulator state (unless in-memory) and emulator logs are kept. */
        String stateDir();

        /** Loopback port of the S3 emulator; 0 picks a free one. */
        int s3Port();

        /** Loopback port of the DynamoDB (and Streams) emulator; 0 picks a free one. */
        int dynamodbPort();

        /** Loopback port of the Kinesis emulator (plain HTTP); 0 picks a free one. */
        int kinesisPort();

        /** Loopback port kinesis-local also serves HTTPS on; 0 picks a free one. */
        int kinesisTlsPort();

        /** Start the local warehouse (PostgreSQL) with the emulators. */
        @WithDefault("true")
        boolean warehouse();

        /** Loopback port of the local warehouse (PostgreSQL); 0 picks a free one. */
        @WithDefault("4571")
        int postgresPort();

        /** The emulators' classpath, built by the local-aws module. */
        String emulatorsDir();

        /** Where kinesis-local (npm) is installed. */
        String kinesisDir();

        /** The node executable that runs kinesis-local. */
        String node();

        /** Credentials the emulators accept (and local clients use). */
        String accessKey();

        String secretKey();

        /** How long the emulators may take to start. */
        Duration startupTimeout();

        /**
         * The heap of the emulators' JVM (S3 and DynamoDB), in MB. In memory, every object and item
         * is held in it.
         */
        @WithDefault("1024")
        int emulatorHeapMb();

        /** The mock JSON API the local stack serves (flowers, for the API source). */
        MockApi mockApi();
    }
}
