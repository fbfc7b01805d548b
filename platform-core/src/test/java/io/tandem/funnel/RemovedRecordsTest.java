package io.tandem.funnel;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.SampleTenant;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source deletes or merges records (the {@code deletions} record type, which connectors' tombstones
 * become): the funnel and every figure are then exactly those of a tenant that never received them;
 * the records come back with their history when the source restores them; a merge moves history and
 * deals to the survivor; a person another source still holds stays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemovedRecordsTest {

    private static final String PERIOD = "?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z";
    private static final List<String> FIGURES = List.of("/api/v1/metrics" + PERIOD, "/api/v1/metrics/by-campaign" + PERIOD,
            "/api/v1/metrics/cohort-retention" + PERIOD, "/api/v1/metrics/trend" + PERIOD + "&metric=handoffs",
            "/api/v1/metrics/trend" + PERIOD + "&metric=marketingSourcedRevenue");

    // L0006 has a won deal on account A0000, L0008 a lost one; c-ref has leads and spend; A0001 has usage.
    private static final Set<String> LEADS = Set.of("L0000", "L0001", "L0006", "L0008");
    private static final Set<String> OPPORTUNITIES = Set.of("O0001", "O0005");
    private static final Set<String> ACCOUNTS = Set.of("A0001");
    private static final Set<String> CAMPAIGNS = Set.of("c-ref");

    private TandemTestApplication app;
    private ApiClient api;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void deletedRecordsLeaveTheFiguresOfATenantThatNeverHadThem() {
        String deleting = api.signUpAndLogIn("Deleting Co", "admin@deleting.test");
        SampleTenant.importAll(api, deleting);
        Map<String, String> before = figures(deleting);

        JsonNode result = api.post("/api/v1/ingest/deletions", deleting, deletions()).json();
        assertThat(result.get("deleted").asLong()).as(result.toString()).isEqualTo(8);
        assertThat(result.get("errors")).isEmpty();
        JsonNode again = api.post("/api/v1/ingest/deletions", deleting, deletions()).json();
        assertThat(again.get("deleted").asLong()).as("a repeated deletion changes nothing").isZero();
        assertThat(again.get("unchanged").asLong()).isEqualTo(8);

        String never = api.signUpAndLogIn("Never Had Them Co", "admin@never.test");
        importWithout(never);
        Map<String, String> expected = figures(never);
        assertThat(expected.get(FIGURES.get(0))).isNotEqualTo(before.get(FIGURES.get(0)));
        assertThat(figures(deleting)).isEqualTo(expected);
        for (String kind : List.of("leads", "opportunities", "accounts")) {
            assertThat(total(deleting, kind)).as(kind + " listed").isEqualTo(total(never, kind));
        }

        // The source restores them (they come back from its recycle bin): back in the funnel with their history.
        restore(deleting);
        assertThat(figures(deleting)).isEqualTo(before);
    }

    @Test
    void aMergeMovesHistoryAndDealsToTheSurvivor() {
        String admin = api.signUpAndLogIn("Merging Co", "admin@merging.test");
        post(admin, "leads", "[" + lead("M1", "ann@merge.test", "2025-01-01") + "," + lead("M2", "ann.smith@merge.test", "2025-01-05") + "]");
        post(admin, "stage-changes", "[" + entry("M1", "INQUIRY", "2025-01-01") + "," + entry("M1", "MQL", "2025-01-10") + ","
                + entry("M2", "INQUIRY", "2025-01-05") + "," + entry("M2", "SQL", "2025-02-01") + "]");
        post(admin, "opportunities", "[{\"external_id\":\"D1\",\"lead_id\":\"M1\",\"amount\":\"1000\",\"currency\":\"USD\","
                + "\"created_at\":\"2025-02-02T00:00:00Z\",\"status\":\"open\"}]");
        String tenant = tenantOf(admin);
        String m1 = TenantSql.single(app.database(), tenant, "SELECT id FROM lead WHERE external_id = 'M1'");
        String m2 = TenantSql.single(app.database(), tenant, "SELECT id FROM lead WHERE external_id = 'M2'");

        JsonNode unknown = post(admin, "deletions", "[{\"record_type\":\"lead\",\"external_id\":\"M1\",\"merged_into\":\"M9\"}]");
        assertThat(unknown.get("errors").toString()).contains("line").contains("merged_into").contains("M9");
        JsonNode merged = post(admin, "deletions", "[{\"record_type\":\"lead\",\"external_id\":\"M1\",\"merged_into\":\"M2\"}]");
        assertThat(merged.get("deleted").asLong()).as(merged.toString()).isEqualTo(1);

        assertThat(total(admin, "leads")).isEqualTo(1);
        assertThat(TenantSql.single(app.database(), tenant, "SELECT string_agg(stage || '@' || first_at::date, ',' ORDER BY first_at) "
                + "FROM record_stage WHERE record_id = '" + m2 + "'")).as("the union of both histories, the earliest entry winning")
                .isEqualTo("INQUIRY@2025-01-01,MQL@2025-01-10,SQL@2025-02-01");
        assertThat(TenantSql.single(app.database(), tenant, "SELECT count(*) FROM record_stage WHERE record_id = '" + m1 + "'")).isEqualTo("0");
        assertThat(TenantSql.single(app.database(), tenant, "SELECT lead_id FROM opportunity WHERE external_id = 'D1'")).isEqualTo(m2);
        assertThat(TenantSql.single(app.database(), tenant, "SELECT count(*) FROM stage_transition WHERE record_id = '" + m1 + "'"))
                .as("the merged record's own log stays, for audit").isEqualTo("2");
        JsonNode history = api.get("/api/v1/records/leads/" + m1 + "/history", admin).json();
        assertThat(history).as("a removed record's page stays readable").hasSize(2);

        // The merged id now names the survivor: later history sent for it lands there.
        post(admin, "stage-changes", "[" + entry("M1", "OPPORTUNITY", "2025-02-02") + "]");
        assertThat(TenantSql.single(app.database(), tenant, "SELECT current_stage FROM lead WHERE id = '" + m2 + "'")).isEqualTo("OPPORTUNITY");
        JsonNode metrics = api.get("/api/v1/metrics?from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z", admin).json();
        assertThat(conversion(metrics, "INQUIRY")).as("one person, who went on from inquiry to MQL").isEqualTo("1/1");

        String other = api.signUpAndLogIn("Other Merging Co", "admin@other-merging.test");
        post(other, "leads", "[" + lead("M2", "x@other.test", "2025-01-01") + "]");
        JsonNode foreign = post(other, "deletions", "[{\"record_type\":\"lead\",\"external_id\":\"M2\"}]");
        assertThat(foreign.get("deleted").asLong()).isEqualTo(1);
        assertThat(total(admin, "leads")).as("another tenant's deletion of the same external id").isEqualTo(1);
        assertThat(api.get("/api/v1/records/leads/" + m1 + "/history", other).status()).isEqualTo(404);
    }

    @Test
    void aPersonAnotherSourceStillHoldsStays() {
        String admin = api.signUpAndLogIn("Two Sources Co", "admin@two-sources.test");
        assertThat(api.post("/api/v1/ingest/leads?origin=hub", admin, "[" + lead("H1", "bea@people.test", "2025-01-01") + "]").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/ingest/leads?origin=crm", admin, "[" + lead("S1", "BEA@people.test", "2025-01-02") + "]").status()).isEqualTo(200);
        assertThat(total(admin, "leads")).isEqualTo(1);
        String bea = TenantSql.single(app.database(), tenantOf(admin), "SELECT id FROM lead");

        api.post("/api/v1/ingest/deletions?origin=hub", admin, "[{\"record_type\":\"lead\",\"external_id\":\"H1\"}]");
        assertThat(total(admin, "leads")).as("the other CRM still has her").isEqualTo(1);
        JsonNode sources = api.get("/api/v1/records/leads/" + bea + "/sources", admin).json();
        assertThat(sources.get(0).get("deletedAt").isNull()).as(sources.toString()).isFalse();
        assertThat(sources.get(1).get("deletedAt").isNull()).isTrue();

        api.post("/api/v1/ingest/deletions?origin=crm", admin, "[{\"record_type\":\"lead\",\"external_id\":\"S1\"}]");
        assertThat(total(admin, "leads")).as("no source holds her any more").isZero();
        assertThat(api.post("/api/v1/ingest/leads?origin=crm", admin, "[" + lead("S1", "bea@people.test", "2025-01-02") + "]").status())
                .isEqualTo(200);
        assertThat(total(admin, "leads")).as("restored in the CRM").isEqualTo(1);
    }

    @Test
    void badDeletionsAreReportedByLineAndTheGoodOnesApplied() {
        String admin = api.signUpAndLogIn("Bad Deletions Co", "admin@bad-deletions.test");
        post(admin, "leads", "[" + lead("B1", "b1@bad.test", "2025-01-01") + "]");
        JsonNode result = post(admin, "deletions", "[{\"record_type\":\"spend\",\"external_id\":\"x\"},{\"external_id\":\"B1\"},"
                + "{\"record_type\":\"lead\",\"external_id\":\"B1\",\"merged_into\":\"B1\"},{\"record_type\":\"lead\",\"external_id\":\"NOPE\"},"
                + "{\"record_type\":\"lead\",\"external_id\":\"B1\"}]");
        assertThat(result.get("errors")).hasSize(3);
        assertThat(result.get("errors").get(0).get("line").asInt()).isEqualTo(1);
        assertThat(result.get("errors").toString()).contains("record_type").contains("itself");
        assertThat(result.get("deleted").asLong()).isEqualTo(1);
        assertThat(result.get("unchanged").asLong()).as("a record Tandem never received").isEqualTo(1);
        assertThat(total(admin, "leads")).isZero();
    }

    // ------------------------------------------------------------------ the sample tenant with and without the records

    private static String deletions() {
        List<String> rows = new ArrayList<>();
        LEADS.forEach(id -> rows.add(deletion("lead", id)));
        OPPORTUNITIES.forEach(id -> rows.add(deletion("opportunity", id)));
        ACCOUNTS.forEach(id -> rows.add(deletion("account", id)));
        CAMPAIGNS.forEach(id -> rows.add(deletion("campaign", id)));
        return "[" + String.join(",", rows) + "]";
    }

    private static String deletion(String type, String id) {
        return "{\"record_type\":\"" + type + "\",\"external_id\":\"" + id + "\"}";
    }

    /** The sample as a tenant that never received the deleted records: their rows gone, references to them empty. */
    private void importWithout(String token) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("campaigns", csv("campaigns", row -> !CAMPAIGNS.contains(row.get("external_id")), row -> row));
        files.put("accounts", csv("accounts", row -> !ACCOUNTS.contains(row.get("external_id")), row -> row));
        files.put("leads", csv("leads", row -> !LEADS.contains(row.get("external_id")), row -> blank(row, "campaign_id", CAMPAIGNS)));
        files.put("opportunities", csv("opportunities", row -> !OPPORTUNITIES.contains(row.get("external_id")),
                row -> blank(blank(row, "lead_id", LEADS), "account_id", ACCOUNTS)));
        files.put("spend", csv("spend", row -> true, row -> blank(row, "campaign_id", CAMPAIGNS)));
        files.put("mrr", csv("mrr", row -> !ACCOUNTS.contains(row.get("account_id")), row -> row));
        files.put("usage", csv("usage", row -> !ACCOUNTS.contains(row.get("account_id")), row -> row));
        files.put("stage-changes", csv("stage-changes", row -> !LEADS.contains(row.get("record_id"))
                && !OPPORTUNITIES.contains(row.get("record_id")) && !ACCOUNTS.contains(row.get("record_id")), row -> row));
        files.forEach((type, bytes) -> {
            JsonNode job = SampleTenant.importAndWait(api, token, type, bytes);
            assertThat(job.get("failed").asInt()).as(type + ": " + job).isZero();
        });
    }

    /** The deleted records' rows again, as their source sends them after restoring them. */
    private void restore(String token) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("campaigns", csv("campaigns", row -> CAMPAIGNS.contains(row.get("external_id")), row -> row));
        files.put("accounts", csv("accounts", row -> ACCOUNTS.contains(row.get("external_id")), row -> row));
        files.put("leads", csv("leads", row -> LEADS.contains(row.get("external_id")), row -> row));
        files.put("opportunities", csv("opportunities", row -> OPPORTUNITIES.contains(row.get("external_id")), row -> row));
        files.forEach((type, bytes) -> {
            JsonNode job = SampleTenant.importAndWait(api, token, type, bytes);
            assertThat(job.get("failed").asInt()).as(type + ": " + job).isZero();
        });
    }

    private static Map<String, String> blank(Map<String, String> row, String column, Set<String> deleted) {
        if (deleted.contains(row.get(column))) {
            row.put(column, "");
        }
        return row;
    }

    /** A sample file's rows that pass the filter, changed by the edit (the sample has no quoted fields). */
    private static byte[] csv(String type, Predicate<Map<String, String>> keep, UnaryOperator<Map<String, String>> edit) {
        String[] lines = SampleTenant.csv(type).split("\r?\n");
        String[] header = lines[0].split(",", -1);
        StringBuilder out = new StringBuilder(lines[0]).append('\n');
        for (String line : Arrays.copyOfRange(lines, 1, lines.length)) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i] : "");
            }
            if (keep.test(row)) {
                out.append(String.join(",", edit.apply(row).values())).append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The figures, with fractions to 12 significant digits: a sum of doubles depends on the order its
     * terms arrive in (rows with equal sort keys come in any order), in the last bits only.
     */
    private Map<String, String> figures(String token) {
        Map<String, String> figures = new LinkedHashMap<>();
        for (String path : FIGURES) {
            ApiClient.Response response = api.get(path, token);
            assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
            figures.put(path, rounded(response.json()).toString());
        }
        return figures;
    }

    private static JsonNode rounded(JsonNode node) {
        if (node.isDouble()) {
            return new com.fasterxml.jackson.databind.node.TextNode(new java.math.BigDecimal(node.asDouble())
                    .round(new java.math.MathContext(12)).toString());
        }
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), rounded(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = ((com.fasterxml.jackson.databind.node.ArrayNode) node).deepCopy();
            for (int i = 0; i < node.size(); i++) {
                copy.set(i, rounded(node.get(i)));
            }
            return copy;
        }
        return node;
    }

    // ------------------------------------------------------------------ helpers

    private long total(String token, String kind) {
        return api.get("/api/v1/records/" + kind + "?size=1", token).json().get("total").asLong();
    }

    private JsonNode post(String token, String type, String body) {
        ApiClient.Response response = api.post("/api/v1/ingest/" + type, token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private String tenantOf(String token) {
        return api.get("/api/v1/me", token).json().get("tenantId").asText();
    }

    private static String conversion(JsonNode metrics, String from) {
        for (JsonNode c : metrics.get("stageConversion")) {
            if (c.get("from").asText().equals(from)) {
                return c.get("converted").asLong() + "/" + c.get("cohort").asLong();
            }
        }
        return "none";
    }

    private static String lead(String id, String email, String day) {
        return "{\"external_id\":\"" + id + "\",\"email\":\"" + email + "\",\"created_at\":\"" + day + "T00:00:00Z\"}";
    }

    private static String entry(String lead, String stage, String day) {
        return "{\"record_type\":\"lead\",\"record_id\":\"" + lead + "\",\"stage\":\"" + stage + "\",\"occurred_at\":\"" + day + "T00:00:00Z\"}";
    }
}
