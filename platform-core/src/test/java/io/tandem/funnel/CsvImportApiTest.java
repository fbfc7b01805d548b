package io.tandem.funnel;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.SampleTenant;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsvImportApiTest {

    private TandemTestApplication app;
    private ApiClient api;
    private String token;
    private String tenant;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
        token = api.signUpAndLogIn("Csv Co", "csv@example.com");
        tenant = api.get("/api/v1/me", token).json().get("tenantId").asText();
        JsonNode campaigns = importAndWait("campaigns", "external_id,name,channel,started_at,ended_at\n"
                + "c-1,Spring webinar,webinar,2025-01-01T00:00:00Z,\nc-2,\"Ads, search\",ads,,\n");
        assertThat(campaigns.get("inserted").asInt()).isEqualTo(2);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void badRowsAreReportedByLineWhileGoodRowsLand() {
        String csv = "external_id,email,name,company,source,campaign_id,created_at,marketing_score,budget,authority,need,timeline_days,owner_email,stage,region\n"
                + "B1,b1@x.test,\"Multi\nline name\",Corp,marketing,c-1,2025-01-01T00:00:00Z,0.5,1000,true,yes,10,,,EU\n"      // lines 2-3
                + "B2,b2@x.test,Bad date,Corp,marketing,c-1,01/02/2025,0.5,1000,true,yes,10,,,\n"                              // line 4
                + "B3,b3@x.test,Bad stage,Corp,marketing,c-1,2025-01-01T00:00:00Z,0.5,1000,true,yes,10,,LIMBO,\n"               // line 5
                + "B4,b4@x.test,Bad types,Corp,marketing,c-1,2025-01-01T00:00:00Z,high,lots,maybe,yes,soon,,,\n"              // line 6
                + "B5,b5@x.test,Short row\n"                                                                                   // line 7
                + "B6,b6@x.test,Good,Corp,sales,,2025-01-02T00:00:00+02:00,,,,,,,mql,\n";                                      // line 8
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        byte[] withLatin1 = concat(bytes, "B7,b7@x.test,Ren\u00e9e,Corp,sales,,2025-01-02T00:00:00Z,,,,,,,,\n".getBytes(StandardCharsets.ISO_8859_1));
        JsonNode result = importAndWait("leads", new String(withLatin1, StandardCharsets.ISO_8859_1), withLatin1);

        assertThat(result.get("status").asText()).isEqualTo("DONE");
        assertThat(result.get("inserted").asInt()).isEqualTo(2);
        assertThat(result.get("failed").asInt()).isEqualTo(5);
        assertThat(result.get("rowsRead").asInt()).isEqualTo(7);
        List<String> errors = new ArrayList<>();
        result.get("errors").forEach(e -> errors.add(e.get("line").asInt() + ": " + e.get("reason").asText()));
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0)).startsWith("4: created_at: '01/02/2025' is not an ISO-8601 timestamp");
        assertThat(errors.get(1)).startsWith("5: stage: 'LIMBO' is not a stage");
        assertThat(errors.get(2)).startsWith("6: ").contains("marketing_score: 'high' is not a decimal")
                .contains("budget: 'lots' is not a decimal").contains("authority: 'maybe' is not true or false")
                .contains("timeline_days: 'soon' is not a whole number");
        assertThat(errors.get(3)).isEqualTo("7: has 3 fields but the header has 15");
        assertThat(errors.get(4)).isEqualTo("9: contains bytes that are not valid UTF-8");

        assertThat(TenantSql.query(app.database(), tenant,
                "SELECT external_id || '|' || name || '|' || coalesce(attributes->>'region', '-') || '|' || coalesce(current_stage, '-') "
                        + "FROM lead WHERE external_id LIKE 'B%' ORDER BY external_id"))
                .containsExactly(List.of("B1|Multi\nline name|EU|-"), List.of("B6|Good|-|MQL"));
    }

    @Test
    void brokenQuotingStopsReadingButKeepsTheRowsBeforeIt() {
        JsonNode result = importAndWait("campaigns", "external_id,name,channel,started_at,ended_at\n"
                + "q-1,Fine,ads,,\n"
                + "q-2,\"Unclosed,ads,,\n"
                + "q-3,Never read,ads,,\n");
        assertThat(result.get("status").asText()).isEqualTo("DONE");
        assertThat(result.get("inserted").asInt()).isEqualTo(1);
        assertThat(result.get("errors").get(0).get("reason").asText()).contains("broken quoting");
        assertThat(result.get("errors").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(result.get("message").asText()).contains("Reading stopped at line 3");
    }

    @Test
    void anEmptyFileOrOneWithoutAHeaderFailsWithAReason() {
        JsonNode empty = importAndWait("leads", "");
        assertThat(empty.get("status").asText()).isEqualTo("FAILED");
        assertThat(empty.get("message").asText()).contains("empty");

        JsonNode noHeader = importAndWait("leads", "L1,a@b.test,A,Corp,marketing,,2025-01-01T00:00:00Z\n");
        assertThat(noHeader.get("status").asText()).isEqualTo("FAILED");
        assertThat(noHeader.get("message").asText()).contains("not a header");

        JsonNode missing = importAndWait("opportunities", "external_id,amount\nO1,10\n");
        assertThat(missing.get("status").asText()).isEqualTo("FAILED");
        assertThat(missing.get("message").asText()).contains("currency").contains("created_at").contains("status");
    }

    @Test
    void theSampleTenantImportsCleanlyAndASecondImportChangesNothing() {
        String[] order = {"campaigns", "accounts", "leads", "opportunities", "spend", "mrr", "usage", "stage-changes"};
        int[] rows = {5, 29, 700, 82, 240, 55, 15, 1686};
        for (int i = 0; i < order.length; i++) {
            JsonNode first = importAndWait(order[i], sample(order[i]));
            assertThat(first.get("status").asText()).as(order[i]).isEqualTo("DONE");
            assertThat(first.get("failed").asInt()).as(order[i] + " " + first.get("errors")).isZero();
            assertThat(first.get("inserted").asInt()).as(order[i]).isEqualTo(rows[i]);
        }
        String fingerprint = fingerprint();
        for (String type : order) {
            JsonNode again = importAndWait(type, sample(type));
            assertThat(again.get("inserted").asInt()).as(type).isZero();
            assertThat(again.get("updated").asInt()).as(type).isZero();
        }
        assertThat(fingerprint()).isEqualTo(fingerprint);
        assertThat(TenantSql.single(app.database(), tenant,
                "SELECT count(*) FROM stage_transition t JOIN lead l ON l.id = t.record_id WHERE l.origin = 'import' AND l.external_id LIKE 'L%'"))
                .isEqualTo("1686");
    }

    @Test
    void anotherTenantCannotSeeTheImport() {
        Response started = api.postText("/api/v1/imports/campaigns", token, "text/csv", "external_id,name\nx-1,X\n");
        String id = started.json().get("importId").asText();
        SampleTenant.waitFor(api, token, id);
        String other = api.signUpAndLogIn("Nosy Co", "nosy-csv@example.com");
        assertThat(api.get("/api/v1/imports/" + id, other).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/imports/" + id + "/errors", other).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/imports", other).json()).isEmpty();
    }

    @Test
    void unknownTypesAreNotFound() {
        Response response = api.postText("/api/v1/imports/planets", token, "text/csv", "a,b\n");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.isProblem()).isTrue();
    }

    private String fingerprint() {
        return TenantSql.single(app.database(), tenant, """
                SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (
                  SELECT 'l' || l.external_id || coalesce(l.current_stage, '') || coalesce(l.budget::text, '') AS x FROM lead l
                  UNION ALL SELECT 'o' || external_id || amount || status FROM opportunity
                  UNION ALL SELECT 'a' || external_id || coalesce(churned_at::text, '') FROM account
                  UNION ALL SELECT 'm' || account_id || effective_at || mrr FROM mrr_change
                  UNION ALL SELECT 's' || coalesce(campaign_id::text, '') || team || period_start || amount FROM spend
                  UNION ALL SELECT 't' || record_id || stage || occurred_at || coalesce(conforming::text, '') FROM stage_transition) all_rows""");
    }

    private JsonNode importAndWait(String type, String csv) {
        return importAndWait(type, csv, csv.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode importAndWait(String type, String ignored, byte[] bytes) {
        return SampleTenant.importAndWait(api, token, type, bytes);
    }

    private static String sample(String type) {
        return SampleTenant.csv(type);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
