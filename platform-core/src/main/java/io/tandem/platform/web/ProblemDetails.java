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

    /** The same body as JSON text, for places that write the response themselves (servlet filters, Tomcat). */
    public static String json(int status, String detail) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Object> field : of(status, detail).entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(field.getKey()).append("\":");
            Object value = field.getValue();
            json.append(value instanceof Number ? value.toString() : quoted(String.valueOf(value)));
        }
        return json.append('}').toString();
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Writes a problem as the whole response of a servlet request. */
    public static void write(jakarta.servlet.http.HttpServletResponse response, int status, String detail) throws java.io.IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(status, detail));
        response.flushBuffer();
    }
}
