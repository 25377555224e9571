package io.tributary.local;

import io.tributary.Datasets;
import io.tributary.TributaryConfig;
import io.tributary.aws.EmulatedAws;
import io.tributary.aws.Provisioner;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * The built-in local AWS as local mode uses it: the emulators started before the first client
 * (on the configured or free ports), the bucket, tables and stream the configuration and the
 * specs name made once the clients exist, the endpoints banner printed, and all of it made again
 * when the emulators had to be restarted. The emulators stop when Tributary does, after its routes.
 */
@Singleton
public class LocalStack implements EmulatedAws {

    private final TributaryConfig config;
    private final Datasets datasets;
    private LocalAws local;
    private MockFlowersApi mockApi;

    /** The system property that holds the local mock API's URL once it runs (specs name it in their api.url). */
    public static final String MOCK_API_URL = "tributary.local.mock-api-url";

    public LocalStack(TributaryConfig config, Datasets datasets) {
        this.config = config;
        this.datasets = datasets;
    }

    @Override
    public synchronized Endpoints start() {
        if (local == null) {
            LocalAws.freshConnections();
            local = new LocalAws(config.local());
        }
        LocalAws.Endpoints e = local.start();
        return new Endpoints(e.s3(), e.dynamodb(), e.kinesis(), e.postgres());
    }

    @Override
    public void clientsReady(Provisioner provisioner) {
        provisioner.ensure(config, datasets.all());
        try {
            // the banner says "drop files here": it is there before the banner, not when the inbox route starts
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(config.inbox().dir()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create the inbox " + config.inbox().dir()
                    + " (tributary.inbox.dir): " + e.getMessage(), e);
        }
        startMockApi();
        LocalAwsBanner.print(config, local.endpoints(), datasets.all(), mockApi == null ? null : mockApi.url());
        // emulators that died are started again on the same ports; in memory they come back empty
        local.onRestart(() -> provisioner.ensure(config, datasets.all()));
    }

    private synchronized void startMockApi() {
        TributaryConfig.MockApi settings = config.local().mockApi();
        if (mockApi != null || !settings.enabled()) {
            return;
        }
        try {
            mockApi = MockFlowersApi.start(settings.port(), settings.seed(), java.time.Clock.systemUTC(), settings.key(),
                    settings.failEvery());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot start the local mock API on port " + settings.port()
                    + " (tributary.local.mock-api.port): " + e.getMessage(), e);
        }
        System.setProperty(MOCK_API_URL, mockApi.url());
    }

    @Override
    public void onRestart(Runnable action) {
        start();
        local.onRestart(action);
    }

    @PreDestroy
    synchronized void close() {
        if (mockApi != null) {
            mockApi.close();
            System.clearProperty(MOCK_API_URL);
            mockApi = null;
        }
        if (local != null) {
            local.close();
        }
    }
}
