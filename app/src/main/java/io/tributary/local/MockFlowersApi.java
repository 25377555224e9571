package io.tributary.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local stack's mock JSON API, in the shape of the original project's (Mockaroo flowers):
 * {@code GET /flowers?page=1&per_page=100&updated_since=<ISO>} with the key in {@code X-Api-Key},
 * answering {@code {"data": [...], "page": n, "per_page": n, "total": n}}, records sorted by
 * {@code updated_at} then {@code id}. Each record has {@code id}, {@code name}, {@code color}
 * (missing in some), {@code price} as text ({@code "$12.50"}; every 50th a typo), {@code location}
 * ({@code "City, Country"}), {@code created_at} and {@code updated_at}.
 *
 * <p>Deterministic for its seed and start time, and alive: every minute after the start brings new
 * records and changes the price of a few older ones, so each incremental run has something to
 * fetch. With {@code failEvery} n > 0, every n-th request answers 429 (with {@code Retry-After: 1})
 * or 500, alternately, for tests and demos of retries. Loopback only; local mode only.
 */
public final class MockFlowersApi implements AutoCloseable {

    static final int INITIAL = 40;
    static final int NEW_PER_MINUTE = 3;
    static final int CHANGED_PER_MINUTE = 2;
    private static final String[] NAMES = {"Rose", "Tulip", "Orchid", "Lily", "Peony", "Daisy", "Iris", "Dahlia",
            "Lavender", "Sunflower", "Camellia", "Magnolia"};
    private static final String[] COLORS = {"red", "white", "yellow", "pink", "purple", "orange", "blue"};
    private static final String[] PLACES = {"Lisbon, Portugal", "Porto, Portugal", "Amsterdam, Netherlands",
            "Nairobi, Kenya", "Bogotá, Colombia", "Quito, Ecuador", "Kyoto, Japan", "Malmö, Sweden"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final long seed;
    private final Instant start;
    private final Clock clock;
    private final String key;
    private final int failEvery;
    private final AtomicLong requests = new AtomicLong();
    /** Requests still answered before every later one is refused with 403 (negative: never). */
    private final AtomicLong answeredBeforeRefusing = new AtomicLong(-1);
    /** Per record (index id - 1), the minute of its latest change; grows as minutes pass. */
    private final List<Integer> changedAt = new ArrayList<>();
    private int minutesApplied = -1;

    private MockFlowersApi(HttpServer server, long seed, Instant start, Clock clock, String key, int failEvery) {
        this.server = server;
        this.seed = seed;
        this.start = start;
        this.clock = clock;
        this.key = key;
        this.failEvery = failEvery;
    }

    /** Starts it on a loopback port (0: any free one). */
    public static MockFlowersApi start(int port, long seed, Clock clock, String key, int failEvery) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        MockFlowersApi api = new MockFlowersApi(server, seed, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES),
                clock, key, failEvery);
        server.createContext("/flowers", api::handle);
        server.start();
        return api;
    }

    /**
     * After {@code requests} more requests, refuses every one with 403 (a run that fails part-way,
     * for tests and demos); negative: answers again.
     */
    public void refuseAfter(long requests) {
        answeredBeforeRefusing.set(requests);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long n = requests.incrementAndGet();
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"error\":\"GET only\"}");
                return;
            }
            if (answeredBeforeRefusing.get() == 0) {
                send(exchange, 403, "{\"error\":\"refused\"}");
                return;
            }
            answeredBeforeRefusing.updateAndGet(v -> v > 0 ? v - 1 : v);
            if (key != null && !key.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
                send(exchange, 401, "{\"error\":\"missing or wrong X-Api-Key\"}");
                return;
            }
            if (failEvery > 0 && n % failEvery == 0) {
                if ((n / failEvery) % 2 == 1) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    send(exchange, 429, "{\"error\":\"too many requests\"}");
                } else {
                    send(exchange, 500, "{\"error\":\"internal error\"}");
                }
                return;
            }
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            int page;
            int perPage;
            Instant since;
            try {
                page = Integer.parseInt(q.getOrDefault("page", "1"));
                perPage = Integer.parseInt(q.getOrDefault("per_page", "100"));
                since = q.containsKey("updated_since") ? Instant.parse(q.get("updated_since")) : null;
            } catch (RuntimeException e) {
                send(exchange, 400, "{\"error\":\"page and per_page are numbers, updated_since an ISO instant\"}");
                return;
            }
            if (page < 1 || perPage < 1 || perPage > 1000) {
                send(exchange, 400, "{\"error\":\"page >= 1, per_page 1-1000\"}");
                return;
            }
            List<ObjectNode> matching = new ArrayList<>();
            for (ObjectNode f : flowers()) {
                if (since == null || !Instant.parse(f.get("updated_at").asText()).isBefore(since)) {
                    matching.add(f);
                }
            }
            matching.sort(java.util.Comparator.comparing((ObjectNode f) -> f.get("updated_at").asText())
                    .thenComparingLong(f -> f.get("id").asLong()));
            ObjectNode body = JSON.createObjectNode();
            ArrayNode data = body.putArray("data");
            int from = (page - 1) * perPage;
            for (int i = from; i < Math.min(matching.size(), from + perPage); i++) {
                data.add(matching.get(i));
            }
            body.put("page", page).put("per_page", perPage).put("total", matching.size());
            send(exchange, 200, JSON.writeValueAsString(body));
        }
    }

    /** Every flower as of now. */
    synchronized List<ObjectNode> flowers() {
        int minute = (int) Math.max(0, Duration.between(start, clock.instant()).toMinutes());
        while (minutesApplied < minute) {
            minutesApplied++;
            int count = INITIAL + NEW_PER_MINUTE * minutesApplied;
            while (changedAt.size() < count) {
                changedAt.add(minutesApplied);
            }
            if (minutesApplied > 0) {
                Random r = new Random(seed * 31 + minutesApplied);
                int existing = INITIAL + NEW_PER_MINUTE * (minutesApplied - 1);
                for (int c = 0; c < CHANGED_PER_MINUTE; c++) {
                    changedAt.set(r.nextInt(existing), minutesApplied);
                }
            }
        }
        List<ObjectNode> all = new ArrayList<>(changedAt.size());
        for (int i = 0; i < changedAt.size(); i++) {
            all.add(flower(i + 1, changedAt.get(i)));
        }
        return all;
    }

    private ObjectNode flower(int id, int changed) {
        Random r = new Random(seed * 1_000_003L + id);
        int created = id <= INITIAL ? 0 : (id - INITIAL - 1) / NEW_PER_MINUTE + 1;
        ObjectNode f = JSON.createObjectNode();
        f.put("id", id);
        f.put("name", NAMES[r.nextInt(NAMES.length)] + " " + (char) ('A' + r.nextInt(26)) + r.nextInt(100));
        String color = COLORS[r.nextInt(COLORS.length)];
        if (id % 7 != 3) {
            f.put("color", color); // missing in some, as in the original's data
        }
        int cents = 150 + r.nextInt(4850) + (changed - created) * 25;
        String price = String.format(java.util.Locale.ROOT, "$%d.%02d", cents / 100, cents % 100);
        f.put("price", id % 50 == 7 ? price.replace('0', 'O') + "O" : price);
        f.put("location", PLACES[r.nextInt(PLACES.length)]);
        f.put("created_at", start.plus(Duration.ofMinutes(created)).plusSeconds(r.nextInt(60)).toString());
        f.put("updated_at", start.plus(Duration.ofMinutes(changed)).plusSeconds(changed == created ? 59 : 30).toString());
        return f;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }
}
