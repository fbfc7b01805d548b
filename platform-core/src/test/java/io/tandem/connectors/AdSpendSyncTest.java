package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.tandem.support.ApiClient;
import io.tandem.support.PluginJars;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tandem.connectors.SyncApiTest.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ad spend plugin, built by Maven, installed and synced through the running app against WireMock
 * stubs of Google Ads, Meta and LinkedIn serving their documented shapes (shared/VENDOR_APIS.md), and
 * with files: daily cost per campaign to the cent (micros divided exactly), currencies kept per row,
 * the last days pulled again and overwritten (a day gone from the platform becomes zero), the
 * platform's campaigns mapped to Tandem's by name and by an admin, a dead token, the quota.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdSpendSyncTest extends VendorConnectorTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    AdSpendSyncTest() {
        super(PluginJars.adSpend());
    }

    @BeforeEach
    void reset() {
        vendor.resetAll();
    }

    @Test
    void googleAdsCostsArriveToTheCentMappedByNameOrByAnAdminAndRestatedDaysAreOverwritten() {
        String admin = api.signUpAndLogIn("Ads Co", "admin@ads.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        assertThat(api.post("/api/v1/ingest/campaigns", admin, "[{\"external_id\":\"c-brand\",\"name\":\"Brand Search\",\"channel\":\"paid search\"},"
                + "{\"external_id\":\"c-retarget\",\"name\":\"Retargeting\",\"channel\":\"display\"}]").status()).isEqualTo(200);
        String connection = connect(admin, "{\"platform\":\"google-ads\",\"customerId\":\"123-456-7890\",\"developerToken\":\"dev-token-1\","
                + "\"accessToken\":\"ya29.google-token\",\"startDate\":\"" + TODAY.minusDays(9) + "\",\"days\":3,\"baseUrl\":\"" + base() + "\"}");
        String search = "/v17/customers/1234567890/googleAds:search";
        // Two pages; Brand Search is a Tandem campaign's name, Display Prospecting is not.
        vendor.stubFor(post(urlPathEqualTo(search)).withRequestBody(matchingJsonPath("$.pageToken", absent())).willReturn(json(200, "{\"results\":["
                + google("111", "Brand Search", TODAY.minusDays(9), "12345678") + "," + google("111", "Brand Search", TODAY.minusDays(1), "1000000")
                + "],\"nextPageToken\":\"page-2\",\"fieldMask\":\"customer.currencyCode,campaign.id,campaign.name,segments.date,metrics.costMicros\"}")));
        vendor.stubFor(post(urlPathEqualTo(search)).withRequestBody(matchingJsonPath("$.pageToken", equalTo("page-2"))).willReturn(json(200,
                "{\"results\":[" + google("222", "Display Prospecting", TODAY.minusDays(2), "5000000") + "]}")));

        JsonNode first = syncAndWait(api, admin, connection, "{}");
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("succeeded");
        vendor.verify(postRequestedFor(urlPathEqualTo(search)).withHeader("developer-token", equalTo("dev-token-1"))
                .withRequestBody(matchingJsonPath("$.query", containing("segments.date BETWEEN '" + TODAY.minusDays(9) + "' AND '" + TODAY + "'"))));
        assertThat(spend(tenantId)).as("micros divided exactly, to the cent; Brand Search found by name; a day a recent campaign "
                + "did not report is zero").contains(TODAY.minusDays(9) + " c-brand 12.35 USD", TODAY.minusDays(1) + " c-brand 1.00 USD",
                TODAY.minusDays(2) + " - 5.00 USD", TODAY + " c-brand 0.00 USD");

        JsonNode mapping = api.get("/api/v1/connections/" + connection + "/campaigns", admin).json();
        assertThat(mapping.get("campaigns").toString()).contains("\"sourceCampaign\":\"111\"").contains("\"mappedBy\":\"name\"")
                .contains("\"sourceCampaign\":\"222\"").contains("\"mappedBy\":\"none\"");
        String retargeting = null;
        for (JsonNode choice : mapping.get("choices")) {
            if (choice.get("name").asText().equals("Retargeting")) {
                retargeting = choice.get("id").asText();
            }
        }
        String member = api.inviteAndLogIn(admin, "member@ads.test", "MARKETING", "MEMBER", false);
        String change = "{\"entries\":[{\"sourceCampaign\":\"222\",\"campaignId\":\"" + retargeting + "\"}]}";
        assertThat(api.put("/api/v1/connections/" + connection + "/campaigns", member, change).status()).isEqualTo(403);
        ApiClient.Response mapped = api.put("/api/v1/connections/" + connection + "/campaigns", admin, change);
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(200);
        assertThat(spend(tenantId)).as("the spend already written follows the mapping").contains(TODAY.minusDays(2) + " c-retarget 5.00 USD");

        // The platform restates: yesterday's Brand Search cost grew, and Display Prospecting's day is gone.
        vendor.resetAll();
        vendor.stubFor(post(urlPathEqualTo(search)).willReturn(json(200, "{\"results\":["
                + google("111", "Brand Search", TODAY.minusDays(1), "20000000") + "]}")));
        JsonNode second = syncAndWait(api, admin, connection, "{}");
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("succeeded");
        vendor.verify(postRequestedFor(urlPathEqualTo(search)).withRequestBody(matchingJsonPath("$.query",
                containing("BETWEEN '" + TODAY.minusDays(2) + "' AND '" + TODAY + "'"))));
        assertThat(spend(tenantId)).contains(TODAY.minusDays(1) + " c-brand 20.00 USD", TODAY.minusDays(2) + " c-retarget 0.00 USD",
                TODAY.minusDays(9) + " c-brand 12.35 USD").doesNotContain(TODAY.minusDays(1) + " c-brand 1.00 USD");

        String other = api.signUpAndLogIn("Other Ads Co", "admin@other-ads.test");
        assertThat(api.get("/api/v1/connections/" + connection + "/campaigns", other).status()).as("another tenant's connection").isEqualTo(404);
        ApiClient.Response ownConnection = api.post("/api/v1/connections", other, "{\"plugin\":\"ad-spend\",\"name\":\"Files\",\"config\":"
                + "{\"platform\":\"file\"}}");
        assertThat(api.put("/api/v1/connections/" + ownConnection.json().get("id").asText() + "/campaigns", other, change).status())
                .as("nothing of another tenant's can be mapped to").isIn(400, 404);
    }

    @Test
    void metaPagesByCursorAndADeadTokenAsksToReconnectWhileThrottlingEndsARunPartial() {
        String admin = api.signUpAndLogIn("Meta Co", "admin@meta-ads.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        String connection = connect(admin, "{\"platform\":\"meta\",\"adAccountId\":\"act_998877\",\"accessToken\":\"EAAB-meta-token\","
                + "\"startDate\":\"" + TODAY.minusDays(3) + "\",\"baseUrl\":\"" + base() + "\"}");
        String insights = "/v19.0/act_998877/insights";
        vendor.stubFor(get(urlPathEqualTo(insights)).withQueryParam("after", absent()).willReturn(json(200, "{\"data\":["
                + meta("555", "Spring Launch", TODAY.minusDays(3), "12.34") + "],\"paging\":{\"cursors\":{\"before\":\"MA\",\"after\":\"MQ\"},"
                + "\"next\":\"" + base() + insights + "?after=MQ\"}}")));
        vendor.stubFor(get(urlPathEqualTo(insights)).withQueryParam("after", equalTo("MQ")).willReturn(json(200, "{\"data\":["
                + meta("555", "Spring Launch", TODAY.minusDays(2), "7.50") + "],\"paging\":{\"cursors\":{\"before\":\"MQ\",\"after\":\"Mg\"}}}")));
        JsonNode run = syncAndWait(api, admin, connection, "{}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(spend(tenantId)).contains(TODAY.minusDays(3) + " - 12.34 EUR", TODAY.minusDays(2) + " - 7.50 EUR");

        vendor.stubFor(get(urlPathEqualTo(insights)).atPriority(1).willReturn(json(400, "{\"error\":{\"message\":\"(#17) User request limit reached\","
                + "\"type\":\"OAuthException\",\"code\":17,\"fbtrace_id\":\"A1\"}}")));
        JsonNode throttled = syncAndWait(api, admin, connection, "{}");
        assertThat(throttled.get("status").asText()).as(throttled.toString()).isEqualTo("partial");
        vendor.stubFor(get(urlPathEqualTo(insights)).atPriority(1).willReturn(json(400, "{\"error\":{\"message\":\"Error validating access token: "
                + "The session has been invalidated because the user changed their password.\",\"type\":\"OAuthException\",\"code\":190}}")));
        JsonNode dead = syncAndWait(api, admin, connection, "{}");
        assertThat(dead.get("status").asText()).isEqualTo("failed");
        assertThat(dead.get("errors").toString()).contains("no longer accepts the access token").doesNotContain("EAAB-meta-token");
        assertThat(api.get("/api/v1/connections/" + connection, admin).json().get("reconnectRequired").asBoolean()).isTrue();
    }

    @Test
    void linkedInCostsComeInTheAccountsCurrencyAndFilesCarryAnyPlatform() {
        String admin = api.signUpAndLogIn("LinkedIn Co", "admin@linkedin-ads.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        String linkedin = connect(admin, "{\"platform\":\"linkedin\",\"adAccountId\":\"512345678\",\"accessToken\":\"AQX-linkedin\","
                + "\"currency\":\"GBP\",\"startDate\":\"" + TODAY.minusDays(1) + "\",\"baseUrl\":\"" + base() + "\"}");
        vendor.stubFor(get(urlPathEqualTo("/rest/adAnalytics")).withQueryParam("q", equalTo("analytics")).withQueryParam("pivot", equalTo("CAMPAIGN"))
                .withHeader("LinkedIn-Version", equalTo("202401")).willReturn(json(200, "{\"elements\":[{\"dateRange\":{\"start\":{\"year\":"
                        + TODAY.minusDays(1).getYear() + ",\"month\":" + TODAY.minusDays(1).getMonthValue() + ",\"day\":" + TODAY.minusDays(1).getDayOfMonth()
                        + "},\"end\":{\"year\":" + TODAY.minusDays(1).getYear() + ",\"month\":" + TODAY.minusDays(1).getMonthValue() + ",\"day\":"
                        + TODAY.minusDays(1).getDayOfMonth() + "}},\"pivotValues\":[\"urn:li:sponsoredCampaign:456\"],\"costInLocalCurrency\":\"33.3\"}],"
                        + "\"paging\":{\"count\":10,\"start\":0,\"links\":[]}}")));
        JsonNode run = syncAndWait(api, admin, linkedin, "{}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(spend(tenantId)).contains(TODAY.minusDays(1) + " - 33.30 GBP");
        assertThat(api.get("/api/v1/connections/" + linkedin + "/campaigns", admin).json().get("campaigns").get(0).get("sourceName").asText())
                .isEqualTo("urn:li:sponsoredCampaign:456");

        ApiClient.Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"ad-spend\",\"name\":\"Spend files\",\"config\":"
                + "{\"platform\":\"file\",\"currency\":\"USD\"}}");
        String files = "/api/v1/connections/" + created.json().get("id").asText();
        api.putBytes(files + "/files/tiktok.csv", admin, "text/csv", ("date,campaign_id,campaign_name,amount,currency\n"
                + "2025-05-01,tt-1,\"Spring, TikTok\",10.50,\n2025-05-02,tt-1,\"Spring, TikTok\",not money,USD\n").getBytes(StandardCharsets.UTF_8));
        api.putBytes(files + "/files/reddit.json", admin, "application/json", ("[{\"date\":\"2025-05-01\",\"campaign_id\":\"rd-9\","
                + "\"campaign_name\":\"Reddit test\",\"amount\":\"4.00\",\"currency\":\"EUR\"}]").getBytes(StandardCharsets.UTF_8));
        JsonNode fromFiles = syncAndWait(api, admin, created.json().get("id").asText(), "{}");
        assertThat(fromFiles.get("status").asText()).as(fromFiles.toString()).isEqualTo("succeeded");
        assertThat(fromFiles.get("rejections").toString()).contains("tiktok.csv line 3");
        assertThat(spend(tenantId)).contains("2025-05-01 - 10.50 USD", "2025-05-01 - 4.00 EUR");
    }

    // ------------------------------------------------------------------ helpers


    private String connect(String admin, String config) {
        ApiClient.Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"ad-spend\",\"name\":\"Ads\",\"config\":" + config + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** Every spend row: day, the Tandem campaign it counts for (or -), amount, currency. */
    private String spend(String tenantId) {
        return TenantSql.single(app.database(), tenantId, "SELECT string_agg(to_char(s.period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' ' "
                + "|| coalesce(c.external_id, '-') || ' ' || s.amount || ' ' || s.currency, ', ' ORDER BY s.period_start, s.source_campaign) "
                + "FROM spend s LEFT JOIN campaign c ON c.id = s.campaign_id");
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String google(String id, String name, LocalDate day, String micros) {
        return "{\"customer\":{\"resourceName\":\"customers/1234567890\",\"currencyCode\":\"USD\"},\"campaign\":{\"resourceName\":"
                + "\"customers/1234567890/campaigns/" + id + "\",\"id\":\"" + id + "\",\"name\":\"" + name + "\"},\"metrics\":{\"costMicros\":\""
                + micros + "\"},\"segments\":{\"date\":\"" + day + "\"}}";
    }

    private static String meta(String id, String name, LocalDate day, String spend) {
        return "{\"campaign_id\":\"" + id + "\",\"campaign_name\":\"" + name + "\",\"spend\":\"" + spend + "\",\"account_currency\":\"EUR\","
                + "\"date_start\":\"" + day + "\",\"date_stop\":\"" + day + "\"}";
    }
}
