package io.tributary.aws;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * The HTTP client of local mode's S3 client: the SDK's Apache client. With the url-connection
 * client (JDK HttpURLConnection, one connection per call), uploads to the local S3 failed now and
 * then with "Error writing request body to server" on every SDK attempt, within milliseconds, with
 * nothing in S3Proxy's log; it took CPU load to show (three runs of three of the hotel end-to-end
 * tests beside two busy cores failed; none did with this client, nor with a TCP proxy between
 * client and emulator). A class of its own, so that the Apache client (removed from function.zip)
 * is loaded only in local mode.
 */
public final class LocalS3HttpClient {
    private LocalS3HttpClient() {
    }

    public static SdkHttpClient create() {
        return ApacheHttpClient.create();
    }
}
