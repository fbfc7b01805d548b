package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.PluginJars;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.tandem.connectors.SyncApiTest.create;
import static io.tandem.connectors.SyncApiTest.dropFolder;
import static io.tandem.connectors.SyncApiTest.syncAndWait;
import static io.tandem.connectors.SyncApiTest.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two sources with overlapping people and companies: one lead per person (matched by e-mail, any
 * case), one account per company (matched by web domain), the stage history the union of both
 * sources' (the earliest entry into a stage wins), and the metrics of the deduplicated data.
 */
class CanonicalIdentityTest {

    private static final String PERIOD = "?from=2025-01-01T00:00:00Z&to=2025-07-01T00:00:00Z";

    @Test
    void twoSourcesOfOnePersonAreOneLead(@TempDir Path home) throws IOException {
        try (TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), SyncApiTest.jobsOn(home))) {
            ApiClient api = app.api();
            String operator = api.signUpAndLogIn("Installation", "ops@installation.test");
            assertThat(api.postBytes("/api/v1/plugins", operator, "application/java-archive", PluginJars.csv()).status()).isEqualTo(201);

            String admin = api.signUpAndLogIn("Two CRMs Co", "admin@twocrms.test");
            String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
            Path hub = dropFolder(home, tenantId, "hub");
            write(hub.resolve("accounts.csv"), "external_id,name,domain,started_at\nH-ACME,Acme,acme.test,2025-03-01T00:00:00Z\n");
            write(hub.resolve("leads.csv"), "external_id,email,name,created_at\n"
                    + "H1,ann@people.test,Ann,2025-01-10T00:00:00Z\nH2,bob@people.test,Bob,2025-01-11T00:00:00Z\n"
                    + "H3,cy@people.test,Cy,2025-01-12T00:00:00Z\n");
            write(hub.resolve("stage-changes.csv"), "record_type,record_id,stage,occurred_at\n"
                    + "lead,H1,INQUIRY,2025-01-10T00:00:00Z\nlead,H1,MQL,2025-02-01T00:00:00Z\n"
                    + "lead,H2,INQUIRY,2025-01-11T00:00:00Z\nlead,H2,MQL,2025-02-03T00:00:00Z\nlead,H3,INQUIRY,2025-01-12T00:00:00Z\n");
            Path crm = dropFolder(home, tenantId, "crm");
            write(crm.resolve("accounts.csv"), "external_id,name,domain,started_at\nS-9,ACME Inc.,https://www.Acme.test/about,2025-03-01T00:00:00Z\n");
            write(crm.resolve("leads.csv"), "external_id,email,name,created_at\n"
                    + "S1, ANN@People.test ,Ann Smith,2025-01-10T00:00:00Z\nS2,dee@people.test,Dee,2025-01-13T00:00:00Z\n");
            write(crm.resolve("stage-changes.csv"), "record_type,record_id,stage,occurred_at\n"
                    + "lead,S1,INQUIRY,2025-01-10T00:00:00Z\nlead,S1,MQL,2025-01-20T00:00:00Z\nlead,S1,SQL,2025-03-01T00:00:00Z\n"
                    + "lead,S2,INQUIRY,2025-01-13T00:00:00Z\n");
            for (String folder : new String[]{"hub", "crm"}) {
                JsonNode run = syncAndWait(api, admin, create(api, admin, "Source " + folder, folder), "{}");
                assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
            }

            assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(name, ',' ORDER BY name) FROM lead"))
                    .as("one lead per person; the first source's fields").isEqualTo("Ann,Bob,Cy,Dee");
            assertThat(TenantSql.single(app.database(), tenantId, "SELECT count(*) FROM account")).as("one company").isEqualTo("1");
            assertThat(TenantSql.single(app.database(), tenantId, "SELECT count(*) FROM record_source WHERE record_type = 'lead'")).isEqualTo("5");
            assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(external_id, ',') FROM source_link WHERE record_type = 'lead'"))
                    .as("a link row only where the lead's own row cannot say it: the second source of one person").isEqualTo("S1");
            String ann = TenantSql.single(app.database(), tenantId, "SELECT id FROM lead WHERE email = 'ann@people.test'");
            assertThat(TenantSql.single(app.database(), tenantId, "SELECT first_at::date || '/' || last_at::date FROM record_stage "
                    + "WHERE record_id = '" + ann + "' AND stage = 'MQL'")).as("the earliest entry wins").isEqualTo("2025-01-20/2025-02-01");

            JsonNode sources = api.get("/api/v1/records/leads/" + ann + "/sources", admin).json();
            assertThat(sources).hasSize(2);
            assertThat(sources.get(0).get("externalId").asText()).as("the first source first").isEqualTo("H1");
            assertThat(sources.get(1).get("externalId").asText()).isEqualTo("S1");
            JsonNode history = api.get("/api/v1/records/leads/" + ann + "/history", admin).json();
            assertThat(history).as("the same entry from both sources is one").hasSize(4);
            assertThat(history.get(0).get("provenance").asText()).isEqualTo("HISTORY");

            String deduplicated = api.signUpAndLogIn("One CRM Co", "admin@onecrm.test");
            api.post("/api/v1/ingest/accounts", deduplicated, "[{\"external_id\":\"ACME\",\"name\":\"Acme\",\"started_at\":\"2025-03-01T00:00:00Z\"}]");
            api.post("/api/v1/ingest/leads", deduplicated, "[{\"external_id\":\"ann\",\"email\":\"ann@people.test\",\"created_at\":\"2025-01-10T00:00:00Z\"},"
                    + "{\"external_id\":\"bob\",\"created_at\":\"2025-01-11T00:00:00Z\"},{\"external_id\":\"cy\",\"created_at\":\"2025-01-12T00:00:00Z\"},"
                    + "{\"external_id\":\"dee\",\"created_at\":\"2025-01-13T00:00:00Z\"}]");
            api.post("/api/v1/ingest/stage-changes", deduplicated, "[" + entry("ann", "INQUIRY", "01-10") + "," + entry("ann", "MQL", "02-01") + ","
                    + entry("ann", "MQL", "01-20") + "," + entry("ann", "SQL", "03-01") + "," + entry("bob", "INQUIRY", "01-11") + ","
                    + entry("bob", "MQL", "02-03") + "," + entry("cy", "INQUIRY", "01-12") + "," + entry("dee", "INQUIRY", "01-13") + "]");
            JsonNode expected = api.get("/api/v1/metrics" + PERIOD, deduplicated).json();
            assertThat(expected.get("stageConversion").toString()).contains("MQL");
            assertThat(api.get("/api/v1/metrics" + PERIOD, admin).json()).isEqualTo(expected);

            String other = api.signUpAndLogIn("Other Co", "admin@other-identity.test");
            assertThat(api.get("/api/v1/records/leads/" + ann + "/sources", other).status()).isEqualTo(404);
        }
    }

    private static String entry(String lead, String stage, String day) {
        return "{\"record_type\":\"lead\",\"record_id\":\"" + lead + "\",\"stage\":\"" + stage + "\",\"occurred_at\":\"2025-" + day + "T00:00:00Z\"}";
    }
}
