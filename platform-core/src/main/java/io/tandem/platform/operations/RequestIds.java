package io.tandem.platform.operations;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every API request gets an id: the caller's {@code X-Request-Id} when it is a plain token (a proxy's, so that its
 * logs and Tandem's meet), else a new one. Log lines written while the request is handled carry it as
 * {@code requestId}; the answer carries it back in {@code X-Request-Id}, so a user can quote it in a support request.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestIds implements Ordered {

    static final String HEADER = "X-Request-Id";
    static final String LOG_KEY = "requestId";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @RequestFilter
    public void name(HttpRequest<?> request) {
        String given = request.getHeaders().get(HEADER);
        String id = given != null && PLAIN.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setAttribute(LOG_KEY, id);
        MDC.put(LOG_KEY, id);
    }

    @ResponseFilter
    public void answer(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(LOG_KEY, String.class).ifPresent(id -> response.header(HEADER, id));
        MDC.remove(LOG_KEY);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
