package io.tributary.camel;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.nio.file.Path;

/**
 * A file from the inbox on its way to raw/: its content hash, its dataset, the raw key it gets,
 * and, when identical content is already in raw/, the key that holds it.
 */
@RegisterForReflection
public record RawFile(Path path, String name, long size, String sha256, String dataset, String rawKey,
                      String alreadyIngestedAs) {

    public RawFile withRawKey(String key) {
        return new RawFile(path, name, size, sha256, dataset, key, alreadyIngestedAs);
    }
}
