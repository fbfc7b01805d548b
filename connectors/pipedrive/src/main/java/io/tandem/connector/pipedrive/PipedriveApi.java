package io.tandem.connector.pipedrive;

import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.HttpCall;
import io.tandem.connector.api.HttpResult;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.QuotaExhausted;
import io.tandem.connector.api.ReconnectRequired;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Pipedrive's API as this connector uses it: the API token in {@code x-api-token}, v2 listings paged
 * by {@code cursor} (the next one in {@code additional_data.next_cursor}, null on the last page), v1
 * listings by {@code start}. The company's daily token budget running out (a 429 saying so, or
 * {@code x-daily-requests-left: 0}) ends the run as partial; the host waits out the short-window 429s.
 * A refused token (401) needs a person: tokens do not expire, so it was revoked or regenerated.
 */
final class PipedriveApi {

    static final String DEFAULT_BASE = "https://api.pipedrive.com";

    private final String base;
    private final String token;
    private final ConnectorContext context;

    PipedriveApi(String base, String token, ConnectorContext context) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.context = context;
    }

    /**
     * Every page of a v2 listing from {@code cursor} (null: the first page), each page's {@code data}
     * handed on with the cursor of the page after it (null after the last).
     */
    void eachPage(String path, Map<String, String> query, String cursor, BiConsumer<List<Map<String, Object>>, String> page) {
        String next = cursor;
        do {
            context.stopIfCancelled();
            Map<String, String> q = new LinkedHashMap<>(query);
            if (next != null) {
                q.put("cursor", next);
            }
            Map<String, Object> answer = get(path, q);
            next = Json.text(Json.object(answer, "additional_data"), "next_cursor");
            page.accept(Json.objects(answer, "data"), next);
        } while (next != null);
    }

    /** Every item of a v1 listing paged by {@code start}. */
    void eachV1Page(String path, Map<String, String> query, java.util.function.Consumer<List<Map<String, Object>>> page) {
        long start = 0;
        boolean more = true;
        while (more) {
            context.stopIfCancelled();
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("start", Long.toString(start));
            Map<String, Object> answer = get(path, q);
            page.accept(Json.objects(answer, "data"));
            Map<String, Object> pagination = Json.object(Json.object(answer, "additional_data"), "pagination");
            more = "true".equals(Json.text(pagination, "more_items_in_collection"));
            String nextStart = Json.text(pagination, "next_start");
            if (more && nextStart == null) {
                throw new ConnectorFailure("Pipedrive said more items follow on " + path + " but gave no next_start.");
            }
            start = more ? Long.parseLong(nextStart) : start;
        }
    }

    Map<String, Object> get(String path, Map<String, String> query) {
        StringBuilder url = new StringBuilder(base).append(path);
        char sep = '?';
        for (Map.Entry<String, String> q : query.entrySet()) {
            url.append(sep).append(q.getKey()).append('=').append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        HttpResult result = context.http().send(HttpCall.get(url.toString()).header("x-api-token", token).header("Accept", "application/json")
                .giveUpWhen(PipedriveApi::dailyBudgetGone));
        if (result.isSuccess()) {
            Map<String, Object> answer = Json.object(result.bodyText());
            if ("false".equals(Json.text(answer, "success"))) {
                throw new ConnectorFailure("Pipedrive refused " + path + ": " + Json.text(answer, "error"));
            }
            return answer;
        }
        String message = vendorMessage(result);
        if (dailyBudgetGone(result)) {
            throw new QuotaExhausted("Pipedrive's daily request budget for the company is used up (" + message + ")");
        }
        if (result.status() == 401) {
            throw new ReconnectRequired("Pipedrive refused the API token (401: " + message + "). Enter the current token "
                    + "(Personal preferences → API in Pipedrive).");
        }
        if (result.status() == 403) {
            throw new ConnectorFailure("The Pipedrive user may not read " + path + " (403: " + message + ").");
        }
        throw new ConnectorFailure("Pipedrive answered " + result.status() + " on " + path + ": " + message);
    }

    /** The daily budget (not the two-second window) is spent: waiting until tomorrow is the only cure. */
    private static boolean dailyBudgetGone(HttpResult result) {
        return result.status() == 429 && (result.header("x-daily-requests-left").map("0"::equals).orElse(false)
                || result.bodyText().toLowerCase(java.util.Locale.ROOT).contains("daily"));
    }

    private static String vendorMessage(HttpResult result) {
        try {
            String error = Json.text(Json.object(result.bodyText()), "error");
            if (error != null) {
                return error;
            }
        } catch (ConnectorFailure notJson) {
            // a proxy's page: show its start
        }
        String body = result.bodyText();
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
