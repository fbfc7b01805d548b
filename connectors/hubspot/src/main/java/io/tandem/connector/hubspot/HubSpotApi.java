package io.tandem.connector.hubspot;

import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.HttpCall;
import io.tandem.connector.api.HttpResult;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.QuotaExhausted;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * HubSpot's REST API as this connector uses it: the private-app token on every call, JSON both ways,
 * HubSpot's errors turned into what they mean for a run. HubSpot keeps two rate budgets: search
 * (about five requests a second) and everything else (ten); search calls name their budget and the
 * host spaces them out. A 429's {@code policyName} decides the wait: {@code SECONDLY} a second,
 * {@code TEN_SECONDLY_ROLLING} ten, {@code DAILY} none — the day's budget is gone, so the answer comes
 * straight back and ends the run as partial. The host retries 5xx.
 */
final class HubSpotApi {

    static final String DEFAULT_BASE = "https://api.hubapi.com";
    /** Below HubSpot's search budget of about five a second, with room for another client of the portal. */
    private static final double SEARCH_PER_SECOND = 4;

    private final String base;
    private final String token;
    private final ConnectorContext context;

    HubSpotApi(String base, String token, ConnectorContext context) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.context = context;
    }

    Map<String, Object> get(String path, Map<String, String> query) {
        return answer(HttpCall.get(url(path, query)), path);
    }

    private String url(String path, Map<String, String> query) {
        StringBuilder url = new StringBuilder(base).append(path);
        char sep = '?';
        for (Map.Entry<String, String> q : query.entrySet()) {
            url.append(sep).append(q.getKey()).append('=').append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return url.toString();
    }

    /**
     * Every page of a listing that pages with HubSpot's {@code after} cursor, each page's {@code results}
     * handed on in turn; {@code query} is sent with every page.
     */
    void eachPage(String path, Map<String, String> query, Consumer<List<Map<String, Object>>> results) {
        String after = null;
        do {
            Map<String, String> page = new LinkedHashMap<>(query);
            if (after != null) {
                page.put("after", after);
            }
            Map<String, Object> answer = get(path, page);
            after = nextAfter(answer);
            results.accept(Json.objects(answer, "results"));
        } while (after != null);
    }

    /**
     * Like {@link #eachPage}, for a feature the portal may lack: false, with nothing handed on, when
     * HubSpot answers the first page with 403 or 404.
     */
    boolean eachPageIfAvailable(String path, Map<String, String> query, Consumer<List<Map<String, Object>>> results) {
        HttpResult first = send(HttpCall.get(url(path, query)));
        if (first.status() == 403 || first.status() == 404) {
            return false;
        }
        Map<String, Object> answer = answer(first, path);
        results.accept(Json.objects(answer, "results"));
        String after = nextAfter(answer);
        if (after != null) {
            Map<String, String> rest = new LinkedHashMap<>(query);
            rest.put("after", after);
            eachPage(path, rest, results);
        }
        return true;
    }

    /** The cursor of the page after this one; null on the last page. */
    static String nextAfter(Map<String, Object> answer) {
        return Json.text(Json.object(Json.object(answer, "paging"), "next"), "after");
    }

    Map<String, Object> post(String path, Object body) {
        return answer(HttpCall.post(base + path, "application/json", Json.write(body)), path);
    }

    /** A search call, on the search budget. */
    Map<String, Object> search(String objectType, Object body) {
        String path = "/crm/v3/objects/" + objectType + "/search";
        return answer(HttpCall.post(base + path, "application/json", Json.write(body)).budget("search", SEARCH_PER_SECOND), path);
    }

    private Map<String, Object> answer(HttpCall call, String path) {
        return answer(send(call), path);
    }

    /** Every call: the token, JSON, and HubSpot's rate-limit policies deciding the wait (or, for the day's, no wait). */
    private HttpResult send(HttpCall call) {
        return context.http().send(call.header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .giveUpWhen(HubSpotApi::dailyLimit).retryWait(HubSpotApi::policyWait));
    }

    private Map<String, Object> answer(HttpResult result, String path) {
        if (result.isSuccess()) {
            return Json.object(result.bodyText());
        }
        String message = vendorMessage(result);
        if (dailyLimit(result)) {
            throw new QuotaExhausted("HubSpot's daily API limit is used up (" + message + ").");
        }
        if (result.status() == 401) {
            throw new ConnectorFailure("HubSpot refused the token (401: " + message + "). Check the private app's access token.");
        }
        if (result.status() == 403) {
            throw new ConnectorFailure("The private app may not read this (403 on " + path + ": " + message + "). Give it the scopes "
                    + "crm.objects.contacts.read, crm.objects.companies.read, crm.objects.deals.read and crm.objects.owners.read.");
        }
        throw new ConnectorFailure("HubSpot answered " + result.status() + " on " + path + ": " + message);
    }

    private static boolean dailyLimit(HttpResult result) {
        return result.status() == 429 && result.bodyText().contains("\"DAILY\"");
    }

    /** HubSpot's own explanation ({@code message}), or the start of whatever it sent. */
    private static String vendorMessage(HttpResult result) {
        String body = result.bodyText();
        try {
            String message = Json.text(Json.object(body), "message");
            if (message != null) {
                return message;
            }
        } catch (ConnectorFailure notJson) {
            // an HTML error page or nothing: show its start
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    /** How long the exhausted policy lasts; null (the host's back-off) when the answer names none it knows. */
    static Duration policyWait(HttpResult result) {
        String body = result.bodyText();
        if (body.contains("\"TEN_SECONDLY_ROLLING\"")) {
            return Duration.ofSeconds(10);
        }
        if (body.contains("\"SECONDLY\"")) {
            return Duration.ofSeconds(1);
        }
        return null;
    }
}
