package io.tandem.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.platform.jobs.TenantsWithWork;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestClock;
import io.tandem.support.TestDatabase;
import io.tandem.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Background jobs serve tenants one by one, each on its own: one tenant's failure (here a webhook
 * secret that no longer decrypts) is that tenant's problem, logged and shown in its delivery log,
 * and every other tenant is served as usual.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolatedTenantsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final WebhookReceiver receiver = new WebhookReceiver();
    private TandemTestApplication app;
    private ApiClient api;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of("tandem.outbound.allowlist", "127.0.0.1"), clock);
        api = app.api();
    }

    @AfterAll
    void stop() {
        app.close();
        receiver.close();
    }

    @Test
    void aWebhookThatCannotBeSignedDoesNotStopTheOtherTenantsDeliveries() {
        Tenant broken = tenantWithABreachedHandoff("Broken");
        Tenant healthy = tenantWithABreachedHandoff("Healthy");
        clock.set(T0.plus(Duration.ofHours(48)));
        assertThat(app.context().getBean(SlaWatch.class).check(clock.instant())).isGreaterThanOrEqualTo(2);
        TenantSql.query(app.database(), broken.id().toString(), "UPDATE webhook SET secret = decode(repeat('00', 48), 'hex') RETURNING id");

        app.context().getBean(Deliveries.class).deliverDue();

        assertThat(receiver.received()).as("the healthy tenant's post left, the broken one's did not")
                .anyMatch(post -> post.body().contains(healthy.id().toString()))
                .noneMatch(post -> post.body().contains(broken.id().toString()));
        JsonNode brokenLog = api.get("/api/v1/settings/webhooks/" + broken.webhookId() + "/deliveries", broken.admin()).json();
        assertThat(brokenLog.get(0).get("lastError").asText()).contains("Not sent").contains("TANDEM_SECRET_KEY");
    }

    @Test
    void aTenantWhoseWorkThrowsIsSkippedAndTheOthersAreServed() {
        Tenant first = tenantWithABreachedHandoff("First");
        Tenant second = tenantWithABreachedHandoff("Second");
        TenantsWithWork work = app.context().getBean(TenantsWithWork.class);
        int served = work.forEachTenant("test", "tenants_with_handoffs_due", T0.plus(Duration.ofDays(30)), tenantId -> {
            if (tenantId.equals(first.id())) {
                throw new IllegalStateException("this tenant's bug");
            }
            return tenantId.equals(second.id()) ? 1 : 0;
        });
        assertThat(served).as("whatever the order, the second tenant was served").isEqualTo(1);
    }

    record Tenant(UUID id, String admin, String webhookId) {
    }

    private Tenant tenantWithABreachedHandoff(String name) {
        String email = "admin@" + name.toLowerCase() + ".test";
        String admin = api.signUpAndLogIn(name, email);
        UUID id = UUID.fromString(api.get("/api/v1/me", admin).json().get("tenantId").asText());
        Response hook = api.post("/api/v1/settings/webhooks", admin, "{\"url\":\"" + receiver.url() + "\"}");
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        ingest(admin, "leads", "[{\"external_id\":\"L1\",\"name\":\"Ann\",\"created_at\":\"2026-03-02T08:00:00Z\",\"owner_email\":\"" + email + "\"}]");
        ingest(admin, "stage-changes", "[{\"record_type\":\"lead\",\"record_id\":\"L1\",\"stage\":\"MQL\",\"occurred_at\":\"2026-03-02T09:00:00Z\"}]");
        return new Tenant(id, admin, hook.json().get("id").asText());
    }

    private void ingest(String token, String type, String body) {
        Response response = api.post("/api/v1/ingest/" + type, token, body);
        assertThat(response.json().get("errors")).as(response.body()).isEmpty();
    }
}
