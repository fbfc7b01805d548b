package io.tandem.insights;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sales' insights through the API: sales logs on its records, marketing reads the feed (filters, ranking for a
 * campaign) and marks what it used, viewers read only, another tenant sees nothing, an insight stays on its
 * record when the record syncs again, and the loop counts logged and used insights and the pipeline of the
 * campaigns that used them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightsApiTest {

    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private String seller;
    private String marketer;
    private String viewer;
    private String otherAdmin;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
        admin = api.signUpAndLogIn("Insightful", "ida@insightful.test");
        seller = api.inviteAndLogIn(admin, "sol@insightful.test", "SALES", "MEMBER", false);
        marketer = api.inviteAndLogIn(admin, "max@insightful.test", "MARKETING", "MEMBER", false);
        viewer = api.inviteAndLogIn(admin, "vic@insightful.test", "LEADERSHIP", "VIEWER", false);
        otherAdmin = api.signUpAndLogIn("Other Insights", "oli@other-insights.test");
        api.ingest(admin, "campaigns", "[{\"external_id\":\"webinar\",\"name\":\"Ops webinar\"},{\"external_id\":\"ebook\",\"name\":\"Ebook\"}]");
        api.ingest(admin, "accounts", """
                [{"external_id":"A1","name":"Acme","segment":"ent","started_at":"2026-02-01T00:00:00Z"},
                 {"external_id":"A2","name":"Bolt","segment":"smb","started_at":"2026-03-01T00:00:00Z"}]""");
        api.ingest(admin, "leads", """
                [{"external_id":"L1","name":"Lee","source":"marketing","campaign_id":"webinar","created_at":"2026-01-05T00:00:00Z"},
                 {"external_id":"L2","name":"Lou","source":"marketing","campaign_id":"ebook","created_at":"2026-01-06T00:00:00Z"}]""");
        api.ingest(admin, "opportunities", """
                [{"external_id":"O1","name":"Acme expansion","lead_id":"L1","account_id":"A1","amount":50000,"currency":"USD",
                  "created_at":"2026-02-01T00:00:00Z","closed_at":"2026-03-01T00:00:00Z","status":"won"},
                 {"external_id":"O2","name":"Bolt trial","lead_id":"L2","account_id":"A2","amount":8000,"currency":"USD",
                  "created_at":"2026-02-02T00:00:00Z","status":"open"}]""");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void salesLogsMarketingReadsFiltersAndMarksUseViewersOnlyRead() {
        String deal = id("opportunities", "O1");
        Response logged = api.post("/api/v1/insights", seller, """
                {"kind":"WIN_STORY","text":"Acme chose us for the approval workflows; onboarding took 9 days.","tags":["Workflows"," onboarding "],
                 "records":[{"type":"deal","id":"%s"}],"metric":"time-to-value fell 27 %%"}""".formatted(deal));
        assertThat(logged.status()).as(logged.body()).isEqualTo(201);
        JsonNode insight = logged.json();
        assertThat(insight.get("tags").toString()).isEqualTo("[\"workflows\",\"onboarding\"]");
        assertThat(insight.get("records").get(0).get("type").asText()).isEqualTo("opportunity");
        assertThat(insight.get("records").get(0).get("title").asText()).isEqualTo("Acme expansion");
        assertThat(insight.get("records").get(0).get("segment").asText()).isEqualTo("ent");
        assertThat(insight.get("author").get("name").asText()).isEqualTo("sol");
        String id = insight.get("id").asText();

        Response objection = api.post("/api/v1/insights", seller, """
                {"kind":"OBJECTION","text":"Bolt worries about the price per seat.","tags":["pricing"],
                 "records":[{"type":"account","id":"%s"}]}""".formatted(id("accounts", "A2")));
        assertThat(objection.status()).as(objection.body()).isEqualTo(201);

        assertThat(api.post("/api/v1/insights", marketer, "{\"kind\":\"WIN_STORY\",\"text\":\"x\"}").status()).as("marketing does not log")
                .isEqualTo(403);
        assertThat(api.post("/api/v1/insights", viewer, "{\"kind\":\"WIN_STORY\",\"text\":\"x\"}").status()).isEqualTo(403);
        assertThat(texts(api.get("/api/v1/insights", viewer).json())).as("viewers read")
                .contains("Bolt worries about the price per seat.", "Acme chose us for the approval workflows; onboarding took 9 days.");
        assertThat(texts(api.get("/api/v1/insights?kind=objection", marketer).json())).containsExactly("Bolt worries about the price per seat.");
        assertThat(texts(api.get("/api/v1/insights?tag=WORKFLOWS", marketer).json())).hasSize(1);
        assertThat(texts(api.get("/api/v1/insights?segment=smb", marketer).json())).containsExactly("Bolt worries about the price per seat.");
        assertThat(texts(api.get("/api/v1/insights?q=onboarding", marketer).json())).hasSize(1);
        // Newest first; for the webinar campaign, the story of a deal that came through it first.
        assertThat(texts(api.get("/api/v1/insights", marketer).json()).get(0)).startsWith("Bolt");
        String webinar = id("campaigns", "webinar");
        JsonNode ranked = api.get("/api/v1/insights?campaign=" + webinar, marketer).json();
        assertThat(ranked.get(0).get("text").asText()).startsWith("Acme");
        assertThat(ranked.get(0).get("relevance").asInt()).isPositive();

        Response used = api.post("/api/v1/insights/" + id + "/uses", marketer,
                "{\"campaignId\":\"" + webinar + "\",\"asset\":\"Acme case study\"}");
        assertThat(used.status()).as(used.body()).isEqualTo(201);
        assertThat(used.json().get("uses").get(0).get("campaignName").asText()).isEqualTo("Ops webinar");
        assertThat(used.json().get("uses").get(0).get("markedBy").get("name").asText()).isEqualTo("max");
        assertThat(api.post("/api/v1/insights/" + id + "/uses", seller, "{\"asset\":\"deck\"}").status()).as("sales does not mark use")
                .isEqualTo(403);
        assertThat(api.post("/api/v1/insights/" + id + "/uses", viewer, "{\"asset\":\"deck\"}").status()).isEqualTo(403);

        assertThat(api.patch("/api/v1/insights/" + id, marketer, "{\"text\":\"changed\"}").status()).as("only the author or an admin")
                .isEqualTo(403);
        Response changed = api.patch("/api/v1/insights/" + id, seller, "{\"metric\":\"\",\"tags\":[\"workflows\"]}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().has("metric") && !changed.json().get("metric").isNull()).isFalse();
        assertThat(changed.json().get("records")).as("records kept when not given").hasSize(1);
        assertThat(changed.json().get("uses")).hasSize(1);

        String brief = api.get("/api/v1/insights/" + id + "/brief", viewer).json().get("text").asText();
        assertThat(brief).startsWith("Campaign brief: a customer story").contains("About: Acme expansion (ent)").contains("Topics: workflows")
                .contains("Quote from sales (sol, ").contains("\"Acme chose us for the approval workflows; onboarding took 9 days.\"");
    }

    @Test
    void badInsightsAreRefusedWithAProblemAndNothingIsStored() {
        int before = api.get("/api/v1/insights?size=200", admin).json().size();
        for (String bad : List.of("{\"text\":\"no kind\"}", "{\"kind\":\"RUMOUR\",\"text\":\"x\"}", "{\"kind\":\"OBJECTION\",\"text\":\"  \"}",
                "{\"kind\":\"OBJECTION\",\"text\":\"x\",\"tags\":[\"\"]}",
                "{\"kind\":\"OBJECTION\",\"text\":\"x\",\"records\":[{\"type\":\"lead\",\"id\":\"00000000-0000-0000-0000-000000000001\"}]}",
                "{\"kind\":\"OBJECTION\",\"text\":\"x\",\"records\":[{\"type\":\"campaign\",\"id\":\"" + id("campaigns", "ebook") + "\"}]}",
                "{\"kind\":\"OBJECTION\",\"text\":\"" + "x".repeat(5001) + "\"}", "[]", "not json")) {
            Response refused = api.post("/api/v1/insights", admin, bad);
            assertThat(refused.status()).as(bad + " → " + refused.body()).isEqualTo(400);
            assertThat(refused.isProblem()).isTrue();
        }
        assertThat(api.get("/api/v1/insights?size=200", admin).json()).hasSize(before);
        assertThat(api.get("/api/v1/insights?kind=RUMOUR", admin).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/insights/00000000-0000-0000-0000-000000000002/uses", admin, "{\"asset\":\"x\"}").status()).isEqualTo(404);
    }

    @Test
    void anotherTenantSeesNothingAndCannotUseOrLinkThisTenantsIds() {
        String lead = id("leads", "L2");
        String id = api.post("/api/v1/insights", seller, """
                {"kind":"CUSTOMER_OUTCOME","text":"Lou's team halved reporting time.","records":[{"type":"lead","id":"%s"}]}""".formatted(lead))
                .json().get("id").asText();
        assertThat(api.get("/api/v1/insights", otherAdmin).json()).isEmpty();
        assertThat(api.get("/api/v1/insights/" + id, otherAdmin).status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/insights/" + id, otherAdmin, "{\"text\":\"mine\"}").status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/insights/" + id, otherAdmin).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/insights/" + id + "/uses", otherAdmin, "{\"asset\":\"x\"}").status()).isEqualTo(404);
        Response foreignRecord = api.post("/api/v1/insights", otherAdmin, """
                {"kind":"OBJECTION","text":"x","records":[{"type":"lead","id":"%s"}]}""".formatted(lead));
        assertThat(foreignRecord.status()).as("another tenant's record does not exist here").isEqualTo(400);
        Response foreignCampaign = api.post("/api/v1/insights", otherAdmin, "{\"kind\":\"OBJECTION\",\"text\":\"own\"}");
        Response markForeign = api.post("/api/v1/insights/" + foreignCampaign.json().get("id").asText() + "/uses", otherAdmin,
                "{\"campaignId\":\"" + id("campaigns", "ebook") + "\"}");
        assertThat(markForeign.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/insights/" + id, admin).json().get("text").asText()).isEqualTo("Lou's team halved reporting time.");
    }

    @Test
    void anInsightStaysOnItsRecordWhenTheRecordSyncsAgain() {
        String account = id("accounts", "A1");
        String id = api.post("/api/v1/insights", seller, """
                {"kind":"COMPETITOR","text":"Acme compared us with Rival Inc.","records":[{"type":"account","id":"%s"}]}""".formatted(account))
                .json().get("id").asText();
        api.ingest(admin, "accounts", "[{\"external_id\":\"A1\",\"name\":\"Acme Corporation\",\"segment\":\"ent\",\"started_at\":\"2026-02-01T00:00:00Z\"}]");
        JsonNode again = api.get("/api/v1/insights/" + id, marketer).json();
        assertThat(again.get("records").get(0).get("id").asText()).isEqualTo(account);
        assertThat(again.get("records").get(0).get("title").asText()).as("the record as it is now").isEqualTo("Acme Corporation");
    }

    @Test
    void theLoopCountsLoggedAndUsedInsightsAndThePipelineOfTheCampaignsThatUsedThem() {
        JsonNode before = api.get("/api/v1/insights/loop?from=2020-01-01&to=2020-12-31", marketer).json();
        assertThat(before.get("used").asLong()).isZero();
        assertThat(before.get("pipeline").get("amount").asText()).as("nothing used yet: zero, not unknown").isEqualTo("0.00");
        assertThat(before.get("revenue").get("currency").asText()).isEqualTo("USD");
        String id = api.post("/api/v1/insights", seller, "{\"kind\":\"WIN_STORY\",\"text\":\"Loop story\"}").json().get("id").asText();
        api.post("/api/v1/insights/" + id + "/uses", marketer, "{\"campaignId\":\"" + id("campaigns", "ebook") + "\"}");
        JsonNode loop = api.get("/api/v1/insights/loop?from=2026-01-01&to=2026-12-31", marketer).json();
        assertThat(loop.get("logged").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(loop.get("used").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(loop.get("campaignsUsing").toString()).contains("ebook");
        // The ebook's lead L2 sourced the open 8,000 deal; the webinar's 50,000 counts only once a webinar use exists.
        JsonNode pipeline = loop.get("pipeline");
        assertThat(pipeline.get("currency").asText()).isEqualTo("USD");
        assertThat(Double.parseDouble(pipeline.get("amount").asText())).isIn(8000.0, 58000.0);
    }

    private String id(String kind, String externalId) {
        return api.get("/api/v1/records/" + kind + "?q=" + externalId, admin).json().get("items").get(0).get("id").asText();
    }

    private static List<String> texts(JsonNode feed) {
        List<String> texts = new ArrayList<>();
        feed.forEach(i -> texts.add(i.get("text").asText()));
        return texts;
    }
}
