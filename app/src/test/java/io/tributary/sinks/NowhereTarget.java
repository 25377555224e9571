package io.tributary.sinks;

import io.tributary.clean.DatasetSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A target that publishes nowhere: uploads are recorded by key (the file stays where it is), the
 * bucket is empty, DynamoDB is not there. Tests and benchmarks extend it with what they look at.
 */
public class NowhereTarget implements Target {

    /** The keys uploaded, in order. */
    public final List<String> uploads = new ArrayList<>();

    @Override
    public String upload(String key, Path file, String contentType) {
        uploads.add(key);
        return uri(key);
    }

    @Override
    public String uri(String key) {
        return "s3://bench/" + key;
    }

    @Override
    public Optional<String> readText(String key) {
        return Optional.empty();
    }

    @Override
    public String putShared(String key, String text, String contentType) {
        return uri(key);
    }

    @Override
    public Loaded load(DatasetSpec spec, Path items, List<String> keyColumns) {
        throw new UnsupportedOperationException("no DynamoDB here");
    }
}
