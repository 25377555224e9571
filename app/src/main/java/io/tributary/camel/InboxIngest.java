package io.tributary.camel;

import io.tributary.Datasets;
import io.tributary.TributaryConfig;
import io.tributary.aws.RawStore;
import io.tributary.aws.StateLedger;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** The ingest flow's steps: fingerprint a file from the inbox, upload it to raw/, or explain why not. */
@Singleton
@Named("inboxIngest")
public class InboxIngest {

    private static final Logger LOG = Logger.getLogger(InboxIngest.class);

    private final RawStore store;
    private final StateLedger ledger;
    private final Datasets datasets;
    private final TributaryConfig config;

    public InboxIngest(RawStore store, StateLedger ledger, Datasets datasets, TributaryConfig config) {
        this.store = store;
        this.ledger = ledger;
        this.datasets = datasets;
        this.config = config;
    }

    /**
     * Hashes the file and decides its dataset and raw key; notes identical content already in raw/.
     * An empty file is refused: it holds no rows, not even a header, so nothing could say what it is.
     */
    public RawFile fingerprint(File file) throws IOException {
        Path path = file.toPath();
        String name = file.getName();
        if (Files.size(path) == 0) {
            throw new RefusedFile(name + " is empty (0 bytes): there is nothing to ingest, not even a header");
        }
        String sha256 = sha256(path);
        String dataset = datasets.datasetOf(name);
        String rawKey = config.rawPrefix() + dataset + "/" + RawStore.keyName(name);
        String existing = ledger.rawKeyOf(sha256).orElse(null);
        return new RawFile(path, name, Files.size(path), sha256, dataset, rawKey, existing);
    }

    /**
     * Uploads to {@code raw/<dataset>/<name>} with the original name, sha256 and size as metadata.
     * A different file already under that key is never overwritten: the new one gets
     * {@code <base>.<first 12 hex of its sha256>.<ext>}.
     */
    public RawFile upload(RawFile file) {
        Map<String, String> metadata = Map.of(
                RawStore.META_ORIGINAL_NAME, RawStore.encodeMetadata(file.name()),
                RawStore.META_SHA256, file.sha256(),
                RawStore.META_SIZE, Long.toString(file.size()));
        String key = file.rawKey();
        if (store.putIfAbsent(key, file.path(), metadata, contentType(file.name())).isEmpty()) {
            Optional<HeadObjectResponse> there = store.head(key);
            boolean sameContent = there.map(h -> file.sha256().equals(h.metadata().get(RawStore.META_SHA256)))
                    .orElse(false);
            if (!sameContent) {
                key = versionedKey(file);
                store.putIfAbsent(key, file.path(), metadata, contentType(file.name()));
            }
        }
        ledger.recordRawFile(file.sha256(), key, file.name(), file.size());
        return file.withRawKey(key);
    }

    /** A file the ingest refuses for what it is (not for a failure on the way): the message says why. */
    public static final class RefusedFile extends IOException {
        public RefusedFile(String message) {
            super(message);
        }
    }

    /**
     * Logs why a file could not be ingested, in one line (the stack trace only at DEBUG), and leaves
     * the reason beside it in the failed folder.
     */
    public void recordFailure(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String reason = e == null ? "unknown error"
                : e instanceof RefusedFile ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        Path failed = Path.of(config.inbox().dir()).resolve(config.inbox().failedDir());
        LOG.errorf("Ingest failed for %s: %s (file moved to %s)", Path.of(config.inbox().dir()).resolve(name),
                reason, failed.resolve(name));
        if (e != null) {
            LOG.debug("cause", e);
        }
        try {
            Files.createDirectories(failed);
            Files.writeString(failed.resolve(name + ".error.txt"), reason + System.lineSeparator(),
                    StandardCharsets.UTF_8);
        } catch (IOException io) {
            LOG.warnf("Could not write the reason file for %s: %s", name, io.getMessage());
        }
    }

    private String versionedKey(RawFile file) {
        String name = file.name();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return config.rawPrefix() + file.dataset() + "/" + RawStore.keyName(base + "." + file.sha256().substring(0, 12)
                + ext);
    }

    static String contentType(String name) {
        if (name.endsWith(".csv")) {
            return "text/csv";
        }
        if (name.endsWith(".jsonl")) {
            return "application/x-ndjson";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }

    static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
