package io.tandem.usage;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.tandem.platform.ProblemException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Segment tracking API's requests as the official libraries send them, with Segment's own rules:
 * at most {@value #MAX_EVENT_BYTES} bytes per message and {@value #MAX_BATCH_BYTES} per batch (400
 * beyond); a user ({@code userId} or {@code anonymousId}) on every message, an event name on a track,
 * a group id on a group. A single call that breaks them is a 400; in a batch, the message is refused
 * on its own (by its position, with the reason) and the rest are taken.
 */
public final class SegmentTracking {

    public static final Set<String> TYPES = Set.of("track", "identify", "group", "page", "screen", "alias");
    static final int MAX_EVENT_BYTES = 32 * 1024;
    static final int MAX_BATCH_BYTES = 500 * 1024;
    private static final int MAX_TEXT = 1000;

    /** A message read, or the reason it cannot be. */
    record Read(SegmentMessage message, String problem) {
    }

    /** A request's messages: those to take, and those of a batch that were refused. */
    public record Request(List<SegmentMessage> messages, List<ProductEvents.Refused> refused) {
    }

    private SegmentTracking() {
    }

    /** A body larger than its call allows is refused before it is read. */
    public static void checkSize(String type, int bytes) {
        int limit = type.equals("batch") ? MAX_BATCH_BYTES : MAX_EVENT_BYTES;
        if (bytes > limit) {
            throw ProblemException.invalid("A " + (type.equals("batch") ? "batch" : "message") + " is at most " + limit / 1024
                    + " KB; this one has " + bytes + " bytes.");
        }
    }

    /** The write key a client put in the body (the Java library sends it only there); null when none. */
    public static String writeKey(JsonNode document) {
        return document.isObject() ? text(document, "writeKey") : null;
    }

    /**
     * The messages of a call: one for {@code track} and the like (a 400 when it breaks a rule), the
     * array {@code batch} for a batch.
     */
    public static Request read(String type, JsonNode document, JsonMapper json, Instant receivedAt) {
        if (!type.equals("batch")) {
            Read read = read(document, type, receivedAt);
            if (read.problem() != null) {
                throw ProblemException.invalid(read.problem());
            }
            return new Request(List.of(read.message()), List.of());
        }
        JsonNode batch = document.isObject() ? document.get("batch") : null;
        if (batch == null || !batch.isArray()) {
            throw ProblemException.invalid("batch: a batch is {\"batch\": [messages]}");
        }
        List<SegmentMessage> messages = new ArrayList<>();
        List<ProductEvents.Refused> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode node = batch.get(i);
            Read read = size(node, json) > MAX_EVENT_BYTES ? new Read(null, "a message is at most " + MAX_EVENT_BYTES / 1024 + " KB")
                    : read(node, null, receivedAt);
            if (read.problem() != null) {
                refused.add(new ProductEvents.Refused(i, read.problem()));
            } else {
                messages.add(read.message());
            }
        }
        return new Request(messages, refused);
    }

    private static int size(JsonNode node, JsonMapper json) {
        try {
            return json.writeValueAsBytes(node).length;
        } catch (IOException e) {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * @param type       the endpoint's type, or null in a batch (each message names its own)
     * @param receivedAt when it arrived: the time of a message without a timestamp, the latest any may claim
     */
    static Read read(JsonNode node, String type, Instant receivedAt) {
        if (node == null || !node.isObject()) {
            return problem("a message is a JSON object");
        }
        String kind = type != null ? type : text(node, "type");
        if (kind == null || !TYPES.contains(kind)) {
            return problem("type: one of " + TYPES.stream().sorted().toList());
        }
        String userId = text(node, "userId");
        String anonymousId = text(node, "anonymousId");
        if (userId == null && anonymousId == null) {
            return problem("userId or anonymousId is required");
        }
        String event = text(node, "event");
        if (kind.equals("track") && event == null) {
            return problem("event: a track call names its event");
        }
        JsonNode context = node.get("context");
        String groupId = kind.equals("group") ? text(node, "groupId") : context != null && context.isObject() ? text(context, "groupId") : null;
        if (kind.equals("group") && groupId == null) {
            return problem("groupId: a group call names its group");
        }
        Instant at;
        try {
            at = time(node, receivedAt);
        } catch (DateTimeParseException e) {
            return problem("timestamp: an ISO-8601 date and time, e.g. 2025-03-01T10:00:00Z");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        JsonNode props = node.get("properties");
        if (props != null && props.isObject()) {
            for (Map.Entry<String, JsonNode> p : props.entries()) {
                String value = plain(p.getValue());
                if (value != null) {
                    properties.put(p.getKey(), value);
                }
            }
        }
        String messageId = text(node, "messageId");
        for (String value : new String[] {userId, anonymousId, groupId, event, messageId}) {
            if (value != null && (value.indexOf('\u0000') >= 0 || value.length() > MAX_TEXT)) {
                return problem("ids and event names are at most " + MAX_TEXT + " characters, without NUL");
            }
        }
        properties.values().removeIf(v -> v.indexOf('\u0000') >= 0 || v.length() > MAX_TEXT);
        String userKey = userId != null ? userId : "anon:" + anonymousId;
        return new Read(new SegmentMessage(kind, messageId, userKey, groupId, event, properties, at), null);
    }

    /** Its timestamp (else the client's original one), never after its arrival: a clock ahead cannot make a first use later than now. */
    private static Instant time(JsonNode node, Instant receivedAt) {
        String stamp = text(node, "timestamp");
        if (stamp == null) {
            stamp = text(node, "originalTimestamp");
        }
        if (stamp == null) {
            return receivedAt;
        }
        Instant at = OffsetDateTime.parse(stamp).toInstant();
        return at.isAfter(receivedAt) ? receivedAt : at;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        String text = value == null ? null : plain(value);
        return text == null || text.isBlank() ? null : text;
    }

    private static String plain(JsonNode value) {
        if (value.isString()) {
            return value.getStringValue();
        }
        if (value.isNumber()) {
            return value.getNumberValue().toString();
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.getBooleanValue());
        }
        return null;
    }

    private static Read problem(String reason) {
        return new Read(null, reason);
    }
}
