package io.tributary.aws;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SDK asks for {@code Expect: 100-continue} on every upload; local mode's S3 client sends the
 * body at once instead (see {@link AwsClients.NoExpectContinue}), and the upload still arrives whole.
 */
class NoExpectContinueTest {

    @Test
    void localUploadsGoWithoutTheHandshake() throws Exception {
        List<String> expects = new CopyOnWriteArrayList<>();
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String expect = exchange.getRequestHeaders().getFirst("Expect");
            expects.add(expect == null ? "none" : expect);
            sizes.add(exchange.getRequestBody().readAllBytes().length);
            exchange.getResponseHeaders().add("ETag", "\"abc\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            for (boolean local : List.of(false, true)) {
                var overrides = software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.builder();
                if (local) {
                    overrides.addExecutionInterceptor(new AwsClients.NoExpectContinue());
                }
                try (S3Client s3 = AwsClients.withPlainUploads(S3Client.builder())
                        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                        .forcePathStyle(true).region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                        .overrideConfiguration(overrides.build()).build()) {
                    s3.putObject(p -> p.bucket("b").key("k"), RequestBody.fromString("x".repeat(70_000)));
                }
            }
        } finally {
            server.stop(0);
        }
        assertEquals(List.of("100-continue", "none"), expects, "the SDK's own header, then local mode's upload");
        assertEquals(sizes.get(0), sizes.get(1), "the same body either way (70,000 bytes in the SDK's signed chunks)");
    }
}
