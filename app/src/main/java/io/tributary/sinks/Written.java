package io.tributary.sinks;

/**
 * One output a sink wrote: an S3 object ({@code s3://bucket/key}) or a table ({@code dynamodb:<table>}),
 * with the rows it holds and, for a summary, how it is described ({@code 10090 items}).
 */
public record Written(String sink, String uri, long rows, String detail) {

    public boolean isObject() {
        return uri.startsWith("s3://");
    }

    /** How the summary line and the report's list name it. */
    public String describe() {
        return detail == null ? uri : uri + " (" + detail + ")";
    }
}
