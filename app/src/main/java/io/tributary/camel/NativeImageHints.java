package io.tributary.camel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tributary.changes.ChangeBatch;
import io.tributary.changes.StreamBatch;
import io.tributary.clean.RowFunctions;

/**
 * What a native image must keep for reflection, in one place: the beans the YAML routes call by
 * method name, the messages that travel between their steps, and the functions JEXL expressions
 * call. (The JVM needs none of this; see the native profile in docs/deploying.md.)
 */
@RegisterForReflection(targets = {
        ApiSources.class, ChangeStreams.class, CleanJobs.class, DatasetExports.class, InboxIngest.class, MockProfiles.class, PollFailures.class, RawObjectWatcher.class,
        StreamArchive.class, StreamArchive.Transformed.class, StreamArchive.Chunk.class,
        CleanJob.class, ObjectCreated.class, RawFile.class, ChangeBatch.class, StreamBatch.class,
        StreamBatch.StreamRecord.class, RowFunctions.class})
public final class NativeImageHints {
    private NativeImageHints() {
    }
}
