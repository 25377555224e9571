package io.tributary.local;

import io.tributary.TributaryConfig;
import io.tributary.clean.DatasetSpec;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** What a user sees when local mode is up: endpoints, resources, and AWS CLI lines to paste. */
public final class LocalAwsBanner {

    private static final Logger LOG = Logger.getLogger("tributary.local");

    private LocalAwsBanner() {
    }

    /** @param mockApi the local mock API's URL, or null when it is off */
    public static void print(TributaryConfig config, LocalAws.Endpoints endpoints, Collection<DatasetSpec> datasets,
                             String mockApi) {
        String tables = datasets.stream().filter(d -> d.dynamodb() != null).map(d -> d.dynamodb().table()).collect(Collectors.joining(", "));
        String firstTable = datasets.stream().filter(d -> d.dynamodb() != null).map(d -> d.dynamodb().table()).findFirst().orElse(config.stateTable());
        String inbox = Path.of(config.inbox().dir()).toAbsolutePath().normalize().toString();
        String text = """

                ──────────────── Tributary on local AWS ────────────────
                  S3        %s   bucket %s
                  DynamoDB  %s   tables %s, %s
                  Kinesis   %s   stream %s
                  Inbox     %s   (drop *.csv, *.json, *.jsonl here)%s%s

                  Look at the results with the AWS CLI (any credentials work locally):
                    export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_DEFAULT_REGION=%s
                    export AWS_REQUEST_CHECKSUM_CALCULATION=when_required   # uploads the local S3 takes
                    aws --endpoint-url %s s3 ls --recursive s3://%s/
                    aws --endpoint-url %s dynamodb scan --table-name %s --max-items 3
                    aws --endpoint-url %s kinesis describe-stream-summary --stream-name %s
                ─────────────────────────────────────────────────────────
                """.formatted(
                endpoints.s3(), config.bucket(),
                endpoints.dynamodb(), tables.isEmpty() ? "(no dataset specs)" : tables, config.stateTable(),
                endpoints.kinesis(), config.kinesisStream(),
                inbox, mockApi == null ? "" : "\n  Mock API  " + mockApi + "/flowers   (X-Api-Key: " + config.local().mockApi().key()
                        + "; the flowers spec pulls it on its schedule)", warehouse(endpoints.postgres(), datasets),
                config.local().accessKey(), config.local().secretKey(), config.aws().region(),
                endpoints.s3(), config.bucket(),
                endpoints.dynamodb(), firstTable,
                endpoints.kinesis(), config.kinesisStream());
        LOG.info(text);
    }

    /** The local warehouse's lines: its JDBC URL, the tables the specs load, a psql line to paste. */
    static String warehouse(String jdbcUrl, Collection<DatasetSpec> datasets) {
        if (jdbcUrl == null) {
            return "";
        }
        java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        List<String> tables = datasets.stream().filter(d -> d.warehouse() != null).map(d -> d.warehouse().table()).toList();
        String example = tables.isEmpty() ? "SELECT * FROM tributary_loads"
                : "SELECT COUNT(*) FROM " + tables.get(0);
        return "\n  Warehouse " + jdbcUrl + "   tables " + (tables.isEmpty() ? "(no spec loads one)" : String.join(", ", tables))
                + "\n            psql -h " + uri.getHost() + " -p " + uri.getPort() + " -U " + LocalAws.POSTGRES_USER
                + " -c '" + example + "'   (PostgreSQL 14; docs/warehouse.md)";
    }
}
