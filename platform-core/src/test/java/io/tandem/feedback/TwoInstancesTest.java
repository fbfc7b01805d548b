package io.tandem.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tandem.platform.database.DatabaseSettings;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestClock;
import io.tandem.support.TestDatabase;
import io.tandem.support.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances on one database, both running the background jobs every second: a
 * breach is still announced exactly once: one notification, one e-mail, one webhook post.
 */
class TwoInstancesTest {

    @Test
    void aBreachIsAnnouncedOnceWhenTwoInstancesWatch() throws Exception {
        Instant t0 = Instant.parse("2026-03-02T09:00:00Z");
        TestClock clock = new TestClock(t0);
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        DatabaseSettings database = TestDatabase.shared().newDatabase();
        Map<String, Object> jobs = Map.of("tandem.jobs.enabled", true, "tandem.jobs.poll-interval", "200ms",
                "tandem.jobs.sla-check-interval", "1s", "tandem.jobs.delivery-interval", "1s",
                "tandem.mail.host", "127.0.0.1", "tandem.mail.port", mail.getSmtp().getPort(), "tandem.mail.starttls", false,
                "tandem.outbound.allowlist", "127.0.0.1");
        try (WebhookReceiver receiver = new WebhookReceiver();
             TandemTestApplication one = TandemTestApplication.start(database, jobs, clock);
             TandemTestApplication two = TandemTestApplication.start(database, jobs, clock)) {
            ApiClient api = one.api();
            String admin = api.signUpAndLogIn("Twin Co", "admin@twin.test");
            api.post("/api/v1/users", admin, json("email", "sam@twin.test", "name", "Sam", "team", "SALES", "role", "MEMBER",
                    "password", "a long password 1"));
            String sam = api.logIn("sam@twin.test", "a long password 1");
            assertThat(api.post("/api/v1/settings/webhooks", admin, "{\"url\":\"" + receiver.url() + "\",\"events\":[\"handoff.breached\"]}")
                    .status()).isEqualTo(201);
            api.post("/api/v1/ingest/leads", admin, "[{\"external_id\":\"L1\",\"name\":\"Ann\",\"created_at\":\"2026-03-02T08:00:00Z\","
                    + "\"owner_email\":\"sam@twin.test\"}]");
            api.post("/api/v1/ingest/stage-changes", admin, "[{\"record_type\":\"lead\",\"record_id\":\"L1\",\"stage\":\"MQL\","
                    + "\"occurred_at\":\"2026-03-02T09:00:00Z\"}]");

            clock.set(t0.plus(Duration.ofHours(49)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (receiver.received().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(receiver.received()).as("the webhook was posted").isNotEmpty();
            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            Thread.sleep(4000); // several more passes of both instances
            JsonNode bell = two.api().get("/api/v1/notifications", sam).json();
            assertThat(bell.get("items")).hasSize(1);
            assertThat(bell.get("items").get(0).get("kind").asText()).isEqualTo("handoff.breached");
            assertThat(receiver.received()).hasSize(1);
            assertThat(mail.getReceivedMessages()).hasSize(1);
        } finally {
            mail.stop();
        }
    }
}
