package io.tributary.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * An HTTP proxy in front of DynamoDB Local (tables and streams) that gives the answers the real
 * service gives under load and over time, which the emulator does not: BatchWriteItem as a
 * throttled table (only part of each call's items passed on, the rest returned as
 * UnprocessedItems), and chosen calls failed with a service error (a GetRecords whose position was
 * trimmed, say). Everything else passes through; the client sees the emulator's real responses.
 */
final class FaultyDynamoDbProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "transfer-encoding", "upgrade");

    private final URI target;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Items still to withhold; while above zero, half of each call's items (all, when {@code everything}) are. */
    private final AtomicInteger toWithhold;
    private final boolean everything;
    private final AtomicInteger withheld = new AtomicInteger();
    private final AtomicInteger batchCalls = new AtomicInteger();
    private final Map<String, AtomicInteger> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> failureTypes = new java.util.concurrent.ConcurrentHashMap<>();

    /** A proxy that passes every call on, until told to fail some ({@link #fail}). */
    FaultyDynamoDbProxy(URI target) throws IOException {
        this(target, 0, false);
    }

    /**
     * Fails the next {@code times} calls of an operation (e.g. {@code DynamoDBStreams_20120810.GetRecords})
     * with HTTP 400 and the service error {@code type} (e.g. {@code TrimmedDataAccessException}).
     */
    void fail(String operation, int times, String type) {
        failureTypes.put(operation, type);
        failures.put(operation, new AtomicInteger(times));
    }

    /**
     * @param toWithhold how many items to return as unprocessed in all, half a call at a time; with
     *                   {@code everything}, every item of every call is returned unprocessed
     */
    FaultyDynamoDbProxy(URI target, int toWithhold, boolean everything) throws IOException {
        this.target = target;
        this.toWithhold = new AtomicInteger(toWithhold);
        this.everything = everything;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A DynamoDB client whose calls go through this proxy (the caller closes it). */
    DynamoDbClient dynamodb() {
        return DynamoDbClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A DynamoDB Streams client whose calls go through this proxy (the caller closes it). */
    DynamoDbStreamsClient streams() {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    int withheld() {
        return withheld.get();
    }

    int batchCalls() {
        return batchCalls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            AtomicInteger failing = operation == null ? null : failures.get(operation);
            if (failing != null && failing.getAndDecrement() > 0) {
                ObjectNode error = JSON.createObjectNode()
                        .put("__type", "com.amazonaws.dynamodb.v20120810#" + failureTypes.get(operation))
                        .put("message", "injected by the test proxy");
                respond(exchange, 400, "application/x-amz-json-1.0", JSON.writeValueAsBytes(error));
                return;
            }
            ObjectNode unprocessed = null;
            if ("DynamoDB_20120810.BatchWriteItem".equals(operation)) {
                batchCalls.incrementAndGet();
                ObjectNode request = (ObjectNode) JSON.readTree(body);
                unprocessed = JSON.createObjectNode();
                ObjectNode items = (ObjectNode) request.get("RequestItems");
                for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = items.fields();
                     it.hasNext(); ) {
                    Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> table = it.next();
                    ArrayNode writes = (ArrayNode) table.getValue();
                    int keep = everything ? 0 : toWithhold.get() > 0 ? (writes.size() + 1) / 2 : writes.size();
                    ArrayNode passed = JSON.createArrayNode();
                    ArrayNode held = JSON.createArrayNode();
                    for (int i = 0; i < writes.size(); i++) {
                        (i < keep ? passed : held).add(writes.get(i));
                    }
                    if (!held.isEmpty()) {
                        unprocessed.set(table.getKey(), held);
                        withheld.addAndGet(held.size());
                        toWithhold.addAndGet(-held.size());
                    }
                    if (passed.isEmpty()) {
                        it.remove();
                    } else {
                        table.setValue(passed);
                    }
                }
                if (items.isEmpty()) {
                    // nothing left to pass on: the answer a table gives when it takes none of the items
                    respond(exchange, 200, "application/x-amz-json-1.0",
                            JSON.writeValueAsBytes(JSON.createObjectNode().set("UnprocessedItems", unprocessed)));
                    return;
                }
                body = JSON.writeValueAsBytes(request);
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            byte[] answer = response.body();
            if (unprocessed != null && !unprocessed.isEmpty() && response.statusCode() == 200) {
                ObjectNode json = (ObjectNode) JSON.readTree(answer);
                ObjectNode already = json.has("UnprocessedItems") ? (ObjectNode) json.get("UnprocessedItems")
                        : JSON.createObjectNode();
                unprocessed.fields().forEachRemaining(e -> already.set(e.getKey(), e.getValue()));
                json.set("UnprocessedItems", already);
                answer = JSON.writeValueAsBytes(json);
            }
            respond(exchange, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/x-amz-json-1.0"), answer);
        }
    }

    /** Answers with the body's CRC32 in x-amz-crc32, which the SDK checks on DynamoDB's answers. */
    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
