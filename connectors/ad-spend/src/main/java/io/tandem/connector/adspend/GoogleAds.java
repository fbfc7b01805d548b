package io.tandem.connector.adspend;

import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.HttpCall;
import io.tandem.connector.api.HttpResult;
import io.tandem.connector.api.Json;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Google Ads through GAQL ({@code googleAds:search}, paged by {@code nextPageToken}): cost per campaign
 * and day in micros of the account's currency, divided exactly ({@code cost_micros} ÷ 10⁶ as a decimal,
 * never a float). Dates are the account's own days.
 */
final class GoogleAds implements Platform {

    static final String DEFAULT_BASE = "https://googleads.googleapis.com";
    private static final String VERSION = "v17";

    private final String base;
    private final String customerId;
    private final String loginCustomerId;
    private final String developerToken;
    private final String accessToken;
    private final ConnectorContext context;

    GoogleAds(String base, String customerId, String loginCustomerId, String developerToken, String accessToken, ConnectorContext context) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.customerId = digits(customerId, "customerId");
        this.loginCustomerId = loginCustomerId == null ? null : digits(loginCustomerId, "loginCustomerId");
        this.developerToken = developerToken;
        this.accessToken = accessToken;
        this.context = context;
    }

    @Override
    public List<DayCost> costs(LocalDate from, LocalDate to) {
        String query = "SELECT customer.currency_code, campaign.id, campaign.name, segments.date, metrics.cost_micros FROM campaign "
                + "WHERE segments.date BETWEEN '" + from + "' AND '" + to + "'";
        List<DayCost> costs = new ArrayList<>();
        String pageToken = null;
        do {
            context.stopIfCancelled();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", query);
            if (pageToken != null) {
                body.put("pageToken", pageToken);
            }
            Map<String, Object> answer = search(body);
            for (Map<String, Object> row : Json.objects(answer, "results")) {
                Map<String, Object> campaign = Json.object(row, "campaign");
                String micros = Json.text(Json.object(row, "metrics"), "costMicros");
                costs.add(new DayCost(Json.text(campaign, "id"), Json.text(campaign, "name"), LocalDate.parse(Json.text(Json.object(row, "segments"), "date")),
                        micros == null ? BigDecimal.ZERO : new BigDecimal(micros).movePointLeft(6), Json.text(Json.object(row, "customer"), "currencyCode")));
            }
            pageToken = Json.text(answer, "nextPageToken");
        } while (pageToken != null && !pageToken.isEmpty());
        return costs;
    }

    @Override
    public void check() {
        search(Map.of("query", "SELECT customer.id FROM customer LIMIT 1"));
    }

    private Map<String, Object> search(Map<String, Object> body) {
        HttpCall call = HttpCall.post(base + "/" + VERSION + "/customers/" + customerId + "/googleAds:search", "application/json", Json.write(body))
                .header("Authorization", "Bearer " + accessToken).header("developer-token", developerToken);
        if (loginCustomerId != null) {
            call = call.header("login-customer-id", loginCustomerId);
        }
        HttpResult result = context.http().send(call.giveUpWhen(GoogleAds::quotaGone));
        return Responses.json("Google Ads", result, quotaGone(result), "customer " + customerId);
    }

    /** RESOURCE_EXHAUSTED: the developer token's daily operations are spent. */
    private static boolean quotaGone(HttpResult result) {
        return result.status() == 429 && result.bodyText().contains("RESOURCE_EXHAUSTED");
    }

    private static String digits(String id, String field) {
        String digits = id.replace("-", "").strip();
        if (!digits.matches("[0-9]{1,20}")) {
            throw new ConnectorFailure(field + " is a Google Ads customer id such as 123-456-7890.");
        }
        return digits;
    }
}
