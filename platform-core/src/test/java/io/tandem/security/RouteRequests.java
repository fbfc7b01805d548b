package io.tandem.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * How to call a route of the router's list: its template filled in (ids that exist nowhere, so a
 * caller allowed in gets a 404 rather than changing anything), the query a route needs, and the
 * body it reads.
 */
final class RouteRequests {

    static final UUID NOWHERE = UUID.fromString("00000000-0000-4000-8000-000000000001");

    /** Query strings some routes need before they get to authorization or work. */
    private static final Map<String, String> QUERIES = Map.of(
            "GET /api/v1/metrics/trend", "?metric=winRate",
            "GET /api/v1/incentives/statements.csv", "?period=2020-Q1",
            "GET /api/v1/incentives/statements", "?period=2020-Q1",
            "POST /api/v1/demo-data", "?leads=50");

    private RouteRequests() {
    }

    /** The server's address without a trailing slash, to put paths after. */
    static String baseUrl(io.tandem.support.TandemTestApplication app) {
        String url = app.baseUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    record Call(String method, String path, String contentType, byte[] body) {
    }

    static Call of(String route, String loginBody) {
        int space = route.indexOf(' ');
        String method = route.substring(0, space);
        String template = route.substring(space + 1);
        String path = template.replace("{id}", NOWHERE.toString()).replace("{runId}", NOWHERE.toString()).replace("{kind}", "leads").replace("{type}", "leads")
                .replace("{period}", "2020-01").replace("{selector}", "readiness").replace("{name}", "campaigns.csv").replace("{alias}", "acme-sso").replace("{useId}", NOWHERE.toString()).replace("{file}", "tandem-init.js")
                + QUERIES.getOrDefault(route, "");
        if (method.equals("GET") || method.equals("DELETE") || method.equals("HEAD")) {
            return new Call(method, path, null, null);
        }
        if (template.equals("/api/v1/plugins")) {
            return new Call(method, path, "application/java-archive", "not a plugin".getBytes(StandardCharsets.UTF_8));
        }
        if (template.equals("/api/v1/imports/{type}") || template.endsWith("/files/{name}")) {
            return new Call(method, path, "text/csv", "external_id,email\n".getBytes(StandardCharsets.UTF_8));
        }
        if (template.equals("/api/v1/ingest/{type}")) {
            return new Call(method, path, "application/json", "[]".getBytes(StandardCharsets.UTF_8));
        }
        if (template.equals("/api/v1/events/{type}")) {
            return new Call(method, path.replace("/events/leads", "/events/batch"), "application/json",
                    "{\"batch\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        if (template.equals("/api/v1/login")) {
            return new Call(method, path, "application/json", loginBody.getBytes(StandardCharsets.UTF_8));
        }
        return new Call(method, path, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    }
}
