package io.tandem.connector.adspend;

import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.HttpResult;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.QuotaExhausted;
import io.tandem.connector.api.ReconnectRequired;

import java.util.Map;

/** What the platforms' answers mean for a run: the same three outcomes, each platform saying them its own way. */
final class Responses {

    private Responses() {
    }

    /**
     * The answer's JSON, or the failure it stands for: a refused token needs a person, an exhausted
     * quota ends the run as partial, anything else fails it with the platform's message.
     */
    static Map<String, Object> json(String platform, HttpResult result, boolean quotaGone, String where) {
        if (result.isSuccess()) {
            return Json.object(result.bodyText());
        }
        String message = message(result);
        if (quotaGone) {
            throw new QuotaExhausted(platform + "'s request quota is used up (" + message + ")");
        }
        if (result.status() == 401) {
            throw new ReconnectRequired(platform + " refused the access token (401: " + message + "). Connect it again with a new token.");
        }
        if (result.status() == 403) {
            throw new ConnectorFailure(platform + " does not let this token read " + where + " (403: " + message + ").");
        }
        throw new ConnectorFailure(platform + " answered " + result.status() + " on " + where + ": " + message);
    }

    /** The platform's own explanation: {@code error.message} (Google, Meta), {@code message} (LinkedIn), else the body's start. */
    static String message(HttpResult result) {
        try {
            Map<String, Object> body = Json.object(result.bodyText());
            String nested = Json.text(Json.object(body, "error"), "message");
            if (nested != null) {
                return nested;
            }
            if (Json.text(body, "message") != null) {
                return Json.text(body, "message");
            }
        } catch (ConnectorFailure notAnObject) {
            // a proxy's page or a list: show its start
        }
        String text = result.bodyText();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
