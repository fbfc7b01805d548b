package io.tandem.platform.web;

import io.micronaut.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** The body of every error response: RFC 9457 problem details. */
public final class ProblemDetails {

    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemDetails() {
    }

    public static Map<String, Object> of(int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", HttpStatus.valueOf(status).getReason());
        body.put("status", status);
        body.put("detail", detail == null || detail.isBlank() ? HttpStatus.valueOf(status).getReason() : detail);
        return body;
    }
}
