package io.tributary.camel;

import io.tributary.TributaryConfig;
import io.tributary.aws.AwsClients;
import io.tributary.aws.RawStore;
import io.tributary.aws.StateLedger;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Container mode's "object created" source: lists raw/ and reports each object (key + ETag) the
 * state ledger has not seen cleaned, in the same shape a Lambda S3 event gives. An object that
 * fails is cleaned again {@code tributary.retry-failed-after} later (a warehouse that was down, a
 * table since fixed), then after twice as long at each failure, up to {@value #LONGEST_WAIT} times
 * as long ({@link #retryDelay}); sooner when it changes, Tributary restarts, or the local emulators
 * are started again after they died; the ledger keeps the reason.
 */
@Singleton
@Named("rawObjects")
public class RawObjectWatcher {

    private final RawStore store;
    private final StateLedger ledger;
    private final String prefix;
    private final Map<String, String> cleanedEtags = new ConcurrentHashMap<>();
    /** Objects that failed, with how many times the local emulators had restarted when they were handed out. */
    private final Map<String, Failure> failedThisRun = new ConcurrentHashMap<>();
    private final java.time.Duration retryAfter;
    private final java.time.Clock clock = java.time.Clock.systemUTC();
    private final Map<String, Integer> handedOut = new ConcurrentHashMap<>();
    private volatile int restarts;

    public RawObjectWatcher(RawStore store, StateLedger ledger, TributaryConfig config, AwsClients clients) {
        this.store = store;
        this.ledger = ledger;
        this.prefix = config.rawPrefix();
        this.retryAfter = config.retryFailedAfter();
        // what failed while the local emulators were gone (or as they went) is cleaned again once they are back
        clients.emulated().ifPresent(local -> local.onRestart(() -> restarts++));
    }

    public List<ObjectCreated> newObjects() {
        List<ObjectCreated> found = new ArrayList<>();
        for (S3Object object : store.list(prefix)) {
            if (object.key().endsWith("/")) {
                continue;
            }
            // some S3 implementations list an object without its ETag while it is being written
            String listedEtag = object.eTag() != null ? object.eTag()
                    : store.head(object.key()).map(h -> h.eTag()).orElse(null);
            if (listedEtag == null) {
                continue;
            }
            ObjectCreated created = new ObjectCreated(store.bucket(), object.key(), object.size(), listedEtag);
            String key = created.key();
            String etag = created.etag();
            Failure failure = failedThisRun.get(key + etag);
            if (etag.equals(cleanedEtags.get(key))
                    || failure != null && failure.restarts() == restarts && !clock.instant().isAfter(failure.retryAt())) {
                continue;
            }
            if (ledger.objectState(key).filter(s -> s.cleaned(etag)).isPresent()) {
                cleanedEtags.put(key, etag);
                continue;
            }
            handedOut.put(key + etag, restarts);
            found.add(created);
        }
        return found;
    }

    void cleaned(ObjectCreated object) {
        cleanedEtags.put(object.key(), object.etag());
        handedOut.remove(object.key() + object.etag());
    }

    void failed(ObjectCreated object) {
        String version = object.key() + object.etag();
        Integer when = handedOut.remove(version);
        Failure before = failedThisRun.get(version);
        int failures = before == null ? 1 : before.failures() + 1;
        failedThisRun.put(version, new Failure(when == null ? restarts : when, failures,
                clock.instant().plus(retryDelay(retryAfter, failures))));
    }

    /** When this version of a raw object, which failed in this run, is cleaned again (unless it changes first). */
    public java.util.Optional<java.time.Instant> retryAt(String key, String etag) {
        Failure failure = failedThisRun.get(key + etag);
        return failure == null ? java.util.Optional.empty() : java.util.Optional.of(failure.retryAt());
    }

    /** The longest wait before a failed object is cleaned again, in {@code tributary.retry-failed-after}s. */
    static final int LONGEST_WAIT = 32;

    /**
     * How long after its {@code failures}-th failure an object is cleaned again: {@code first}, then
     * twice as long each time (a failure that lasts is not tried every few minutes forever), at most
     * {@value #LONGEST_WAIT} times {@code first} (10 min: 20, 40, ... up to 5 h 20 min).
     */
    static java.time.Duration retryDelay(java.time.Duration first, int failures) {
        return first.multipliedBy(Math.min(LONGEST_WAIT, 1L << Math.min(30, Math.max(0, failures - 1))));
    }

    /**
     * A failed object: how many emulator restarts there had been when it was handed out, how many
     * times it failed in this run, and when to clean it again.
     */
    private record Failure(int restarts, int failures, java.time.Instant retryAt) {
    }
}
