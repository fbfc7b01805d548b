package io.tandem.platform.web;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Makes Micronaut's own errors (malformed JSON, validation, unknown routes, 401s from security)
 * come out as problem+json like Tandem's, with the framework's message as the detail.
 */
@Singleton
@Primary
public class ProblemJsonErrorBody implements JsonErrorResponseBodyProvider<Map<String, Object>> {

    @Override
    public Map<String, Object> body(ErrorContext context, HttpResponse<?> response) {
        if (response.code() >= 500) {
            // Internal details (exception messages) stay in the log, not in the answer.
            return ProblemDetails.of(response.code(), "Something went wrong on our side; it has been logged.");
        }
        String detail = context.getErrors().stream()
                .map(Error::getMessage)
                .collect(Collectors.joining("; "));
        return ProblemDetails.of(response.code(), detail);
    }

    @Override
    public String contentType() {
        return ProblemDetails.MEDIA_TYPE;
    }
}
