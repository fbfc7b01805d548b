package io.tandem.usage.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;
import io.tandem.usage.ProductEvents;
import io.tandem.usage.SegmentTracking;
import io.tandem.usage.WriteKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * A Segment-compatible tracking endpoint: {@code POST /api/v1/events/track}, {@code identify},
 * {@code group}, {@code page}, {@code screen}, {@code alias} and {@code batch}, so the tenant's
 * existing analytics libraries send product usage here by changing only their host. The write key
 * (any API key of the tenant) comes as HTTP Basic, in the body, or in {@code X-API-Key}; signed-in
 * people do not send events.
 */
@Controller("/api/v1/events")
@Secured(SecurityRule.IS_ANONYMOUS)
public class EventsController {

    private final ProductEvents events;
    private final WriteKeys writeKeys;
    private final JsonMapper json;
    private final Clock clock;

    public EventsController(ProductEvents events, WriteKeys writeKeys, JsonMapper json, Clock clock) {
        this.clock = clock;
        this.events = events;
        this.writeKeys = writeKeys;
        this.json = json;
    }

    @Post(value = "/{type}", consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public ProductEvents.Received receive(@PathVariable String type, @Nullable @Body String body, HttpRequest<?> request) {
        if (request.getAttribute(TenantRequestFilter.USER_ATTRIBUTE, SignedInUser.class).isPresent()) {
            throw ProblemException.forbidden("Product events are sent with a write key (an API key), not by a signed-in person.");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        JsonNode document = parse(bytes);
        UUID tenantId = request.getAttribute(TenantRequestFilter.TENANT_ATTRIBUTE, UUID.class)
                .orElseGet(() -> writeKeys.tenantOf(request.getHeaders().get(HttpHeaders.AUTHORIZATION),
                        document == null ? null : SegmentTracking.writeKey(document)));
        if (!type.equals("batch") && !SegmentTracking.TYPES.contains(type)) {
            throw ProblemException.notFound("Unknown call '" + type + "'; use track, identify, group, page, screen, alias or batch.");
        }
        SegmentTracking.checkSize(type, bytes.length);
        if (document == null) {
            throw ProblemException.invalid(bytes.length == 0 ? "The body is empty: send a JSON object." : "The body is not valid JSON.");
        }
        SegmentTracking.Request messages = SegmentTracking.read(type, document, json, clock.instant());
        return events.receive(tenantId, messages.messages(), messages.refused());
    }

    /** The body as JSON; null when it is empty or not JSON (after the write key is checked, that is a 400). */
    @Nullable
    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
    }
}
