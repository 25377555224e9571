package io.tributary.camel;

import io.tributary.Datasets;
import io.tributary.TributaryConfig;
import io.tributary.api.ApiExtractor;
import io.tributary.api.Placeholders;
import io.tributary.aws.JobStates;
import io.tributary.aws.ApiKeys;
import io.tributary.aws.RawStore;
import io.tributary.clean.DatasetSpec;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The API sources' steps: which datasets are due ({@link #due}: each spec with an {@code api} key,
 * on its schedule, or {@code tributary.api.schedule} for all), and one run of one
 * ({@link #extract}): its new records as one raw object, {@code raw/<dataset>/<dataset>-<run>.jsonl}
 * (the run's start, to the millisecond, UTC),
 * with where they came from in its metadata, then the cursor. The clean flow does the rest.
 */
@Singleton
@Named("apiSources")
public class ApiSources {

    private static final Logger LOG = Logger.getLogger(ApiSources.class);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final TributaryConfig config;
    private final Datasets datasets;
    private final RawStore store;
    private final JobStates cursors;
    private final ApiKeys keys;
    private final ApiExtractor extractor;
    private final Clock clock;
    private final Schedules schedules;

    public ApiSources(TributaryConfig config, Datasets datasets, RawStore store, JobStates cursors, ApiKeys keys) {
        this.config = config;
        this.datasets = datasets;
        this.store = store;
        this.cursors = cursors;
        this.keys = keys;
        this.extractor = new ApiExtractor(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), Thread::sleep);
        this.clock = Clock.systemUTC();
        this.schedules = new Schedules("api", spec -> spec.api() == null ? null : spec.api().schedule(),
                config.api().schedule());
    }

    /** The datasets whose next run is due: never run, or their schedule's next time after the last run has come. */
    public List<String> due() {
        return schedules.due(datasets.all(), dataset -> cursors.get(JobStates.API, dataset)
                .map(JobStates.State::lastRun), clock.instant());
    }

    /**
     * One run of a dataset's API: its records since the cursor into a raw object (none when there
     * are none), then the new cursor. A run that fails writes nothing and keeps the cursor.
     */
    public void extract(String dataset) throws IOException, InterruptedException {
        Instant started = clock.instant();
        DatasetSpec spec = schedules.start(datasets.all(), dataset, started);
        DatasetSpec.Api api = spec.api();
        JobStates.State state = cursors.get(JobStates.API, dataset).orElse(new JobStates.State(null, null));
        String key = keys.key(dataset, api.apiKey());
        String url = Placeholders.resolve(api.url(), ApiKeys::setting);
        Path spool = Files.createDirectories(Path.of(config.spoolDir())).resolve("api-" + dataset + ".jsonl");
        ApiExtractor.Run run;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool))) {
                run = extractor.run(api, url, key, state.cursor(), out);
            }
            String from = run.previous() == null ? null : run.previous().value();
            String to = run.next() == null ? null : run.next().value();
            String summary = String.format("%d record%s from %d page%s%s%s%s", run.records(),
                    run.records() == 1 ? "" : "s", run.pages(), run.pages() == 1 ? "" : "s",
                    run.skipped() > 0 ? ", " + run.skipped() + " taken before left out" : "",
                    run.retries() > 0 ? ", " + run.retries() + " retries" : "",
                    api.incremental() == null ? "" : ", cursor " + (from == null ? "(start)" : from) + " → " + to);
            if (run.capped()) {
                LOG.warnf("%s: stopped at max_pages (%d) or max_records (%d); the next run goes on from the cursor",
                        dataset, api.maxPages(), api.maxRecords());
            }
            if (run.records() > 0) {
                String rawKey = config.rawPrefix() + dataset + "/" + dataset + "-" + RUN_ID.format(started) + ".jsonl";
                store.putWithMetadata(rawKey, spool, Map.of(
                        "source-url", RawStore.encodeMetadata(run.url()),
                        "cursor-from", RawStore.encodeMetadata(from == null ? "" : from),
                        "cursor-to", RawStore.encodeMetadata(to == null ? "" : to),
                        "pages", Integer.toString(run.pages()),
                        "records", Long.toString(run.records())), "application/x-ndjson");
                LOG.infof("API %s: %s → s3://%s/%s", dataset, summary, store.bucket(), rawKey);
            } else {
                LOG.infof("API %s: nothing new (%s)", dataset, summary);
            }
            cursors.save(JobStates.API, dataset, new JobStates.State(run.next(), started));
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** The route's error step: says which source failed and why; the cursor stays, the next run tries again. */
    public void failed(org.apache.camel.Exchange exchange) {
        LOG.errorf("API %s failed: %s; the cursor stays where it was, the next run tries again",
                exchange.getIn().getBody(String.class), Schedules.failure(exchange));
    }
}
