package io.tributary.changes;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.format.JsonErrors;
import io.tributary.format.JsonTree;

import java.io.IOException;
import java.util.Locale;

/**
 * What the archive flow does with each stream record before it is written, with Firehose's
 * transformation contract: every record comes out {@code Ok} (with the data to archive),
 * {@code Dropped} (deliberately not archived, with why) or {@code ProcessingFailed} (written to
 * the error prefix with the reason). Transforms are chosen by name in the archive flow's YAML.
 */
public enum ArchiveTransform {

    /**
     * The original project's transform: an INSERT becomes one flat JSON line, its new image;
     * MODIFY and REMOVE are dropped.
     */
    INSERTS_AS_NEW_IMAGE {
        @Override
        Result apply(JsonNode change) {
            String event = text(change, "eventName");
            if (!"INSERT".equals(event)) {
                return Result.dropped(event);
            }
            JsonNode image = change.get("newImage");
            if (image == null || !image.isObject()) {
                return Result.failed("an INSERT without a newImage object");
            }
            return Result.ok(image);
        }
    },

    /**
     * Every change as one flat JSON line: the item's new image (its keys for a REMOVE) with
     * {@code change_type} (INSERT, MODIFY, REMOVE), {@code change_sequence} (the stream's sequence
     * number, as text), {@code change_table} (the DynamoDB table) and {@code changed_at}. What a
     * warehouse mirror of the table applies ({@code output.warehouse.from: changes}); an item with an
     * attribute of one of those names fails (ProcessingFailed), rather than be overwritten.
     */
    CHANGES_AS_ROWS {
        @Override
        Result apply(JsonNode change) {
            String event = text(change, "eventName");
            if (!"INSERT".equals(event) && !"MODIFY".equals(event) && !"REMOVE".equals(event)) {
                return Result.failed("eventName '" + event + "' is not INSERT, MODIFY or REMOVE");
            }
            JsonNode image = "REMOVE".equals(event) ? change.get("keys") : change.get("newImage");
            if (image == null || !image.isObject()) {
                return Result.failed("a" + ("INSERT".equals(event) ? "n " : " ") + event + " without "
                        + ("REMOVE".equals(event) ? "keys" : "a newImage object"));
            }
            String sequence = text(change, "sequenceNumber");
            if (sequence == null || !sequence.matches("\\d{1,38}")) {
                return Result.failed("sequenceNumber '" + sequence + "' is not a number of at most 38 digits");
            }
            com.fasterxml.jackson.databind.node.ObjectNode row = ((com.fasterxml.jackson.databind.node.ObjectNode) image)
                    .deepCopy();
            for (String field : CHANGE_FIELDS) {
                if (row.has(field)) {
                    return Result.failed("the item has an attribute '" + field + "', which changes-as-rows adds");
                }
            }
            row.put("change_type", event);
            row.put("change_sequence", sequence);
            row.put("change_table", text(change, "table"));
            row.put("changed_at", text(change, "approximateCreationTime"));
            return Result.ok(row);
        }
    },

    /** Every change document as it is. */
    PASSTHROUGH {
        @Override
        Result apply(JsonNode change) {
            return Result.ok(change);
        }
    };

    /** The outcome for one record: its result, the JSON to archive (Ok), the reason otherwise, its change's eventID. */
    public record Result(Outcome outcome, JsonNode data, String reason, String eventId) {
        static Result ok(JsonNode data) {
            return new Result(Outcome.OK, data, null, null);
        }

        static Result dropped(String why) {
            return new Result(Outcome.DROPPED, null, why, null);
        }

        static Result failed(String why) {
            return new Result(Outcome.PROCESSING_FAILED, null, why, null);
        }

        Result withEventId(String id) {
            return new Result(outcome, data, reason, id);
        }
    }

    /** Firehose's three results. */
    public enum Outcome {
        OK("Ok"), DROPPED("Dropped"), PROCESSING_FAILED("ProcessingFailed");

        public final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    /** The fields {@link #CHANGES_AS_ROWS} adds to each item. */
    public static final java.util.List<String> CHANGE_FIELDS = java.util.List.of("change_type", "change_sequence",
            "change_table", "changed_at");

    abstract Result apply(JsonNode change);

    /** Applies this transform to a record's bytes: a change document in JSON. */
    public Result apply(byte[] data) {
        JsonNode change;
        try {
            change = JsonTree.read(data, 0, data.length);
        } catch (IOException e) {
            return Result.failed(JsonErrors.notJson(e, true));
        }
        if (change == null || !change.isObject()) {
            return Result.failed("not a JSON object");
        }
        if (change.get("eventID") == null || !change.get("eventID").isTextual()) {
            return Result.failed("no eventID: not a change document");
        }
        return apply(change).withEventId(change.get("eventID").asText());
    }

    /** By the name the flow's YAML uses: {@code inserts-as-new-image}, {@code passthrough}. */
    public static ArchiveTransform named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no archive transform named '" + name
                    + "' (known: changes-as-rows, inserts-as-new-image, passthrough)");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null ? null : v.asText();
    }
}
