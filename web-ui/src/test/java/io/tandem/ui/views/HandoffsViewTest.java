package io.tandem.ui.views;

import com.vaadin.flow.component.UI;
import io.tandem.feedback.Handoff;
import io.tandem.feedback.SlaWatch;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestClock;
import io.tandem.support.TestDatabase;
import io.tandem.ui.KaribuSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The hand-off inbox without a browser: what sales sees, verdicts from the page, marketing's read-only view, the bell. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandoffsViewTest {

    private static final String PASSWORD = "a long password 1";
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    private final TestClock clock = new TestClock(NOW);
    private TandemTestApplication app;

    @BeforeAll
    void data() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock);
        ApiClient api = app.api();
        String admin = api.signUpAndLogIn("Inbox UI Co", "admin@inbox-ui.test");
        api.post("/api/v1/users", admin, json("email", "sam@inbox-ui.test", "name", "Sam Seller", "team", "SALES", "role", "MEMBER", "password", PASSWORD));
        api.post("/api/v1/users", admin, json("email", "mia@inbox-ui.test", "name", "Mia Marketer", "team", "MARKETING", "role", "MEMBER", "password", PASSWORD));
        api.post("/api/v1/ingest/leads", admin, """
                [{"external_id":"L1","name":"Ann","company":"Acme","created_at":"2026-03-01T00:00:00Z","owner_email":"sam@inbox-ui.test"},
                 {"external_id":"L2","name":"Bob","company":"Bolt","created_at":"2026-03-01T00:00:00Z","owner_email":"sam@inbox-ui.test"},
                 {"external_id":"L3","name":"Cy","created_at":"2026-03-01T00:00:00Z","owner_email":"sam@inbox-ui.test"}]""");
        api.post("/api/v1/ingest/stage-changes", admin, """
                [{"record_type":"lead","record_id":"L1","stage":"MQL","occurred_at":"2026-03-01T10:00:00Z"},
                 {"record_type":"lead","record_id":"L2","stage":"MQL","occurred_at":"2026-03-02T08:00:00Z"},
                 {"record_type":"lead","record_id":"L3","stage":"MQL","occurred_at":"2026-03-02T08:30:00Z"}]""");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @AfterEach
    void tearDownUi() {
        KaribuSupport.tearDown();
    }

    @Test
    void salesSeesItsHandoffsWithTheClockAndDecidesFromThePage() {
        signIn("sam@inbox-ui.test");
        UI.getCurrent().navigate("handoffs");
        HandoffsView view = _get(HandoffsView.class);
        assertThat(view.view.getValue()).as("sales starts from its own hand-offs").isEqualTo("Mine");
        List<Handoff> shown = items(view);
        assertThat(shown).extracting(h -> h.lead().name()).containsExactly("Ann", "Bob", "Cy");
        assertThat(view.clockText(shown.get(0))).isEqualTo("due in 25 h");
        assertThat(view.summary.getText()).isEqualTo("3 hand-offs");
        assertThat(view.accept.isVisible()).isTrue();

        view.grid.select(shown.get(0));
        assertThat(view.history.isVisible()).isTrue();
        view.accept.click();
        assertThat(items(view)).extracting(h -> h.lead().name()).containsExactly("Bob", "Cy");

        // Bulk: reject both with a reason.
        items(view).forEach(view.grid::select);
        view.reason.setValue(view.reason.getListDataView().getItems().filter(r -> r.code().equals("no_need")).findFirst().orElseThrow());
        view.reject.click();
        assertThat(items(view)).isEmpty();
        view.status.setValue("Decided");
        assertThat(items(view)).extracting(Handoff::status).containsExactlyInAnyOrder("ACCEPTED", "REJECTED", "REJECTED");
        assertThat(items(view)).filteredOn(h -> h.status().equals("REJECTED")).extracting(Handoff::reason).containsOnly("no_need");
    }

    @Test
    void marketingReadsTheInboxButGivesNoVerdicts() {
        signIn("mia@inbox-ui.test");
        UI.getCurrent().navigate("handoffs");
        HandoffsView view = _get(HandoffsView.class);
        assertThat(view.view.getValue()).isEqualTo("All");
        assertThat(view.accept.isVisible()).isFalse();
        assertThat(view.reject.isVisible()).isFalse();
        view.sections.setSelectedTab(view.marketingTab);
        MarketingFeedbackSection marketing = _get(MarketingFeedbackSection.class);
        assertThat(marketing.isVisible()).isTrue();
        assertThat(marketing.groups.getListDataView().getItems().mapToLong(g -> g.handoffs()).sum()).as("L1-L3, and L9 if the bell test ran first")
                .isBetween(3L, 4L);
    }

    @Test
    void theBellCountsBreachesAndListsThem() {
        ApiClient api = app.api();
        String admin = api.logIn("admin@inbox-ui.test", "correct horse battery");
        api.post("/api/v1/ingest/leads", admin, "[{\"external_id\":\"L9\",\"name\":\"Late\",\"created_at\":\"2026-03-01T00:00:00Z\","
                + "\"owner_email\":\"sam@inbox-ui.test\"}]");
        api.post("/api/v1/ingest/stage-changes", admin, "[{\"record_type\":\"lead\",\"record_id\":\"L9\",\"stage\":\"MQL\","
                + "\"occurred_at\":\"2026-03-02T09:00:00Z\"}]");
        Instant late = NOW.plus(Duration.ofHours(49));
        clock.set(late);
        try {
            app.context().getBean(SlaWatch.class).check(late);
            signIn("sam@inbox-ui.test");
            UI.getCurrent().navigate("handoffs");
            NotificationBell bell = _get(NotificationBell.class);
            assertThat(bell.getText()).isNotBlank();
            bell.click();
            assertThat(bell.list.isOpened()).isTrue();
            assertThat(bell.items.getChildren().count()).isGreaterThan(0);
            bell.markAllRead.click();
            assertThat(bell.getText()).isEmpty();
        } finally {
            clock.set(NOW);
        }
    }

    private static List<Handoff> items(HandoffsView view) {
        return view.grid.getListDataView().getItems().toList();
    }

    private void signIn(String email) {
        KaribuSupport.signIn(app.context(), email, PASSWORD);
    }
}
