package io.tributary.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A call to an AWS service's JSON API (the {@code awsJson1.1} protocol of Glue and Athena): a
 * signed (SigV4) POST with the operation in {@code X-Amz-Target}, a JSON body, a JSON answer. Used
 * instead of the services' SDK modules, which would add megabytes to function.zip (Glue's alone is
 * 9.4 MB, past the 50 MB direct-upload limit) for the four calls Tributary makes.
 */
public final class AwsJsonClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The service refused the call: its error type ({@code EntityNotFoundException}...) and message. */
    public static final class ServiceError extends RuntimeException {
        private final String type;
        private final int status;

        ServiceError(String operation, int status, String type, String message) {
            super(operation + ": " + type + " (HTTP " + status + "): " + message);
            this.type = type;
            this.status = status;
        }

        public String type() {
            return type;
        }

        public int status() {
            return status;
        }
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final URI endpoint;
    private final String signingName;
    private final String targetPrefix;

    /**
     * @param signingName  the service's name in signatures ({@code glue}, {@code athena})
     * @param targetPrefix the operations' prefix in {@code X-Amz-Target} ({@code AWSGlue}, {@code AmazonAthena})
     */
    public AwsJsonClient(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                         String signingName, String targetPrefix) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
        this.signingName = signingName;
        this.targetPrefix = targetPrefix;
    }

    public static ObjectNode body() {
        return JSON.createObjectNode();
    }

    /** Calls {@code operation} with {@code body}; the answer, or a {@link ServiceError}. */
    public JsonNode call(String operation, ObjectNode body) {
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", targetPrefix + "." + operation)
                .putHeader("Content-Length", Integer.toString(payload.length))
                .build();
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            String text;
            try (InputStream in = response.responseBody().map(InputStream.class::cast)
                    .orElse(InputStream.nullInputStream())) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            JsonNode answer = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                String type = answer.path("__type").asText("HTTP " + status);
                type = type.substring(type.lastIndexOf('#') + 1);
                String message = answer.has("message") ? answer.get("message").asText() : answer.path("Message").asText();
                throw new ServiceError(targetPrefix + "." + operation, status, type, message);
            }
            return answer;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(targetPrefix + "." + operation + " at " + endpoint + ": "
                    + e.getMessage(), e);
        }
    }
}
