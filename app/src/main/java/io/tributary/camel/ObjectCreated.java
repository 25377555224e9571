package io.tributary.camel;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * "A new object is in the bucket": the one message shape the clean flow takes, whichever source
 * produced it (the raw/ watcher here, the Lambda S3 event there).
 */
@RegisterForReflection
public record ObjectCreated(String bucket, String key, long size, String etag) {

    /** ETags come quoted from S3 listings and bare in S3 events; this shape always holds them bare. */
    public ObjectCreated {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            etag = etag.substring(1, etag.length() - 1);
        }
    }
}
