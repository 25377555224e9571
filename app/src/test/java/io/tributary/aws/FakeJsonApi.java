package io.tributary.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A small HTTP server playing an AWS JSON API (Glue, Athena), for the services no emulator here
 * offers: it records each call (operation, JSON body, Authorization header) and answers with what
 * {@link #answers} gives for it, {@code {status, body}}.
 */
public final class FakeJsonApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Call(String operation, JsonNode body, String authorization) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public volatile Function<Call, String[]> answers = call -> new String[]{"500", "{}"};
    private final HttpServer server;

    public FakeJsonApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Call call = new Call(target.substring(target.indexOf('.') + 1),
                    JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            calls.add(call);
            String[] answer = answers.apply(call);
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** A client of this server as Tributary makes them, signed with key {@code k} for the service. */
    public AwsJsonClient client(String region, String signingName, String targetPrefix) {
        return new AwsJsonClient(UrlConnectionHttpClient.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")), region,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), signingName, targetPrefix);
    }

    public List<String> operations() {
        return calls.stream().map(Call::operation).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
