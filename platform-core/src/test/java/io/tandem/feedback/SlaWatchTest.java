package io.tandem.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestClock;
import io.tandem.support.TestDatabase;
import io.tandem.support.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA clock with a clock the test moves: the reminder before the deadline, the breach at it, each
 * announced once in the app, by e-mail (to a real SMTP server in the test) and to a webhook (a local
 * HTTP endpoint) with a valid signature, retried after a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlaWatchTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private final WebhookReceiver receiver = new WebhookReceiver();
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private String sam;

    @BeforeAll
    void start() {
        mail.start();
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(
                "tandem.mail.host", "127.0.0.1", "tandem.mail.port", mail.getSmtp().getPort(), "tandem.mail.starttls", false,
                "tandem.deliveries.retry-base", "1m",
                // The receiver is a local stub: the operator's allow-list lets webhooks reach it.
                "tandem.outbound.allowlist", "127.0.0.1"), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Clock Co", "admin@clock.test");
        assertThat(api.post("/api/v1/users", admin, json("email", "sam@clock.test", "name", "Sam Seller", "team", "SALES",
                "role", "MEMBER", "password", "a long password 1")).status()).isEqualTo(201);
        sam = api.logIn("sam@clock.test", "a long password 1");
    }

    @AfterAll
    void stop() {
        app.close();
        mail.stop();
        receiver.close();
    }

    @Test
    @Order(1)
    void remindsBeforeTheDeadlineAndAnnouncesTheBreachOnceOnEveryChannel() throws Exception {
        Response hook = api.post("/api/v1/settings/webhooks", admin, "{\"url\":\"" + receiver.url() + "\"}");
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        String secret = hook.json().get("secret").asText();
        String hookId = hook.json().get("id").asText();
        assertThat(api.get("/api/v1/settings/webhooks", admin).json().get(0).get("secret").isNull()).as("shown once").isTrue();

        api.ingest(admin, "leads", "[{\"external_id\":\"L1\",\"name\":\"Ann\",\"company\":\"Acme\",\"created_at\":\"2026-03-02T08:00:00Z\",\"owner_email\":\"sam@clock.test\"}]");
        api.ingest(admin, "stage-changes", "[{\"record_type\":\"lead\",\"record_id\":\"L1\",\"stage\":\"MQL\",\"occurred_at\":\"2026-03-02T09:00:00Z\"}]");

        at(T0.plus(Duration.ofHours(43)));
        assertThat(bell(sam).get("unread").asInt()).as("5 hours before the deadline: not yet").isZero();

        at(T0.plus(Duration.ofHours(44).plusMinutes(30)));
        at(T0.plus(Duration.ofHours(45)));
        JsonNode reminded = bell(sam);
        assertThat(reminded.get("unread").asInt()).as("one reminder, however often the watch passes").isEqualTo(1);
        assertThat(reminded.get("items").get(0).get("kind").asText()).isEqualTo("handoff.due_soon");
        assertThat(reminded.get("items").get(0).get("title").asText()).contains("Ann (Acme)");

        SlaWatch watch = app.context().getBean(SlaWatch.class);
        clock.set(T0.plus(Duration.ofHours(48)));
        assertThat(watch.check(clock.instant())).isEqualTo(1);
        assertThat(watch.check(clock.instant())).as("a breach is announced once").isZero();
        JsonNode breached = bell(sam);
        assertThat(breached.get("unread").asInt()).isEqualTo(2);
        assertThat(breached.get("items").get(0).get("kind").asText()).isEqualTo("handoff.breached");
        assertThat(breached.get("items").get(0).get("body").asText()).contains("2026-03-04 09:00 UTC").contains("Sam Seller");
        JsonNode inbox = api.get("/api/v1/handoffs?view=overdue", sam).json().get("items").get(0);
        assertThat(inbox.get("breached").asBoolean()).isTrue();
        assertThat(inbox.get("breachedAt").asText()).isEqualTo("2026-03-04T09:00:00Z");

        // Deliveries: the first webhook post fails with a 500 and is retried a minute later.
        receiver.failNext(1);
        Deliveries deliveries = app.context().getBean(Deliveries.class);
        assertThat(deliveries.deliverDue()).isEqualTo(4); // two e-mails, two posts
        assertThat(mail.waitForIncomingEmail(5000, 2)).isTrue();
        List<String> subjects = java.util.Arrays.stream(mail.getReceivedMessages()).map(SlaWatchTest::subject).toList();
        assertThat(subjects).containsExactlyInAnyOrder("[Tandem] Verdict due soon: Ann (Acme)", "[Tandem] SLA breached: Ann (Acme)");
        assertThat(mail.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("sam@clock.test");
        JsonNode log = api.get("/api/v1/settings/webhooks/" + hookId + "/deliveries", admin).json();
        assertThat(log).hasSize(2);
        assertThat(statuses(log)).containsExactlyInAnyOrder("PENDING", "DELIVERED");
        assertThat(deliveries.deliverDue()).as("the retry waits for its time").isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(deliveries.deliverDue()).isEqualTo(1);
        log = api.get("/api/v1/settings/webhooks/" + hookId + "/deliveries", admin).json();
        assertThat(statuses(log)).containsExactly("DELIVERED", "DELIVERED");
        assertThat(receiver.received()).hasSize(3);
        assertThat(receiver.received().get(0).answeredWith()).isEqualTo(500);

        for (WebhookReceiver.Received post : receiver.received()) {
            String expected = Deliveries.signature(secret, post.headers().get("x-tandem-timestamp"), post.body());
            assertThat(post.headers().get("x-tandem-signature")).isEqualTo(expected);
            JsonNode payload = new ObjectMapper().readTree(post.body());
            assertThat(payload.get("text").asText()).contains("Ann (Acme)");
            assertThat(payload.get("data").get("leadExternalId").asText()).isEqualTo("L1");
        }
        assertThat(Deliveries.signature("another secret", receiver.received().get(1).headers().get("x-tandem-timestamp"),
                receiver.received().get(1).body())).isNotEqualTo(receiver.received().get(1).headers().get("x-tandem-signature"));

        // Marking read.
        String first = breached.get("items").get(0).get("id").asText();
        assertThat(api.post("/api/v1/notifications/" + first + "/read", sam, "").status()).isEqualTo(204);
        assertThat(bell(sam).get("unread").asInt()).isEqualTo(1);
        assertThat(api.post("/api/v1/notifications/" + first + "/read", admin, "").status()).as("not the admin's").isEqualTo(404);
        assertThat(api.post("/api/v1/notifications/read-all", sam, "").status()).isEqualTo(204);
        assertThat(bell(sam).get("unread").asInt()).isZero();
    }

    @Test
    @Order(2)
    void importedHistoryIsMarkedButNotAnnounced() {
        clock.set(T0);
        api.ingest(admin, "leads", "[{\"external_id\":\"OLD\",\"name\":\"Old\",\"created_at\":\"2026-01-01T00:00:00Z\",\"owner_email\":\"sam@clock.test\"}]");
        api.ingest(admin, "stage-changes", "[{\"record_type\":\"lead\",\"record_id\":\"OLD\",\"stage\":\"MQL\",\"occurred_at\":\"2026-01-02T00:00:00Z\"}]");
        long before = bell(sam).get("items").size();
        app.context().getBean(SlaWatch.class).check(clock.instant());
        assertThat(bell(sam).get("items").size()).isEqualTo(before);
        JsonNode old = api.get("/api/v1/handoffs?view=overdue", sam).json().get("items");
        boolean marked = false;
        for (JsonNode h : old) {
            if (h.get("lead").get("externalId").asText().equals("OLD")) {
                marked = h.get("breached").asBoolean();
            }
        }
        assertThat(marked).isTrue();
    }

    @Test
    @Order(3)
    void onlyAdminsManageWebhooksAndBadOnesAreRefused() {
        assertThat(api.get("/api/v1/settings/webhooks", sam).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/settings/webhooks", sam, "{\"url\":\"https://example.test/x\"}").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/settings/webhooks", admin, "{\"url\":\"ftp://example.test/x\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/settings/webhooks", admin, "{\"url\":\"https://example.test/x\",\"events\":[\"lead.sneezed\"]}").status()).isEqualTo(400);
        String stranger = api.signUpAndLogIn("Stranger Hooks", "admin@stranger-hooks.test");
        String id = api.get("/api/v1/settings/webhooks", admin).json().get(0).get("id").asText();
        assertThat(api.get("/api/v1/settings/webhooks/" + id + "/deliveries", stranger).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/settings/webhooks/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/settings/webhooks", stranger).json()).isEmpty();
        assertThat(api.get("/api/v1/notifications", stranger).json().get("items")).isEmpty();
    }

    private void at(Instant instant) {
        clock.set(instant);
        app.context().getBean(SlaWatch.class).check(instant);
    }

    private JsonNode bell(String token) {
        Response response = api.get("/api/v1/notifications", token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> statuses(JsonNode log) {
        List<String> statuses = new java.util.ArrayList<>();
        log.forEach(d -> statuses.add(d.get("status").asText()));
        return statuses;
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
