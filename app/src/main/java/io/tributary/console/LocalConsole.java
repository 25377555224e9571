package io.tributary.console;

import io.tributary.Datasets;
import io.tributary.TributaryConfig;
import io.tributary.aws.StateLedger;
import io.tributary.camel.CleanJobs;
import io.tributary.clean.DatasetSpec;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import io.tributary.catalog.LakeTable;
import io.tributary.query.LakeDatabase;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local console at {@code http://127.0.0.1:8080/} (local mode's HTTP server, on loopback;
 * {@code tributary.console.enabled}, off in Lambda): the pages of {@link ConsolePages} from the
 * state table and the running cleans, and {@code /s3/<key>} for the bucket's reports, rejected rows
 * and clean outputs (read only, those prefixes only).
 */
@Singleton
public class LocalConsole {

    private final TributaryConfig config;
    private final Datasets datasets;
    private final StateLedger ledger;
    private final CleanJobs jobs;
    private final S3Client s3;

    private final io.tributary.camel.RawObjectWatcher watcher;

    public LocalConsole(TributaryConfig config, Datasets datasets, StateLedger ledger, CleanJobs jobs, S3Client s3,
                        io.tributary.camel.RawObjectWatcher watcher) {
        this.watcher = watcher;
        this.config = config;
        this.datasets = datasets;
        this.ledger = ledger;
        this.jobs = jobs;
        this.s3 = s3;
    }

    void routes(@Observes Router router) {
        if (!config.console().enabled()) {
            return;
        }
        router.get("/").blockingHandler(guarded(ctx -> html(ctx, ConsolePages.home(
                datasets.all().stream().map(DatasetSpec::name).toList(), files(), running(), Instant.now()))));
        router.get("/datasets/:name").blockingHandler(guarded(ctx -> html(ctx, ConsolePages.dataset(
                ctx.pathParam("name"), files(), running(), Instant.now(), this::serves))));
        router.get("/lake").blockingHandler(guarded(this::lake));
        router.get("/s3/*").blockingHandler(guarded(this::object));
    }

    /**
     * A console page answers only when asked by one of {@code tributary.console.hosts} (so that a web
     * site whose name an attacker points at 127.0.0.1 cannot read it: DNS rebinding).
     */
    private io.vertx.core.Handler<RoutingContext> guarded(io.vertx.core.Handler<RoutingContext> page) {
        return ctx -> {
            // the Host header (HTTP/1.1) or the :authority (HTTP/2)
            io.vertx.core.net.HostAndPort authority = ctx.request().authority();
            String host = authority == null ? null : unbracketed(authority.host());
            if (host == null || config.console().hosts().stream().noneMatch(h -> unbracketed(h).equalsIgnoreCase(host))) {
                ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("The console answers to " + String.join(", ", config.console().hosts())
                                + " only (tributary.console.hosts), not to " + host);
                return;
            }
            // no script runs on a console page, even one made of data an escape missed; no page frames it
            ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
            page.handle(ctx);
        };
    }

    /** The pages' policy: their own inline styles and forms, nothing else (no script, font, frame or request out). */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** An IPv6 address without its brackets ({@code [::1]} → {@code ::1}), another name as it is. */
    static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * The lake page; a query is run only when the browser says the request comes from the console's
     * own pages or a person (a typed or kept address): never from another site's page
     * ({@code Sec-Fetch-Site}), and always in a DuckDB confined to the lake's files.
     */
    private void lake(RoutingContext ctx) {
        String sql = ctx.queryParams().get("sql");
        LakePage.Chart chart = LakePage.Chart.of(ctx.queryParams().get("chart"));
        String site = ctx.request().getHeader("Sec-Fetch-Site");
        if (sql != null && site != null && !site.equals("same-origin") && !site.equals("none")) {
            ctx.response().setStatusCode(403);
            html(ctx, LakePage.render(List.of(), null, sql, chart, LakePage.Answer.failed("Not run: the query came from"
                    + " another site's page (Sec-Fetch-Site: " + site + "). Check it, then press Run.")));
            return;
        }
        html(ctx, lake(sql, chart));
    }

    /** Rows of a query's result read at most: the charts are of them all (in bounded memory), the table shows the first. */
    static final long ROWS_READ = 10_000_000;

