package io.tandem.connector.salesforce;

import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.HttpCall;
import io.tandem.connector.api.HttpResult;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.QuotaExhausted;
import io.tandem.connector.api.ReconnectRequired;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Salesforce's REST API as this connector uses it: SOQL through {@code query} or {@code queryAll}
 * (which also returns deleted rows), batches followed through {@code nextRecordsUrl}; the OAuth
 * access token on every call. An expired session ({@code INVALID_SESSION_ID}) is renewed with the
 * refresh token and the call sent again, once; a refresh token Salesforce refuses
 * ({@code invalid_grant}) means only a person can reconnect. The daily request allocation running
 * out ({@code REQUEST_LIMIT_EXCEEDED}) ends the run as partial. The host retries 5xx and 429s.
 */
final class SalesforceApi {

    static final String DEFAULT_LOGIN = "https://login.salesforce.com";
    static final String API = "/services/data/v60.0";

    /** How to renew the session: the refresh token and the connected app that issued it. */
    record Refresh(String loginUrl, String refreshToken, String clientId, String clientSecret) {
    }

    private final ConnectorContext context;
    private final Refresh refresh;
    private String instanceUrl;
    private String accessToken;
    private String usage;

    SalesforceApi(String instanceUrl, String accessToken, Refresh refresh, ConnectorContext context) {
        this.instanceUrl = trimmed(instanceUrl);
        this.accessToken = accessToken;
        this.refresh = refresh;
        this.context = context;
    }

    /**
     * Every batch of the query's rows, in order, each handed on as it arrives.
     *
     * @param all {@code queryAll}: deleted and merged rows too (with {@code IsDeleted} true)
     */
    void eachBatch(String soql, boolean all, Consumer<List<Map<String, Object>>> batch) {
        String path = API + (all ? "/queryAll" : "/query") + "?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20");
        while (path != null) {
            context.stopIfCancelled();
            Map<String, Object> answer = get(path);
            batch.accept(Json.objects(answer, "records"));
            boolean done = !"false".equals(Json.text(answer, "done"));
            path = done ? null : Json.text(answer, "nextRecordsUrl");
            if (!done && path == null) {
                throw new ConnectorFailure("Salesforce said more rows follow but gave no nextRecordsUrl.");
            }
        }
    }

    /** The API usage Salesforce reported last ({@code api-usage=18/15000}), for the admin; null before any call. */
    String usage() {
        return usage;
    }

    private Map<String, Object> get(String path) {
        HttpResult result = send(path);
        if (result.status() == 401 && errorCode(result).equals("INVALID_SESSION_ID")) {
            renewSession();
            result = send(path);
        }
        if (result.isSuccess()) {
            return Json.object(result.bodyText());
        }
        String code = errorCode(result);
        String message = vendorMessage(result);
        if (code.equals("REQUEST_LIMIT_EXCEEDED")) {
            throw new QuotaExhausted("Salesforce's daily API request limit is used up (" + message + ")");
        }
        if (result.status() == 401) {
            throw new ConnectorFailure("Salesforce refused the access token (401 " + code + ": " + message + ").");
        }
        if (result.status() == 403) {
            throw new ConnectorFailure("The Salesforce user may not read this (403 " + code + ": " + message
                    + "). Give the integration user the API Enabled permission and read access to leads, contacts, accounts, "
                    + "opportunities and campaigns.");
        }
        throw new ConnectorFailure("Salesforce answered " + result.status() + " " + code + ": " + message);
    }

    private HttpResult send(String path) {
        HttpResult result = context.http().send(HttpCall.get(instanceUrl + path).header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json"));
        result.header("sforce-limit-info").ifPresent(limit -> usage = limit);
        return result;
    }

    /** A new access token from the refresh token (the instance may move with it); a refused refresh token needs a person. */
    private void renewSession() {
        if (refresh.refreshToken() == null) {
            throw new ReconnectRequired("The Salesforce session expired and the connection has no refresh token to renew it. "
                    + "Enter a new access token, or a refresh token with its connected app's client id.");
        }
        StringBuilder form = new StringBuilder("grant_type=refresh_token&refresh_token=").append(encode(refresh.refreshToken()));
        if (refresh.clientId() != null) {
            form.append("&client_id=").append(encode(refresh.clientId()));
        }
        if (refresh.clientSecret() != null) {
            form.append("&client_secret=").append(encode(refresh.clientSecret()));
        }
        HttpResult result = context.http().send(HttpCall.post(trimmed(refresh.loginUrl()) + "/services/oauth2/token",
                "application/x-www-form-urlencoded", form.toString()).header("Accept", "application/json"));
        Map<String, Object> answer = result.bodyText().isBlank() ? Map.of() : Json.object(result.bodyText());
        if (result.status() == 400 && "invalid_grant".equals(Json.text(answer, "error"))) {
            throw new ReconnectRequired("Salesforce no longer accepts the refresh token (" + Json.text(answer, "error_description")
                    + "): reconnect the connection.");
        }
        if (!result.isSuccess() || Json.text(answer, "access_token") == null) {
            throw new ConnectorFailure("Renewing the Salesforce session failed (" + result.status() + " " + Json.text(answer, "error") + ").");
        }
        accessToken = Json.text(answer, "access_token");
        if (Json.text(answer, "instance_url") != null) {
            instanceUrl = trimmed(Json.text(answer, "instance_url"));
        }
        context.log().info("Renewed the Salesforce session with the refresh token.");
    }

    /** Salesforce answers errors as a list of {@code {"message","errorCode"}}; the first one's code, or "". */
    private static String errorCode(HttpResult result) {
        Map<String, Object> error = firstError(result);
        String code = error == null ? null : Json.text(error, "errorCode");
        return code == null ? "" : code;
    }

    private static String vendorMessage(HttpResult result) {
        Map<String, Object> error = firstError(result);
        if (error != null && Json.text(error, "message") != null) {
            return Json.text(error, "message");
        }
        String body = result.bodyText();
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstError(HttpResult result) {
        try {
            Object parsed = Json.parse(result.bodyText());
            if (parsed instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
                return (Map<String, Object>) list.get(0);
            }
            return parsed instanceof Map ? (Map<String, Object>) parsed : null;
        } catch (ConnectorFailure notJson) {
            return null; // an HTML error page from a proxy: the message shows its start
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
