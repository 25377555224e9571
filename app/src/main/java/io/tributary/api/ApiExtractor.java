package io.tributary.api;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.clean.DatasetSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of an API source: reads the pages the spec's {@code api} describes (pagination, the
 * incremental cursor, the key), retrying 429, 5xx and network errors with backoff (honouring
 * {@code Retry-After}), and writes each record as one JSON line. Records at or before the cursor
 * that the last run took are left out. Nothing here logs or returns the API key: the URLs it
 * reports are the ones without it.
 */
public final class ApiExtractor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel\\s*=\\s*\"?next\"?");
    static final long MAX_BACKOFF_MILLIS = 60_000;

    /** Waits between tries (tests pass one that records instead of sleeping). */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /**
     * Where the last run stopped: the largest cursor value taken and the keys of the records that
     * had it (a record with that value and one of those keys is not taken again).
     */
    public record Cursor(String value, List<String> boundaryKeys) {
    }

    /**
     * What a run did.
     *
     * @param next   the cursor for the next run (the old one when nothing was taken)
     * @param url    the first request's URL, without the key
     * @param capped whether it stopped at max_pages or max_records with more to read
     */
    public record Run(long records, long skipped, int pages, int retries, Cursor previous, Cursor next, String url,
                      boolean capped) {
    }

    /** A request the API refused for good (a 4xx but 429, or tries used up), naming the URL without the key. */
    public static final class ApiException extends IOException {
        public ApiException(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final Sleeper sleeper;

    public ApiExtractor(HttpClient http, Sleeper sleeper) {
        this.http = http;
        this.sleeper = sleeper;
    }

    /**
     * Reads the API from {@code cursor} on and writes its records to {@code out}, one JSON line each.
     *
     * @param baseUrl the spec's URL with its placeholders resolved
     * @param key     the API key, or null when the spec names none
     */
    public Run run(DatasetSpec.Api api, String baseUrl, String key, Cursor cursor, OutputStream out)
            throws IOException, InterruptedException {
        DatasetSpec.Pagination paging = api.pagination();
        DatasetSpec.Incremental incremental = api.incremental();
        Map<String, String> params = new LinkedHashMap<>(api.params());
        String from = cursor != null && cursor.value() != null ? cursor.value()
                : incremental == null ? null : incremental.initial();
        if (incremental != null && from != null) {
            params.put(incremental.param(), from);
        }
        Set<String> boundary = cursor == null ? Set.of() : Set.copyOf(cursor.boundaryKeys());
        String maxCursor = cursor == null ? null : cursor.value();
        Set<String> maxKeys = new LinkedHashSet<>(cursor == null ? List.of() : cursor.boundaryKeys());
        long taken = 0;
        long skipped = 0;
        int pages = 0;
        int retries = 0;
        boolean capped = false;
        String firstUrl = null;
        URI next = null;
        String pageCursor = null;
        while (true) {
            if (pages >= api.maxPages() || taken >= api.maxRecords()) {
                capped = true;
                break;
            }
            Map<String, String> pageParams = new LinkedHashMap<>(params);
            switch (paging.type()) {
                case PAGE -> {
                    pageParams.put(paging.pageParam(), Integer.toString(paging.firstPage() + pages));
                    pageParams.put(paging.sizeParam(), Integer.toString(paging.size()));
                }
                case OFFSET -> {
                    pageParams.put(paging.offsetParam(), Long.toString(taken + skipped));
                    pageParams.put(paging.sizeParam(), Integer.toString(paging.size()));
                }
                case CURSOR -> {
                    pageParams.put(paging.sizeParam(), Integer.toString(paging.size()));
                    if (pageCursor != null) {
                        pageParams.put(paging.cursorParam(), pageCursor);
                    }
                }
                case LINK, NONE -> {
                }
            }
            URI shown = next != null ? next : uri(baseUrl + api.path(), pageParams);
            URI sent = withKey(shown, api.apiKey(), key);
            if (firstUrl == null) {
                firstUrl = shown.toString();
            }
            Answer answer = get(api, sent, shown, key);
            retries += answer.retries();
            pages++;
            JsonNode body;
            try {
                body = JSON.readTree(answer.body());
            } catch (IOException e) {
                throw new ApiException(shown + " (page " + pages + "): the answer is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            }
            JsonNode records = body == null ? null : body.at(JsonPointer.compile(api.records()));
            if (records == null || !records.isArray()) {
                throw new ApiException(shown + " (page " + pages + "): no array of records at '" + api.records()
                        + "' in the answer");
            }
            for (JsonNode record : records) {
                if (taken >= api.maxRecords()) {
                    capped = true;
                    break;
                }
                String value = incremental == null ? null : text(record.get(incremental.cursorField()));
                String recordKey = incremental == null || incremental.primaryKey() == null ? null
                        : text(record.get(incremental.primaryKey()));
                if (value != null && cursor != null && cursor.value() != null) {
                    int c = compare(value, cursor.value());
                    if (c < 0 || (c == 0 && recordKey != null && boundary.contains(recordKey))) {
                        skipped++;
                        continue;
                    }
                }
                out.write(JSON.writeValueAsBytes(record));
                out.write('\n');
                taken++;
                if (value != null) {
                    int c = maxCursor == null ? 1 : compare(value, maxCursor);
                    if (c > 0) {
                        maxCursor = value;
                        maxKeys.clear();
                    }
                    if (c >= 0 && recordKey != null) {
                        maxKeys.add(recordKey);
                    }
                }
            }
            if (capped) {
                break;
            }
            int count = records.size();
            boolean last = switch (paging.type()) {
                case NONE -> true;
                case PAGE, OFFSET -> count == 0 || count < paging.size();
                case CURSOR -> {
                    pageCursor = text(body.at(JsonPointer.compile(paging.cursorPath())));
                    yield count == 0 || pageCursor == null || pageCursor.isEmpty();
                }
                case LINK -> {
                    next = nextLink(answer.link(), shown);
                    yield count == 0 || next == null;
                }
            };
            if (last) {
                break;
            }
        }
        Cursor after = maxCursor == null ? cursor : new Cursor(maxCursor, List.copyOf(maxKeys));
        return new Run(taken, skipped, pages, retries, cursor, after, firstUrl, capped);
    }

    /** A response: its body, its Link header, and the retries it took. */
    private record Answer(byte[] body, String link, int retries) {
    }

    private Answer get(DatasetSpec.Api api, URI sent, URI shown, String key) throws IOException, InterruptedException {
        int tries = 0;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(sent).timeout(Duration.ofSeconds(api.timeoutSeconds()))
                    .header("Accept", "application/json").GET();
            api.headers().forEach(request::header);
            if (key != null && api.apiKey() != null && api.apiKey().param() == null) {
                request.header(api.apiKey().header(), api.apiKey().prefix() + key);
            }
            String problem;
            long wait;
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return new Answer(response.body(), response.headers().firstValue("Link").orElse(null), tries);
                }
                problem = "HTTP " + status + excerpt(response.body(), key);
                if (status != 429 && status / 100 != 5) {
                    throw new ApiException(shown + ": " + problem);
                }
                wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null), tries);
            } catch (IOException e) {
                if (e instanceof ApiException) {
                    throw e;
                }
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                wait = backoff(tries);
            }
            if (tries >= api.retries()) {
                throw new ApiException(shown + ": " + problem + " (after " + (tries + 1) + " tries)");
            }
            tries++;
            sleeper.sleep(wait);
        }
    }

    /** Exponential from one second, at most a minute. */
    static long backoff(int tries) {
        return Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(tries, 16));
    }

    /** What {@code Retry-After} asks (seconds or an HTTP date), at most five minutes; the backoff when absent. */
    static long retryAfter(String header, int tries) {
        if (header == null || header.isBlank()) {
            return backoff(tries);
        }
        try {
            return Math.min(300_000, Math.max(0, Long.parseLong(header.trim()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                long millis = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
                        .toEpochMilli() - System.currentTimeMillis();
                return Math.min(300_000, Math.max(0, millis));
            } catch (RuntimeException unreadable) {
                return backoff(tries);
            }
        }
    }

    private static String excerpt(byte[] body, String key) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        if (key != null && !key.isEmpty()) {
            text = text.replace(key, "***");
        }
        return text.isEmpty() ? "" : ": " + text.replaceAll("\\s+", " ");
    }

    private static URI uri(String base, Map<String, String> params) {
        StringBuilder url = new StringBuilder(base);
        char sep = base.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            url.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
            sep = '&';
        }
        try {
            return URI.create(url.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + base + "' is not a URL: " + e.getMessage(), e);
        }
    }

    private static URI withKey(URI uri, DatasetSpec.ApiKey apiKey, String key) {
        if (key == null || apiKey == null || apiKey.param() == null) {
            return uri;
        }
        String s = uri.toString();
        return URI.create(s + (s.contains("?") ? '&' : '?') + encode(apiKey.param()) + "="
                + encode(apiKey.prefix() + key));
    }

    private static URI nextLink(String header, URI current) {
        if (header == null) {
            return null;
        }
        Matcher m = NEXT_LINK.matcher(header);
        return m.find() ? current.resolve(m.group(1)) : null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || v.isContainerNode() ? null : v.asText();
    }

    /** Numbers as numbers, anything else (ISO timestamps) as text. */
    static int compare(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b));
        } catch (NumberFormatException notNumbers) {
            return a.compareTo(b);
        }
    }
}
