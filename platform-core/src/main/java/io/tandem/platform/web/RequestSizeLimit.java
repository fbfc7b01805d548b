package io.tandem.platform.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Refuses request bodies above the configured size before anything reads them. The servlet engine
 * does not enforce {@code micronaut.server.max-request-size} itself, so this filter does, from the
 * declared Content-Length. CSV imports are exempt: they stream to disk with their own, larger limit.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestSizeLimit implements Ordered {

    private final long maxBytes;

    public RequestSizeLimit(@Value("${tandem.api.max-json-body-bytes:1048576}") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> checkSize(HttpRequest<?> request) {
        long length = request.getContentLength();
        if (length > maxBytes && !request.getPath().startsWith("/api/v1/imports")) {
            return HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
                    .contentType(ProblemDetails.MEDIA_TYPE)
                    .body(ProblemDetails.of(413, "The request body has " + length + " bytes; at most " + maxBytes + " are accepted."));
        }
        return null;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
