package io.tributary.aws;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The SDK's url-connection HTTP client, with a connection cut while a request is being sent (an
 * upload, a DynamoDB or Kinesis write, a connection the server closed while it sat idle) thrown as
 * the IOException it is. The client wraps that one in an UncheckedIOException, which the SDK's
 * retry stage lets through unretried (aws-sdk-java-v2 #7347, #6578); as an IOException it is
 * retried like a cut that comes while the response is read (3 attempts in standard mode).
 */
final class RetryableSendHttpClient implements SdkHttpClient {

    private final SdkHttpClient client;

    RetryableSendHttpClient(SdkHttpClient client) {
        this.client = client;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = client.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                try {
                    return prepared.call();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return client.clientName();
    }

    @Override
    public void close() {
        client.close();
    }
}