    /**
     * The lake page: the lake's tables with their row counts and, when asked, a query's result. One
     * query at a time (the tables' files are cached on disk, by ETag, in the spool folder).
     */
    private synchronized String lake(String sql, LakePage.Chart chart) {
        String query = sql == null || sql.isBlank() ? null : sql;
        Driver engine;
        try {
            engine = LakeDatabase.engine(Path.of(config.console().queryEngineDir()));
        } catch (LakeDatabase.NoEngine e) {
            return LakePage.render(List.of(), e.getMessage(), query, chart,
                    query == null ? null : LakePage.Answer.failed(e.getMessage()));
        }
        LakeDatabase.Lake where = new LakeDatabase.Lake(config.bucket(), config.catalogPrefix(),
                Path.of(config.spoolDir(), "query-cache"));
        try (LakeDatabase db = LakeDatabase.open(s3, where, engine, true)) {
            List<LakePage.Table> tables = new ArrayList<>();
            for (LakeTable t : db.tables().values()) {
                long rows;
                try {
                    rows = db.rowCount(t.name());
                } catch (SQLException e) {
                    rows = -1;
                }
                tables.add(new LakePage.Table(t.name(), t.location(), t.storage().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' '), t.columns().stream().map(c -> c.name() + " " + c.type()).toList(),
                        t.partitions().stream().map(c -> c.name() + " " + c.type()).toList(), rows));
            }
            LakePage.Answer answer = null;
            if (query != null) {
                try {
                    ResultProfile profile = new ResultProfile();
                    LakeDatabase.Result result = db.query(query, LakePage.ROWS_SHOWN, ROWS_READ, profile);
                    answer = new LakePage.Answer(result.names(), result.rows(), result.read(), result.more(), profile,
                            null);
                } catch (SQLException e) {
                    answer = LakePage.Answer.failed(db.reason(e));
                }
            }
            return LakePage.render(tables, null, query, chart, answer);
        } catch (LakeDatabase.EmptyLake e) {
            return LakePage.render(List.of(), e.getMessage(), query, chart,
                    query == null ? null : LakePage.Answer.failed(e.getMessage()));
        } catch (IOException | SQLException | RuntimeException e) {
            String why = "Reading the lake failed: " + e.getMessage();
            return LakePage.render(List.of(), why, query, chart, query == null ? null : LakePage.Answer.failed(why));
        }
    }

    private static void html(RoutingContext ctx, String page) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page);
    }

    /** The prefixes whose objects the console serves: outputs a person looks at, not raw data or state. */
    private List<String> served() {
        return List.of(config.reportsPrefix(), config.rejectedPrefix(), config.cleanPrefix(), config.catalogPrefix());
    }

    /** Whether the console serves this object: under one of {@link #served()}'s prefixes, and no way out of them. */
    private boolean serves(String key) {
        return !key.contains("..") && served().stream().anyMatch(key::startsWith);
    }

    private void object(RoutingContext ctx) {
        String key = java.net.URLDecoder.decode(ctx.request().path().substring("/s3/".length()),
                java.nio.charset.StandardCharsets.UTF_8);
        if (!serves(key)) {
            ctx.response().setStatusCode(404).end("not served: " + key);
            return;
        }
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(g -> g.bucket(config.bucket()).key(key));
            String type = key.endsWith(".html") ? "text/html; charset=utf-8" : key.endsWith(".json")
                    ? "application/json" : "text/plain; charset=utf-8";
            ctx.response().putHeader("Content-Type", type).end(Buffer.buffer(bytes.asByteArray()));
        } catch (NoSuchKeyException e) {
            ctx.response().setStatusCode(404).end("no such object: s3://" + config.bucket() + "/" + key);
        }
    }

    private List<ConsolePages.InProgress> running() {
        return jobs.running().stream().map(r -> new ConsolePages.InProgress(r.rawKey(), r.dataset(), r.started(),
                r.doing())).toList();
    }

    /** Every raw object's state as the console shows it. */
    private List<ConsolePages.FileState> files() {
        List<ConsolePages.FileState> files = new ArrayList<>();
        ledger.objects().forEach((key, item) -> {
            if (!item.containsKey("status")) {
                return;
            }
            String dataset = item.containsKey("dataset") ? item.get("dataset").s() : datasetOf(key);
            String report = item.containsKey("report") ? ConsolePages.keyOf(item.get("report").s()) : null;
            List<String> outputs = item.containsKey("outputs") ? item.get("outputs").l().stream().map(AttributeValue::s)
                    .toList() : List.of();
            files.add(new ConsolePages.FileState(key, dataset, item.get("status").s(),
                    item.containsKey("reason") ? item.get("reason").s() : null,
                    item.containsKey("at") ? Instant.parse(item.get("at").s()) : null, number(item, "rows_in"),
                    number(item, "rows_out"), counts(item.get("dropped")), counts(item.get("rejected")),
                    number(item, "duration_ms"), report, outputs, "failed".equals(item.get("status").s())
                    && item.containsKey("etag") ? watcher.retryAt(key, item.get("etag").s()).orElse(null) : null));
        });
        return files;
    }

    /** raw/<dataset>/<file>: the dataset's folder. */
    private String datasetOf(String rawKey) {
        String rest = rawKey.startsWith(config.rawPrefix()) ? rawKey.substring(config.rawPrefix().length()) : rawKey;
        int slash = rest.indexOf('/');
        return slash < 0 ? "(none)" : rest.substring(0, slash);
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Map<String, Long> counts(AttributeValue m) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (m != null && m.hasM()) {
            m.m().forEach((k, v) -> counts.put(k, v.n() == null ? 0 : Long.parseLong(v.n())));
        }
        return counts;
    }
}
