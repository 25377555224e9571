package io.tributary.aws;

import io.quarkus.runtime.Startup;
import io.tributary.TributaryConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The AWS SDK clients every route uses. In local mode ({@code tributary.local.enabled}) it first
 * starts the emulated AWS ({@link EmulatedAws}: the built-in local stack) and points the clients at
 * it, then hands it the provisioner; otherwise the SDK's standard region and credential chain and
 * any endpoint overrides apply.
 */
@Startup
@Singleton
public class AwsClients {

    private final S3Client s3;
    private final DynamoDbClient dynamodb;
    private final KinesisClient kinesis;
    private final DynamoDbStreamsClient streams;
    private final EmulatedAws emulated;
    private final Provisioner provisioner;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final ClientOverrideConfiguration overrides;

    public AwsClients(TributaryConfig config, Instance<EmulatedAws> emulatedAws) {
        TributaryConfig.Aws aws = config.aws();
        Optional<String> s3Endpoint = aws.s3Endpoint();
        Optional<String> dynamodbEndpoint = aws.dynamodbEndpoint();
        Optional<String> kinesisEndpoint = aws.kinesisEndpoint();
        if (config.local().enabled()) {
            emulated = emulatedAws.get();
            EmulatedAws.Endpoints endpoints = emulated.start();
            s3Endpoint = Optional.of(endpoints.s3());
            dynamodbEndpoint = Optional.of(endpoints.dynamodb());
            kinesisEndpoint = Optional.of(endpoints.kinesis());
            credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.local().accessKey(), config.local().secretKey()));
        } else {
            emulated = null;
            credentials = DefaultCredentialsProvider.builder().build();
        }
        region = Region.of(aws.region());
        overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(Duration.ofMinutes(5))
                .build();

        s3 = s3Client(s3Endpoint.map(URI::create).orElse(null));

        var ddbBuilder = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(httpClient()).overrideConfiguration(overrides);
        dynamodbEndpoint.ifPresent(e -> ddbBuilder.endpointOverride(URI.create(e)));
        dynamodb = ddbBuilder.build();

        var streamsBuilder = DynamoDbStreamsClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(httpClient()).overrideConfiguration(overrides);
        dynamodbEndpoint.ifPresent(e -> streamsBuilder.endpointOverride(URI.create(e)));
        streams = streamsBuilder.build();

        var kinesisBuilder = KinesisClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(httpClient()).overrideConfiguration(overrides);
        kinesisEndpoint.ifPresent(e -> kinesisBuilder.endpointOverride(URI.create(e)));
        kinesis = kinesisBuilder.build();

        provisioner = new Provisioner(s3, dynamodb, kinesis);
        if (emulated != null) {
            emulated.clientsReady(provisioner);
        }
    }

    /** Each client's own HTTP client: url-connection (small, quick to start, native-ready), its cut sends retried. */
    private static SdkHttpClient httpClient() {
        return new RetryableSendHttpClient(UrlConnectionHttpClient.create());
    }

    /**
     * An S3 client set up as the one the routes use (region, credentials, retries, HTTP client),
     * for {@code endpoint} (path-style), or the SDK's own resolution when null. The caller closes it.
     */
    /**
     * Uploads with a plain body: the SDK's default (a CRC32 for every PutObject, sent as an
     * {@code aws-chunked} body with a trailer) leaves bytes the local S3 does not read on the
     * url-connection client's pooled connection, and a later upload on it fails with "Unexpected end
     * of file from server" or "Error writing request body to server" on every SDK attempt (seen
     * after a refused conditional PUT every time, and now and then after accepted ones). A checksum
     * is still sent where an operation requires one; TLS protects uploads to AWS.
     */
    public static S3ClientBuilder withPlainUploads(S3ClientBuilder builder) {
        return builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
    }

    public S3Client s3Client(URI endpoint) {
        // local mode: the SDK's Apache client (see LocalS3HttpClient); AWS: url-connection, as every other client
        var builder = withPlainUploads(S3Client.builder()).region(region).credentialsProvider(credentials)
                .httpClient(emulated == null ? httpClient() : new RetryableSendHttpClient(LocalS3HttpClient.create()))
                .overrideConfiguration(overrides);
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    /**
     * A client of a service's JSON API with the region and credentials of the others (AWS mode:
     * Glue, Athena), at its regional endpoint.
     */
    public AwsJsonClient jsonApi(String service, String targetPrefix) {
        return jsonApi(service, targetPrefix, URI.create("https://" + service + "." + region.id() + ".amazonaws.com"));
    }

    /** The same at another endpoint (an endpoint override: a VPC endpoint, a test's server). */
    public AwsJsonClient jsonApi(String service, String targetPrefix, URI endpoint) {
        return new AwsJsonClient(httpClient(), credentials, region.id(), endpoint, service, targetPrefix);
    }

    @Produces
    @Singleton
    S3Client s3() {
        return s3;
    }

    @Produces
    @Singleton
    DynamoDbClient dynamodb() {
        return dynamodb;
    }

    @Produces
    @Singleton
    DynamoDbStreamsClient streams() {
        return streams;
    }

    @Produces
    @Singleton
    KinesisClient kinesis() {
        return kinesis;
    }

    @Produces
    @Singleton
    Provisioner provisioner() {
        return provisioner;
    }

    /** The emulated AWS, when local mode is on. */
    public Optional<EmulatedAws> emulated() {
        return Optional.ofNullable(emulated);
    }

    @PreDestroy
    void close() {
        s3.close();
        dynamodb.close();
        streams.close();
        kinesis.close();
    }
}
