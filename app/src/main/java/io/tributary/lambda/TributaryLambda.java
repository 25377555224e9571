package io.tributary.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.aws.ChangeDocuments;
import io.tributary.camel.ChangeStreams;
import io.tributary.camel.ObjectCreated;
import io.tributary.changes.ChangeBatch;
import io.tributary.changes.StreamBatch;
import jakarta.inject.Named;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda entry point: one handler for every trigger. It turns each AWS event into the message
 * the container's polling source would have produced and sends it to the same {@code direct:}
 * flow; the flow decides what happens.
 * <ul>
 *   <li>S3 ObjectCreated (direct, in SQS messages, or from EventBridge) → {@code direct:clean-object};</li>
 *   <li>a DynamoDB stream batch → {@code direct:stream-changes} (one batch per stream);</li>
 *   <li>a Kinesis batch → {@code direct:archive-stream} (one batch per shard, written at once);</li>
 *   <li>a scheduled event → {@code direct:sweep-raw} (every raw object not yet cleaned);</li>
 *   <li>a scheduled event whose input is {@code {"extract-api": "<dataset>"}} → {@code direct:extract-api}
 *       (one run of that dataset's API source);</li>
 *   <li>a scheduled event whose input is {@code {"export": "<dataset>"}} → {@code direct:export-increments}.</li>
 * </ul>
 * Batch sources get partial batch failures ({@code batchItemFailures}): the SQS messages that
 * failed, or, for streams, the first record of a batch that failed (Lambda retries from there).
 * The event source mapping keeps stream positions, so the flows checkpoint nothing here.
 */
@Named("tributary")
public class TributaryLambda implements RequestHandler<JsonNode, Map<String, Object>> {

    private static final Logger LOG = Logger.getLogger(TributaryLambda.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProducerTemplate flows;

    public TributaryLambda(CamelContext camel) {
        this.flows = camel.createProducerTemplate();
    }

    @Override
    public Map<String, Object> handleRequest(JsonNode event, Context context) {
        List<String> failures = new ArrayList<>();
        JsonNode records = event.path("Records");
        if (records.isArray() && !records.isEmpty()) {
            JsonNode first = records.get(0);
            String source = first.has("eventSource") ? first.get("eventSource").asText()
                    : first.path("EventSource").asText();
            switch (source) {
                case "aws:s3" -> {
                    for (ObjectCreated object : s3Objects(event)) {
                        String failed = send("direct:clean-object", object);
                        if (failed != null) {
                            // an asynchronous invocation: failing makes Lambda retry it, then send it to its DLQ
                            throw new IllegalStateException("cleaning " + object.key() + " failed: " + failed);
                        }
                    }
                }
                case "aws:sqs" -> {
                    for (JsonNode message : records) {
                        if (!sqsMessage(message)) {
                            failures.add(message.path("messageId").asText());
                        }
                    }
                }
                case "aws:dynamodb" -> failures.addAll(dynamodbStream(records));
                case "aws:kinesis" -> failures.addAll(kinesisStream(records));
                default -> throw new IllegalArgumentException("unknown event source '" + source + "'");
            }
        } else if (event.has("extract-api")) {
            // an EventBridge schedule whose input names an API source: {"extract-api": "flowers"}
            String dataset = event.get("extract-api").asText();
            String failed = send("direct:extract-api", dataset);
            if (failed != null) {
                throw new IllegalStateException("the API source " + dataset + " failed: " + failed);
            }
        } else if (event.has("export")) {
            // an EventBridge schedule whose input names a dataset's export: {"export": "flowers"}
            String dataset = event.get("export").asText();
            String failed = send("direct:export-increments", dataset);
            if (failed != null) {
                throw new IllegalStateException("the export of " + dataset + " failed: " + failed);
            }
        } else if ("Scheduled Event".equals(event.path("detail-type").asText())) {
            String failed = send("direct:sweep-raw", null);
            if (failed != null) {
                throw new IllegalStateException("the scheduled sweep of raw/ failed: " + failed);
            }
        } else if (isEventBridgeS3(event)) {
            for (ObjectCreated object : eventBridgeObjects(event)) {
                String failed = send("direct:clean-object", object);
                if (failed != null) {
                    throw new IllegalStateException("cleaning " + object.key() + " failed: " + failed);
                }
            }
        } else {
            throw new IllegalArgumentException("not an event Tributary handles: " + abbreviate(event.toString()));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        List<Map<String, String>> items = new ArrayList<>();
        for (String id : failures) {
            items.add(Map.of("itemIdentifier", id));
        }
        response.put("batchItemFailures", items);
        return response;
    }

    /** Sends a message to a flow; the failure reason, or null when it went through. */
    private String send(String flow, Object body) {
        Exchange exchange = flows.send(flow, e -> e.getIn().setBody(body));
        if (exchange.getException() != null) {
            return exchange.getException().getMessage();
        }
        return exchange.getProperty(ChangeStreams.FAILED, String.class);
    }

    /** One SQS message: an S3 event notification, an EventBridge S3 event, or an S3 test event. */
    private boolean sqsMessage(JsonNode message) {
        JsonNode body;
        try {
            body = JSON.readTree(message.path("body").asText());
        } catch (IOException e) {
            LOG.warnf("SQS message %s is not JSON: %s", message.path("messageId").asText(), e.getMessage());
            return false;
        }
        if ("s3:TestEvent".equals(body.path("Event").asText())) {
            return true;
        }
        List<ObjectCreated> objects = body.has("Records") ? s3Objects(body)
                : isEventBridgeS3(body) ? eventBridgeObjects(body) : null;
        if (objects == null) {
            LOG.warnf("SQS message %s holds no S3 event: %s", message.path("messageId").asText(),
                    abbreviate(body.toString()));
            return false;
        }
        boolean ok = true;
        for (ObjectCreated object : objects) {
            String failed = send("direct:clean-object", object);
            if (failed != null) {
                LOG.warnf("SQS message %s: cleaning %s failed: %s", message.path("messageId").asText(), object.key(),
                        failed);
                ok = false;
            }
        }
        return ok;
    }

    static List<ObjectCreated> s3Objects(JsonNode event) {
        List<ObjectCreated> objects = new ArrayList<>();
        for (JsonNode r : event.path("Records")) {
            if (!r.path("eventName").asText().startsWith("ObjectCreated")) {
                continue;
            }
            JsonNode s3 = r.path("s3");
            objects.add(new ObjectCreated(s3.path("bucket").path("name").asText(),
                    URLDecoder.decode(s3.path("object").path("key").asText(), StandardCharsets.UTF_8),
                    s3.path("object").path("size").asLong(), s3.path("object").path("eTag").asText(null)));
        }
        return objects;
    }

    static boolean isEventBridgeS3(JsonNode event) {
        return "aws.s3".equals(event.path("source").asText())
                && "Object Created".equals(event.path("detail-type").asText());
    }

    static List<ObjectCreated> eventBridgeObjects(JsonNode event) {
        JsonNode d = event.path("detail");
        return List.of(new ObjectCreated(d.path("bucket").path("name").asText(), d.path("object").path("key").asText(),
                d.path("object").path("size").asLong(), d.path("object").path("etag").asText(null)));
    }

    /** One batch per stream; a failed batch reports its first record, so Lambda retries from there. */
    private List<String> dynamodbStream(JsonNode records) {
        Map<String, List<JsonNode>> byStream = new LinkedHashMap<>();
        for (JsonNode r : records) {
            byStream.computeIfAbsent(r.path("eventSourceARN").asText(), k -> new ArrayList<>()).add(r);
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> stream : byStream.entrySet()) {
            List<ObjectNode> changes = new ArrayList<>();
            for (JsonNode r : stream.getValue()) {
                changes.add(ChangeDocuments.ofEvent(r));
            }
            String table = changes.get(0).path("table").asText();
            String last = changes.get(changes.size() - 1).path("sequenceNumber").asText();
            String failed = send("direct:stream-changes",
                    new ChangeBatch(table, stream.getKey(), "lambda", changes, last, false, true));
            if (failed != null) {
                failures.add(changes.get(0).path("sequenceNumber").asText());
            }
        }
        return failures;
    }

    /** One batch per shard, archived at once; a failed batch reports its first record. */
    private List<String> kinesisStream(JsonNode records) {
        Map<String, List<JsonNode>> byShard = new LinkedHashMap<>();
        for (JsonNode r : records) {
            String eventId = r.path("eventID").asText();
            String shard = eventId.contains(":") ? eventId.substring(0, eventId.indexOf(':')) : "shard";
            byShard.computeIfAbsent(r.path("eventSourceARN").asText() + "|" + shard, k -> new ArrayList<>()).add(r);
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> shard : byShard.entrySet()) {
            String arn = shard.getKey().substring(0, shard.getKey().indexOf('|'));
            String stream = arn.contains("/") ? arn.substring(arn.lastIndexOf('/') + 1) : arn;
            List<StreamBatch.StreamRecord> batch = new ArrayList<>();
            for (JsonNode r : shard.getValue()) {
                JsonNode k = r.path("kinesis");
                batch.add(new StreamBatch.StreamRecord(k.path("sequenceNumber").asText(), k.path("partitionKey").asText(),
                        Base64.getDecoder().decode(k.path("data").asText()),
                        Instant.ofEpochMilli((long) (k.path("approximateArrivalTimestamp").asDouble() * 1000))));
            }
            String failed = send("direct:archive-stream", new StreamBatch(stream,
                    shard.getKey().substring(shard.getKey().indexOf('|') + 1), batch, 0, false, true));
            if (failed != null) {
                failures.add(batch.get(0).sequenceNumber());
            }
        }
        return failures;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
