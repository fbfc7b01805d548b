package io.tandem.usage;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * One message of the Segment tracking API, reduced to what Tandem uses.
 *
 * @param type       track, identify, group, page, screen or alias
 * @param messageId  the client's id for it (its retries repeat it); null when the client sent none
 * @param userKey    who: the {@code userId}, else {@code anon:} and the {@code anonymousId}
 * @param groupId    the account: a group call's {@code groupId}, else the event's {@code context.groupId}
 * @param event      a track call's event name
 * @param properties a track call's plain-valued properties, as text
 * @param at         when it happened (its timestamp, never later than its arrival)
 */
public record SegmentMessage(String type, @Nullable String messageId, String userKey, @Nullable String groupId, @Nullable String event,
                             Map<String, String> properties, Instant at) {
}
