package io.tandem.connector.adspend;

import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.HttpCall;
import io.tandem.connector.api.HttpResult;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.ReconnectRequired;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Meta's Marketing API: the ad account's insights per campaign and day ({@code spend} as a decimal
 * string, {@code date_start}), paged by {@code paging.cursors.after} while {@code paging.next} says
 * more follow. Meta reports errors in the body: code 190 is a dead token, the throttling codes end
 * the run as partial.
 */
final class MetaAds implements Platform {

    static final String DEFAULT_BASE = "https://graph.facebook.com";
    private static final String VERSION = "v19.0";
    /** Meta's rate-limit error codes (application, account, ads-management throttling). */
    private static final Set<String> THROTTLED = Set.of("4", "17", "32", "613", "80000", "80003", "80004", "80014");

    private final String base;
    private final String account;
    private final String accessToken;
    private final ConnectorContext context;

    MetaAds(String base, String adAccountId, String accessToken, ConnectorContext context) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String id = adAccountId.strip().replaceFirst("^act_", "");
        if (!id.matches("[0-9]{1,20}")) {
            throw new ConnectorFailure("adAccountId is a Meta ad account id such as act_1234567890.");
        }
        this.account = id;
        this.accessToken = accessToken;
        this.context = context;
    }

    @Override
    public List<DayCost> costs(LocalDate from, LocalDate to) {
        List<DayCost> costs = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            context.stopIfCancelled();
            String url = base + "/" + VERSION + "/act_" + account + "/insights?level=campaign&time_increment=1&limit=500"
                    + "&fields=campaign_id,campaign_name,spend,account_currency&time_range="
                    + encode("{\"since\":\"" + from + "\",\"until\":\"" + to + "\"}") + (after == null ? "" : "&after=" + encode(after));
            Map<String, Object> answer = get(url);
            for (Map<String, Object> row : Json.objects(answer, "data")) {
                String spend = Json.text(row, "spend");
                costs.add(new DayCost(Json.text(row, "campaign_id"), Json.text(row, "campaign_name"), LocalDate.parse(Json.text(row, "date_start")),
                        spend == null ? BigDecimal.ZERO : new BigDecimal(spend), Json.text(row, "account_currency")));
            }
            Map<String, Object> paging = Json.object(answer, "paging");
            after = Json.text(Json.object(paging, "cursors"), "after");
            more = Json.text(paging, "next") != null && after != null;
        }
        return costs;
    }

    @Override
    public void check() {
        get(base + "/" + VERSION + "/act_" + account + "?fields=id,currency");
    }

    private Map<String, Object> get(String url) {
        HttpResult result = context.http().send(HttpCall.get(url).header("Authorization", "Bearer " + accessToken)
                .giveUpWhen(r -> throttled(r) || deadToken(r)));
        if (deadToken(result)) {
            throw new ReconnectRequired("Meta no longer accepts the access token (" + Responses.message(result) + "). Connect it again.");
        }
        return Responses.json("Meta", result, throttled(result), "ad account act_" + account);
    }

    private static boolean deadToken(HttpResult result) {
        return !result.isSuccess() && "190".equals(code(result));
    }

    private static boolean throttled(HttpResult result) {
        return !result.isSuccess() && THROTTLED.contains(code(result));
    }

    private static String code(HttpResult result) {
        try {
            return Json.text(Json.object(Json.object(result.bodyText()), "error"), "code");
        } catch (ConnectorFailure notJson) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
