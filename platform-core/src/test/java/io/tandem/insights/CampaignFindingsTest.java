package io.tandem.insights;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.feedback.PastVerdicts;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestClock;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Rejection reasons by campaign and campaigns ranked by downstream revenue, against a hand-computed fixture ("now"
 * 2026-12-01; the last 12 months from 2025-12-01). Hand-offs sales decided in the window:
 * <ul>
 *   <li>Ebook: 40 decided, 28 rejected (no need 20, bad fit 8), and 45 more still open (not counted);</li>
 *   <li>Webinar: 60 decided, 19 rejected (bad timing) — plus 30 rejected in June 2025, outside the window;</li>
 *   <li>Search: 50 decided, 20 rejected (unreachable); Tiny: 10 decided, 5 rejected; no campaign: 20 decided, 4 rejected.</li>
 * </ul>
 * 180 decided, 76 rejected. Ebook 28/40 against 48/140: p = 5.5025e-5, BH-adjusted over 3 campaigns 1.6507e-4 (a
 * finding); Webinar 19/60 against 57/120: p = 0.042616, adjusted 0.063924 (significant only before the correction);
 * Search 20/50 against 56/130: p = 0.70814; Tiny: too few.
 * <p>
 * Campaign leads of the window: Ebook 85, Webinar 60, Search 50, Tiny 10 (205); won: Webinar 12 leads (12 × 10,000,
 * 12 accounts), Ebook 1 (5,000), Search 2 (2 × 20,000). By leads: Ebook, Webinar, Search, Tiny; by revenue: Webinar,
 * Search, Ebook, Tiny. Webinar 12/60 against 3/145: p = 7.2713e-6, adjusted 2.1814e-5, ratio 9.667; Ebook 1/85 against
 * 14/120: p = 0.0044911, adjusted 0.0067366 (a finding the other way); Search 2/50 against 13/155: p = 0.30029.
 * Webinar's NRR: its two customers won in July 2025 (MRR 1,000 each) — one grew to 1,500, one churned in June 2026:
 * (2,000 + 500 − 1,000) ÷ 2,000 = 75 %.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignFindingsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant IN_WINDOW = Instant.parse("2026-03-01T00:00:00Z");

    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private JsonNode report;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), new HashMap<>(), new TestClock(NOW));
        api = app.api();
        admin = api.signUpAndLogIn("Campaign Findings", "cam@campaign-findings.test");
        api.ingest(admin, "campaigns", """
                [{"external_id":"ebook","name":"Ebook"},{"external_id":"webinar","name":"Webinar"},
                 {"external_id":"search","name":"Search"},{"external_id":"tiny","name":"Tiny"}]""");
        Fixture f = new Fixture();
        f.handoffs("ebook", 40, 28, IN_WINDOW);
        f.handoffs("ebook-open", "ebook", 45, 45, Instant.parse("2026-11-20T00:00:00Z"));
        f.handoffs("webinar", 60, 19, IN_WINDOW);
        f.handoffs("webinar-old", "webinar", 30, 30, Instant.parse("2025-06-01T00:00:00Z"));
        f.handoffs("search", 50, 20, IN_WINDOW);
        f.handoffs("tiny", 10, 5, IN_WINDOW);
        f.handoffs("none", null, 20, 4, IN_WINDOW);
        // Won from accepted leads (the rejected ones come first in each campaign).
        for (int i = 0; i < 12; i++) {
            f.won("webinar-" + (19 + i), "N" + i, 10_000, "2026-05-01T00:00:00Z");
        }
        f.won("ebook-28", "E0", 5_000, "2026-05-01T00:00:00Z");
        f.won("search-20", "S0", 20_000, "2026-05-01T00:00:00Z");
        f.won("search-21", "S1", 20_000, "2026-05-01T00:00:00Z");
        // Webinar's customers from before the window, for its NRR; their leads never became hand-offs.
        f.lead("webinar-early-0", "webinar", Instant.parse("2025-06-01T00:00:00Z"));
        f.lead("webinar-early-1", "webinar", Instant.parse("2025-06-01T00:00:00Z"));
        f.won("webinar-early-0", "W0", 1_000, "2025-07-01T00:00:00Z");
        f.won("webinar-early-1", "W1", 1_000, "2025-07-01T00:00:00Z");
        api.ingest(admin, "accounts", """
                [{"external_id":"W0","name":"W0","started_at":"2025-07-01T00:00:00Z"},
                 {"external_id":"W1","name":"W1","started_at":"2025-07-01T00:00:00Z","churned_at":"2026-06-01T00:00:00Z"}]""");
        api.ingest(admin, "mrr", """
                [{"account_id":"W0","effective_at":"2025-07-01T00:00:00Z","mrr":1000,"currency":"USD"},
                 {"account_id":"W0","effective_at":"2026-03-01T00:00:00Z","mrr":1500,"currency":"USD"},
                 {"account_id":"W1","effective_at":"2025-07-01T00:00:00Z","mrr":1000,"currency":"USD"}]""");
        f.send();
        f.reject(Map.of("ebook", List.of("no_need", 20, "bad_fit", 8), "webinar", List.of("bad_timing", 19), "search", List.of("unreachable", 20),
                "tiny", List.of("other", 5), "", List.of("no_budget", 4)));
        report = api.post("/api/v1/insights/findings/refresh", admin, "").json();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void aCampaignWhoseHandOffsSalesRejectsMoreIsAFindingWithItsReasons() {
        Map<String, JsonNode> rejections = byKindAndSubject("CAMPAIGN_REJECTIONS");
        JsonNode ebook = rejections.get("reported:Ebook");
        assertThat(ebook).as(report.toString()).isNotNull();
        assertThat(ebook.get("pValue").asDouble()).isCloseTo(5.5025e-5, within(1e-8));
        assertThat(ebook.get("adjustedP").asDouble()).isCloseTo(1.6507e-4, within(1e-8));
        assertThat(ebook.get("effect").asDouble()).isCloseTo(28.0 / 40 - 48.0 / 140, within(1e-9));
        assertThat(ebook.get("statement").asText()).isEqualTo("Sales rejected 70 % of the hand-offs from \"Ebook\" against 34 % of the others "
                + "(n = 40 vs 140 decided hand-offs in the last 12 months; adjusted p < 0.001 across 3 campaigns); most often: No need (20), Bad fit (8).");
        assertThat(ebook.get("groups").toString()).contains("\"label\":\"rejected: No need\",\"size\":28,\"outcomes\":20");
        assertThat(ebook.get("recordsTotal").asLong()).isEqualTo(28);
        assertThat(ebook.get("records").get(0).get("group").asText()).isEqualTo("No need");
        assertThat(ebook.get("records").get(27).get("group").asText()).isEqualTo("Bad fit");

        JsonNode webinar = rejections.get("Webinar");
        assertThat(webinar.get("adjustedP").asDouble()).as("the June 2025 rejections are outside the window").isCloseTo(0.063924, within(1e-6));
        assertThat(webinar.get("reason").asText()).isEqualTo("significant only before correcting for the 3 campaigns tested (p = 0.043, adjusted 0.064)");
        assertThat(rejections.get("Search").get("reason").asText()).isEqualTo("not significant (p = 0.708)");
        assertThat(rejections.get("Tiny").get("reason").asText()).startsWith("too few decided hand-offs to tell: 10 from the campaign");
        assertThat(rejections).doesNotContainKey("(none)");
    }

    @Test
    void campaignsAreRankedByDownstreamRevenueAndNrrNotByLeadCount() {
        List<String> byRevenue = new ArrayList<>();
        Map<String, JsonNode> ranked = new LinkedHashMap<>();
        report.get("campaigns").forEach(c -> {
            byRevenue.add(c.get("name").asText());
            ranked.put(c.get("name").asText(), c);
        });
        assertThat(byRevenue).containsExactly("Webinar", "Search", "Ebook", "Tiny");
        JsonNode webinar = ranked.get("Webinar");
        assertThat(webinar.get("revenueRank").asInt()).isEqualTo(1);
        assertThat(webinar.get("leadRank").asInt()).isEqualTo(2);
        assertThat(webinar.get("leads").asLong()).isEqualTo(60);
        assertThat(webinar.get("convertedLeads").asLong()).isEqualTo(12);
        assertThat(webinar.get("customers").asLong()).isEqualTo(12);
        assertThat(webinar.get("revenue").get("amount").asText()).isEqualTo("120000.00");
        assertThat(webinar.get("nrr").asDouble()).isCloseTo(0.75, within(1e-9));
        assertThat(webinar.get("nrrAccounts").asLong()).isEqualTo(2);
        JsonNode ebook = ranked.get("Ebook");
        assertThat(ebook.get("leadRank").asInt()).isEqualTo(1);
        assertThat(ebook.get("leads").asLong()).isEqualTo(85);
        assertThat(ebook.get("revenue").get("amount").asText()).isEqualTo("5000.00");
        assertThat(ebook.has("nrr") && !ebook.get("nrr").isNull()).as("none of its customers was there a year ago").isFalse();
        assertThat(ebook.get("note").asText()).contains("no MRR at the start");
        assertThat(ranked.get("Tiny").get("revenue").get("amount").asText()).isEqualTo("0.00");

        Map<String, JsonNode> revenue = byKindAndSubject("CAMPAIGN_REVENUE");
        JsonNode webinarFinding = revenue.get("reported:Webinar");
        assertThat(webinarFinding).as(report.toString()).isNotNull();
        assertThat(webinarFinding.get("pValue").asDouble()).isCloseTo(7.2713e-6, within(1e-9));
        assertThat(webinarFinding.get("adjustedP").asDouble()).isCloseTo(2.1814e-5, within(1e-8));
        assertThat(webinarFinding.get("effect").asDouble()).isCloseTo(9.6667, within(1e-4));
        assertThat(webinarFinding.get("statement").asText()).isEqualTo("\"Webinar\" turned 20 % of its leads into customers against 2 % for "
                + "the other campaigns (n = 60 vs 145 leads of the last 12 months; adjusted p < 0.001 across 3 campaigns): 1st of 4 by revenue "
                + "(120000.00 USD), 2nd by leads; its customers' NRR 75 % (2 accounts).");
        assertThat(webinarFinding.get("records")).hasSize(60);
        assertThat(webinarFinding.get("records").get(11).get("group").asText()).isEqualTo("became customers");
        assertThat(webinarFinding.get("records").get(12).get("group").asText()).isEqualTo("did not");
        JsonNode ebookFinding = revenue.get("reported:Ebook");
        assertThat(ebookFinding.get("adjustedP").asDouble()).isCloseTo(0.0067366, within(1e-6));
        assertThat(ebookFinding.get("statement").asText()).startsWith("\"Ebook\" turned 1 % of its leads into customers against 12 %")
                .contains("3rd of 4 by revenue (5000.00 USD), 1st by leads.");
        assertThat(revenue.get("Search").get("reason").asText()).isEqualTo("not significant (p = 0.300)");
        assertThat(revenue.get("Tiny").get("reason").asText()).startsWith("too few leads to tell: 10 from the campaign");
    }

    @Test
    void anotherTenantSeesNoneOfIt() {
        String stranger = api.signUpAndLogIn("Campaign Stranger", "sue@campaign-stranger.test");
        JsonNode theirs = api.post("/api/v1/insights/findings/refresh", stranger, "").json();
        assertThat(theirs.get("campaigns")).isEmpty();
        assertThat(theirs.toString()).doesNotContain("Webinar").doesNotContain("Ebook");
    }

    private Map<String, JsonNode> byKindAndSubject(String kind) {
        Map<String, JsonNode> found = new HashMap<>();
        report.get("findings").forEach(f -> {
            if (f.get("kind").asText().equals(kind)) {
                found.put("reported:" + f.get("subject").asText(), f);
            }
        });
        report.get("notReported").forEach(f -> {
            if (f.get("kind").asText().equals(kind)) {
                found.put(f.get("subject").asText(), f);
            }
        });
        return found;
    }

    /** Leads with their stage changes (accepted ones move on to SQL: the data's verdict), opportunities, and past rejections. */
    private final class Fixture {
        private final StringBuilder leads = new StringBuilder();
        private final StringBuilder changes = new StringBuilder();
        private final StringBuilder deals = new StringBuilder();
        private final StringBuilder accounts = new StringBuilder();

        void handoffs(String campaign, int count, int rejected, Instant created) {
            handoffs(campaign, campaign, count, rejected, created);
        }

        /** {@code count} hand-offs of the campaign; the first {@code rejected} wait for a verdict, the rest go on to SQL. */
        void handoffs(String prefix, String campaign, int count, int rejected, Instant created) {
            for (int i = 0; i < count; i++) {
                Instant at = created.plus(i, ChronoUnit.HOURS);
                lead(prefix + "-" + i, campaign, at);
                change(prefix + "-" + i, "MQL", at.plus(1, ChronoUnit.DAYS));
                if (i >= rejected) {
                    change(prefix + "-" + i, "SQL", at.plus(3, ChronoUnit.DAYS));
                }
            }
        }

        void lead(String id, String campaign, Instant created) {
            leads.append(leads.isEmpty() ? "" : ",").append("{\"external_id\":\"").append(id).append("\",\"source\":\"marketing\",")
                    .append(campaign == null ? "" : "\"campaign_id\":\"" + campaign + "\",").append("\"created_at\":\"").append(created).append("\"}");
            change(id, "INQUIRY", created);
        }

        void won(String lead, String account, int amount, String closed) {
            deals.append(deals.isEmpty() ? "" : ",").append("{\"external_id\":\"O-").append(lead).append("\",\"lead_id\":\"").append(lead)
                    .append("\",\"account_id\":\"").append(account).append("\",\"amount\":").append(amount)
                    .append(",\"currency\":\"USD\",\"created_at\":\"2025-01-01T00:00:00Z\",\"closed_at\":\"").append(closed).append("\",\"status\":\"won\"}");
            if (!account.startsWith("W")) {
                accounts.append(accounts.isEmpty() ? "" : ",").append("{\"external_id\":\"").append(account).append("\",\"name\":\"").append(account)
                        .append("\",\"started_at\":\"2026-06-01T00:00:00Z\"}");
            }
        }

        private void change(String lead, String stage, Instant at) {
            changes.append(changes.isEmpty() ? "" : ",").append("{\"record_type\":\"lead\",\"record_id\":\"").append(lead).append("\",\"stage\":\"")
                    .append(stage).append("\",\"occurred_at\":\"").append(at).append("\"}");
        }

        void send() {
            api.ingest(admin, "leads", "[" + leads + "]");
            api.ingest(admin, "stage-changes", "[" + changes + "]");
            api.ingest(admin, "accounts", "[" + accounts + "]");
            api.ingest(admin, "opportunities", "[" + deals + "]");
        }

        /**
         * Rejects the waiting hand-offs of each campaign ("": none) in the order they came, by (reason, count) pairs;
         * the rest (Ebook's newest and June 2025's Webinar ones, beyond the counts) stay as they are unless listed.
         */
        void reject(Map<String, List<Object>> reasons) {
            JsonNode me = api.get("/api/v1/me", admin).json();
            UUID tenant = UUID.fromString(me.get("tenantId").asText());
            UUID by = UUID.fromString(me.get("userId").asText());
            PastVerdicts verdicts = app.context().getBean(PastVerdicts.class);
            List<PastVerdicts.Waiting> waiting = new ArrayList<>(verdicts.waiting(tenant));
            waiting.sort(Comparator.comparing(PastVerdicts.Waiting::enteredAt));
            List<PastVerdicts.Given> given = new ArrayList<>();
            for (Map.Entry<String, List<Object>> campaign : reasons.entrySet()) {
                List<PastVerdicts.Waiting> inWindow = waiting.stream()
                        .filter(w -> campaign.getKey().equals(w.campaign() == null ? "" : w.campaign()))
                        .filter(w -> w.enteredAt().isAfter(IN_WINDOW) && w.enteredAt().isBefore(Instant.parse("2026-11-01T00:00:00Z"))).toList();
                int next = 0;
                for (int r = 0; r < campaign.getValue().size(); r += 2) {
                    for (int n = 0; n < (Integer) campaign.getValue().get(r + 1); n++) {
                        PastVerdicts.Waiting w = inWindow.get(next++);
                        given.add(new PastVerdicts.Given(w.id(), "REJECTED", (String) campaign.getValue().get(r), by, w.enteredAt().plus(1, ChronoUnit.HOURS)));
                    }
                }
                assertThat(next).as(campaign.getKey() + ": all its waiting hand-offs in the window decided").isEqualTo(inWindow.size());
            }
            waiting.stream().filter(w -> w.enteredAt().isBefore(IN_WINDOW))
                    .forEach(w -> given.add(new PastVerdicts.Given(w.id(), "REJECTED", "bad_fit", by, w.enteredAt().plus(1, ChronoUnit.HOURS))));
            verdicts.record(tenant, given);
        }
    }
}
