package io.tributary.camel;

import io.tributary.aws.AwsClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;

/**
 * For the tests that select it ({@link NetworkFailuresEndToEndTest}): the routes' S3 client, set
 * up as in production, reaches the local S3 through a {@link ConnectionDroppingProxy}.
 */
@Alternative
@Singleton
public class S3ThroughDroppingProxy {

    private final ConnectionDroppingProxy proxy;
    private final S3Client s3;

    S3ThroughDroppingProxy(AwsClients clients) throws IOException {
        proxy = new ConnectionDroppingProxy(URI.create(clients.emulated().orElseThrow().start().s3()));
        s3 = clients.s3Client(proxy.endpoint());
    }

    @Produces
    @Singleton
    S3Client s3() {
        return s3;
    }

    ConnectionDroppingProxy proxy() {
        return proxy;
    }

    @PreDestroy
    void close() throws IOException {
        s3.close();
        proxy.close();
    }
}
