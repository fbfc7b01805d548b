package io.tandem.connector.adspend;

import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.HttpCall;
import io.tandem.connector.api.HttpResult;
import io.tandem.connector.api.Json;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LinkedIn's ad analytics per campaign and day ({@code costInLocalCurrency}; the campaign as a
 * {@code urn:li:sponsoredCampaign:<id>} pivot value). One answer, no paging; an empty list means no
 * activity (or no access). LinkedIn does not name the campaigns here: their URNs stand in for names
 * until an admin maps them.
 */
final class LinkedInAds implements Platform {

    static final String DEFAULT_BASE = "https://api.linkedin.com";
    private static final String CAMPAIGN_URN = "urn:li:sponsoredCampaign:";

    private final String base;
    private final String account;
    private final String accessToken;
    private final String currency;
    private final ConnectorContext context;

    LinkedInAds(String base, String adAccountId, String accessToken, String currency, ConnectorContext context) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String id = adAccountId.strip().replaceFirst("^urn:li:sponsoredAccount:", "");
        if (!id.matches("[0-9]{1,20}")) {
            throw new ConnectorFailure("adAccountId is a LinkedIn ad account id such as 512345678.");
        }
        this.account = id;
        this.accessToken = accessToken;
        this.currency = currency;
        this.context = context;
    }

    @Override
    public List<DayCost> costs(LocalDate from, LocalDate to) {
        // Rest.li's own syntax: the parentheses and colons stay as they are, the URN inside List(...) is encoded.
        String url = base + "/rest/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY&dateRange=(start:" + date(from) + ",end:"
                + date(to) + ")&accounts=List(urn%3Ali%3AsponsoredAccount%3A" + account + ")&fields=dateRange,pivotValues,costInLocalCurrency";
        List<DayCost> costs = new ArrayList<>();
        for (Map<String, Object> element : Json.objects(get(url), "elements")) {
            Map<String, Object> start = Json.object(Json.object(element, "dateRange"), "start");
            LocalDate day = LocalDate.of(Integer.parseInt(Json.text(start, "year")), Integer.parseInt(Json.text(start, "month")),
                    Integer.parseInt(Json.text(start, "day")));
            Object pivots = element.get("pivotValues");
            String urn = pivots instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0)) : null;
            if (urn == null || !urn.startsWith(CAMPAIGN_URN)) {
                throw new ConnectorFailure("LinkedIn sent a row without its campaign (pivotValues " + pivots + ").");
            }
            String cost = Json.text(element, "costInLocalCurrency");
            costs.add(new DayCost(urn.substring(CAMPAIGN_URN.length()), urn, day, cost == null ? BigDecimal.ZERO : new BigDecimal(cost), currency));
        }
        return costs;
    }

    @Override
    public void check() {
        get(base + "/rest/adAccounts/" + account);
    }

    private Map<String, Object> get(String url) {
        context.stopIfCancelled();
        HttpResult result = context.http().send(HttpCall.get(url).header("Authorization", "Bearer " + accessToken)
                .header("LinkedIn-Version", "202401").header("X-Restli-Protocol-Version", "2.0.0"));
        return Responses.json("LinkedIn", result, false, "ad account " + account);
    }

    private static String date(LocalDate day) {
        return "(year:" + day.getYear() + ",month:" + day.getMonthValue() + ",day:" + day.getDayOfMonth() + ")";
    }
}
