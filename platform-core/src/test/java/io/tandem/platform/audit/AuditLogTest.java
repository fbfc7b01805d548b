package io.tandem.platform.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.platform.database.DatabaseSettings;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.PluginJars;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestClock;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log through the API: each audited change leaves one line naming who, when, what and the thing before and
 * after (never a secret); a refused change leaves none; admins read it page by page, filtered, and as spreadsheet-safe
 * CSV; nobody else reads it; no tenant sees another's; the application role can add lines but never change or remove one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogTest {

    private static final String PLAN = """
            {"name":"Marketing plan","team":"MARKETING","periodType":"QUARTER","currency":"USD","targetPayout":"10000.00",
             "components":[{"metric":"MQL_COUNT","weight":100,"target":4,"curve":{"threshold":0.5}}]}""";

    private final TestClock clock = new TestClock(Instant.parse("2026-04-02T00:00:00Z"));
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private String tenant;
    private String marketingLead;
    private String salesLead;
    private String operator;
    private String otherAdmin;

    @BeforeAll
    void fixture() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of("tandem.outbound.allowlist", "hooks.example.com",
                "tandem.operators", "operator@audit.test"), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Audit Co", "admin@audit.test");
        tenant = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        marketingLead = api.inviteAndLogIn(admin, "ml@audit.test", "MARKETING", "MEMBER", true);
        salesLead = api.inviteAndLogIn(admin, "sl@audit.test", "SALES", "MEMBER", true);
        operator = api.inviteAndLogIn(admin, "operator@audit.test", "REVOPS", "MEMBER", false);
        otherAdmin = api.signUpAndLogIn("Other Co", "admin@other.test");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void theLogStartsAtSignUpAndNamesEachInvitation() {
        List<JsonNode> lines = lines("/api/v1/audit?subject=member&limit=500", admin);
        assertThat(lines).extracting(l -> l.get("action").asText() + " " + l.get("subjectName").asText())
                .contains("member.invited admin@audit.test", "member.invited ml@audit.test", "member.invited sl@audit.test");
        JsonNode invitedLead = lines.stream().filter(l -> l.get("subjectName").asText().equals("ml@audit.test")).findFirst().orElseThrow();
        assertThat(invitedLead.get("actor").asText()).isEqualTo("admin@audit.test");
        assertThat(invitedLead.get("before").isNull()).isTrue();
        assertThat(invitedLead.get("after").get("team").asText()).isEqualTo("MARKETING");
        assertThat(lines("/api/v1/audit?action=company.signed_up", admin)).singleElement()
                .satisfies(l -> assertThat(l.get("after").get("name").asText()).isEqualTo("Audit Co"));
    }

    @Test
    void aRoleChangeShowsTheRoleBeforeAndAfter() {
        String member = api.inviteAndLogIn(admin, "promoted@audit.test", "SALES", "MEMBER", false);
        String id = api.get("/api/v1/me", member).json().get("userId").asText();
        assertThat(api.patch("/api/v1/users/" + id, admin, json("role", "ADMIN")).status()).isEqualTo(200);

        JsonNode line = lines("/api/v1/audit?subject=member&action=member.changed&subjectId=" + id, admin).get(0);
        assertThat(line.get("actor").asText()).isEqualTo("admin@audit.test");
        assertThat(line.get("actorId").asText()).isEqualTo(api.get("/api/v1/me", admin).json().get("userId").asText());
        assertThat(line.get("changes")).singleElement().satisfies(c -> {
            assertThat(c.get("field").asText()).isEqualTo("role");
            assertThat(c.get("before").asText()).isEqualTo("MEMBER");
            assertThat(c.get("after").asText()).isEqualTo("ADMIN");
        });
    }

    @Test
    void keysAndWebhooksAreLoggedWithoutTheirSecrets() {
        Response key = api.post("/api/v1/api-keys", admin, json("name", "warehouse loader"));
        String keyId = key.json().get("id").asText();
        String secretKey = key.json().get("key").asText();
        assertThat(api.delete("/api/v1/api-keys/" + keyId, admin).status()).isEqualTo(204);
        Response hook = api.post("/api/v1/settings/webhooks", admin, "{\"url\":\"https://hooks.example.com/audit\"}");
        String hookId = hook.json().get("id").asText();
        String signingSecret = hook.json().get("secret").asText();
        assertThat(api.delete("/api/v1/settings/webhooks/" + hookId, admin).status()).isEqualTo(204);

        assertThat(actions("/api/v1/audit?subjectId=" + keyId, admin)).containsExactly("api_key.revoked", "api_key.created");
        JsonNode revoked = lines("/api/v1/audit?action=api_key.revoked&subjectId=" + keyId, admin).get(0);
        assertThat(revoked.get("changes")).extracting(c -> c.get("field").asText()).containsExactly("revokedAt");
        assertThat(actions("/api/v1/audit?subject=webhook&subjectId=" + hookId, admin)).containsExactly("webhook.deleted", "webhook.created");

        String everything = api.get("/api/v1/audit?limit=500", admin).body() + api.get("/api/v1/audit.csv", admin).body();
        assertThat(everything).contains("warehouse loader", "https://hooks.example.com/audit")
                .doesNotContain(secretKey, signingSecret, secretKey.substring(10));
        assertThat(TenantSqlReader.all(app.database(), tenant)).doesNotContain(secretKey, signingSecret);
    }

    @Test
    void planVersionsActivationAndAClosedPeriodWithItsApprovedStatement() {
        api.inviteAndLogIn(admin, "mia@audit.test", "MARKETING", "MEMBER", false);
        JsonNode plan = api.post("/api/v1/incentives/plans", admin, PLAN).json();
        String planId = plan.get("planId").asText();
        assertThat(api.put("/api/v1/incentives/plans/" + plan.get("id").asText(), admin, PLAN.replace("\"target\":4", "\"target\":5")).status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/incentives/plans/" + plan.get("id").asText() + "/activate", admin,
                json("overrideReason", "as agreed")).status()).isEqualTo(200);
        JsonNode closed = api.post("/api/v1/incentives/periods/2026-Q1/close", admin, "{}").json();
        String statementId = closed.get(0).get("id").asText();
        assertThat(api.post("/api/v1/incentives/statements/" + statementId + "/approve", admin, "{}").status()).isEqualTo(200);

        assertThat(actions("/api/v1/audit?subject=plan&subjectId=" + planId, admin))
                .containsExactly("plan.activated", "plan.changed", "plan.created");
        JsonNode changed = lines("/api/v1/audit?action=plan.changed&subjectId=" + planId, admin).get(0);
        assertThat(changed.get("changes")).extracting(c -> c.get("field").asText()).containsExactly("components");
        assertThat(changed.get("before").get("components").get(0).get("target").asInt()).isEqualTo(4);
        assertThat(changed.get("after").get("components").get(0).get("target").asInt()).isEqualTo(5);
        JsonNode activated = lines("/api/v1/audit?action=plan.activated&subjectId=" + planId, admin).get(0);
        assertThat(activated.get("changes")).extracting(c -> c.get("field").asText()).contains("status", "activatedAt", "activationOverride");

        JsonNode period = lines("/api/v1/audit?subject=pay_period&subjectId=2026-Q1", admin).get(0);
        assertThat(period.get("action").asText()).isEqualTo("pay_period.closed");
        assertThat(period.get("after").get("statements").asInt()).isEqualTo(closed.size());
        assertThat(period.get("after").get("plans").get(0).asText()).isEqualTo("Marketing plan");
        JsonNode approval = lines("/api/v1/audit?subject=statement&subjectId=" + statementId, admin).get(0);
        assertThat(approval.get("action").asText()).isEqualTo("statement.approved");
        assertThat(approval.get("changes")).extracting(c -> c.get("field").asText()).containsExactlyInAnyOrder("status", "approvedAt");
        assertThat(approval.get("before").get("status").asText()).isEqualTo("CLOSED");
    }

    @Test
    void anAdoptedProposalLogsTheStageDefinitionAsItWasAndIs() {
        String proposal = api.post("/api/v1/funnel/proposals", admin, "{\"stageKey\":\"MQL\",\"slaHours\":6,\"reason\":\"faster follow-up\"}")
                .json().get("id").asText();
        assertThat(api.post("/api/v1/funnel/proposals/" + proposal + "/approve", marketingLead, json("comment", "yes")).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/funnel/proposals/" + proposal + "/approve", salesLead, json("comment", "fine")).status()).isEqualTo(200);

        assertThat(lines("/api/v1/audit?subject=stage_proposal&subjectId=" + proposal, admin))
                .extracting(l -> l.get("action").asText() + " by " + l.get("actor").asText())
                .containsExactly("stage_proposal.approved by sl@audit.test", "stage_proposal.approved by ml@audit.test",
                        "stage_proposal.proposed by admin@audit.test");
        JsonNode stage = lines("/api/v1/audit?subject=funnel_stage&subjectId=MQL", admin).get(0);
        assertThat(stage.get("action").asText()).isEqualTo("funnel_stage.changed");
        assertThat(stage.get("actor").asText()).isEqualTo("sl@audit.test");
        assertThat(stage.get("changes")).singleElement().satisfies(c -> {
            assertThat(c.get("field").asText()).isEqualTo("slaHours");
            assertThat(c.get("after").asInt()).isEqualTo(6);
        });
    }

    @Test
    void pluginsConnectionsAndSettingsAreLoggedAndARefusedChangeLeavesNoLine() {
        assertThat(api.postBytes("/api/v1/plugins", operator, "application/java-archive", PluginJars.csv()).status()).isEqualTo(201);
        String connection = api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"Files\",\"config\":{\"folder\":\"in\"}}")
                .json().get("id").asText();
        assertThat(api.patch("/api/v1/connections/" + connection, admin, "{\"name\":\"Shared files\"}").status()).isEqualTo(200);
        int before = lines("/api/v1/audit?limit=500", admin).size();
        Response duplicate = api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"Shared files\",\"config\":{\"folder\":\"x\"}}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(lines("/api/v1/audit?limit=500", admin)).hasSize(before);
        assertThat(api.delete("/api/v1/connections/" + connection, admin).status()).isEqualTo(204);
        assertThat(api.put("/api/v1/settings/metrics", admin, "{\"reportingCurrency\":\"EUR\",\"grossMargin\":0.75,\"rates\":{\"USD\":0.9}}")
                .status()).isEqualTo(200);

        assertThat(actions("/api/v1/audit?subject=connection&subjectId=" + connection, admin))
                .containsExactly("connection.deleted", "connection.changed", "connection.created");
        JsonNode renamed = lines("/api/v1/audit?action=connection.changed&subjectId=" + connection, admin).get(0);
        assertThat(renamed.get("changes")).singleElement().satisfies(c -> {
            assertThat(c.get("before").asText()).isEqualTo("Files");
            assertThat(c.get("after").asText()).isEqualTo("Shared files");
        });
        JsonNode plugin = lines("/api/v1/audit?subject=plugin&subjectId=csv", admin).get(0);
        assertThat(plugin.get("action").asText()).isIn("plugin.installed", "plugin.upgraded");
        assertThat(plugin.get("actor").asText()).isEqualTo("operator@audit.test");
        JsonNode settings = lines("/api/v1/audit?action=metric_settings.changed", admin).get(0);
        assertThat(settings.get("changes")).extracting(c -> c.get("field").asText()).containsExactlyInAnyOrder("reportingCurrency", "grossMargin", "rates");
    }

    @Test
    void pagesFollowOneAnotherWithoutRepeatsAndFiltersNarrow() {
        List<String> all = ids(lines("/api/v1/audit?limit=500", admin));
        List<String> paged = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = api.get("/api/v1/audit?limit=3" + (next == null ? "" : "&before=" + next), admin).json();
            page.get("events").forEach(e -> paged.add(e.get("id").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);
        assertThat(paged).isEqualTo(all);
        assertThat(new HashSet<>(paged)).hasSize(paged.size());

        List<JsonNode> byAdmin = lines("/api/v1/audit?actor=ADMIN@audit.test&limit=500", admin);
        assertThat(byAdmin).isNotEmpty().allSatisfy(l -> assertThat(l.get("actor").asText()).isEqualTo("admin@audit.test"));
        assertThat(byAdmin).hasSize((int) lines("/api/v1/audit?limit=500", admin).stream()
                .filter(l -> l.get("actor").asText().equals("admin@audit.test")).count());
        assertThat(lines("/api/v1/audit?from=2026-04-02&to=2026-04-02&limit=500", admin)).hasSize(all.size());
        assertThat(lines("/api/v1/audit?from=2026-04-03", admin)).isEmpty();
        assertThat(lines("/api/v1/audit?to=2026-04-01", admin)).isEmpty();
        Response backwards = api.get("/api/v1/audit?from=2026-04-03&to=2026-04-01", admin);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.isProblem()).isTrue();
        assertThat(api.get("/api/v1/audit?before=not-a-line", admin).status()).isEqualTo(400);
    }

    @Test
    void theCsvHoldsEveryLineAndNeutralisesFormulas() {
        api.post("/api/v1/api-keys", admin, json("name", "=HYPERLINK(\"http://evil.test\",\"x\")"));
        Response csv = api.get("/api/v1/audit.csv", admin);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] rows = csv.body().split("\r\n");
        assertThat(rows[0]).isEqualTo("at,actor,action,subject_type,subject_id,subject_name,changes,before,after");
        assertThat(rows.length - 1).isEqualTo(lines("/api/v1/audit?limit=500", admin).size());
        assertThat(csv.body()).contains(",\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\")\",").doesNotContain(",=HYPERLINK");
        assertThat(api.get("/api/v1/audit.csv?subject=api_key", admin).body().split("\r\n")).allSatisfy(row ->
                assertThat(row).matches("at,.*|[^,]+,admin@audit.test,api_key\\..*"));
    }

    @Test
    void onlyAdminsReadTheLogAndNoTenantSeesAnothers() {
        assertThat(api.get("/api/v1/audit", marketingLead).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit.csv", salesLead).status()).isEqualTo(403);

        List<JsonNode> mine = lines("/api/v1/audit?limit=500", admin);
        JsonNode aLine = mine.get(0);
        List<JsonNode> theirs = lines("/api/v1/audit?limit=500", otherAdmin);
        assertThat(theirs).extracting(l -> l.get("actor").asText()).containsOnly("admin@other.test");
        assertThat(ids(theirs)).doesNotContainAnyElementsOf(ids(mine));
        assertThat(lines("/api/v1/audit?subjectId=" + aLine.get("subjectId").asText(), otherAdmin)).isEmpty();
        assertThat(lines("/api/v1/audit?before=" + mine.get(mine.size() - 1).get("id").asText(), otherAdmin)).isEmpty();
        assertThat(api.get("/api/v1/audit.csv", otherAdmin).body()).doesNotContain("audit.test");
    }

    @Test
    void theApplicationRoleCanNeitherChangeNorRemoveALine() throws Exception {
        DatabaseSettings db = app.database();
        try (Connection c = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword()); Statement st = c.createStatement()) {
            st.execute("SELECT set_config('app.tenant_id', '" + tenant + "', false)");
            assertThatThrownBy(() -> st.executeUpdate("UPDATE audit_event SET actor = 'someone else'")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit_event")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeUpdate("TRUNCATE audit_event")).hasMessageContaining("permission denied");
        }
        assertThat(lines("/api/v1/audit?limit=500", admin)).isNotEmpty()
                .noneSatisfy(l -> assertThat(l.get("actor").asText()).isEqualTo("someone else"));
    }

    private List<JsonNode> lines(String path, String token) {
        Response response = api.get(path, token);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        response.json().get("events").forEach(lines::add);
        return lines;
    }

    private List<String> actions(String path, String token) {
        return lines(path, token).stream().map(l -> l.get("action").asText()).toList();
    }

    private static List<String> ids(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("id").asText()).toList();
    }

    /** Every audit line of the tenant as stored, to look for secrets in the raw rows. */
    private static final class TenantSqlReader {
        static String all(DatabaseSettings db, String tenant) {
            return io.tandem.support.TenantSql.query(db, tenant, "SELECT actor, subject_name, before::text, after::text FROM audit_event").toString();
        }
    }
}
