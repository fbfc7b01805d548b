package io.tandem.ui.views;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.github.mvysny.kaributesting.v10.GridKt;
import io.tandem.insights.findings.Finding;
import io.tandem.funnel.RecordBrowser;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.ui.KaribuSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The Insights page without a browser: sales logs on a deal, marketing marks it used and drafts a brief, viewers only read. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightsViewTest {

    private TandemTestApplication app;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        ApiClient api = app.api();
        String admin = api.signUpAndLogIn("Insight UI Co", "admin@insight-ui.test");
        for (String[] person : List.of(new String[]{"sam@insight-ui.test", "SALES", "MEMBER"}, new String[]{"mia@insight-ui.test", "MARKETING", "MEMBER"},
                new String[]{"val@insight-ui.test", "LEADERSHIP", "VIEWER"})) {
            api.post("/api/v1/users", admin, json("email", person[0], "name", person[0].substring(0, 3), "team", person[1], "role", person[2],
                    "password", "a long password 1"));
        }
        api.ingest(admin, "campaigns", "[{\"external_id\":\"webinar\",\"name\":\"Ops webinar\"}]");
        api.ingest(admin, "accounts", "[{\"external_id\":\"A1\",\"name\":\"Acme\",\"segment\":\"ent\",\"started_at\":\"2026-02-01T00:00:00Z\"}]");
        api.ingest(admin, "opportunities", """
                [{"external_id":"O1","name":"Acme expansion","account_id":"A1","amount":50000,"currency":"USD",
                  "created_at":"2026-02-01T00:00:00Z","closed_at":"2026-03-01T00:00:00Z","status":"won"}]""");
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
    void salesLogsMarketingMarksItUsedAndDraftsABriefViewersRead() {
        KaribuSupport.signIn(app.context(), "sam@insight-ui.test", "a long password 1");
        UI.getCurrent().navigate("insights");
        InsightsView view = _get(InsightsView.class);
        assertThat(view.log.isVisible()).isTrue();
        view.log.click();
        InsightDialogs.Log dialog = _get(InsightDialogs.Log.class);
        dialog.kind.setValue(io.tandem.insights.InsightKind.WIN_STORY);
        dialog.text.setValue("Acme chose us for approvals.");
        dialog.tags.setValue("workflows, approvals");
        dialog.metric.setValue("onboarding in 9 days");
        RecordBrowser.RecordRow deal = app.context().getBean(RecordBrowser.class)
                .page(io.tandem.ui.vaadin.UiSession.requireUser().tenantId(), RecordBrowser.Kind.OPPORTUNITIES, "O1", 0, 5).items().get(0);
        dialog.deal.setValue(deal);
        dialog.save.click();
        List<InsightCard> cards = _find(view.feed, InsightCard.class);
        assertThat(cards).hasSize(1);
        assertThat(cards.get(0).insight.records().get(0).title()).isEqualTo("Acme expansion");
        assertThat(cards.get(0).markUsed.isVisible()).as("sales does not mark use").isFalse();
        KaribuSupport.tearDown();

        KaribuSupport.signIn(app.context(), "mia@insight-ui.test", "a long password 1");
        UI.getCurrent().navigate("insights");
        view = _get(InsightsView.class);
        assertThat(view.log.isVisible()).as("marketing does not log").isFalse();
        InsightCard card = _find(view.feed, InsightCard.class).get(0);
        assertThat(card.markUsed.isVisible()).isTrue();
        card.markUsed.click();
        InsightDialogs.MarkUsed mark = _get(InsightDialogs.MarkUsed.class);
        mark.asset.setValue("Acme case study");
        mark.save.click();
        card = _find(view.feed, InsightCard.class).get(0);
        assertThat(card.insight.uses()).hasSize(1);
        assertThat(_find(card, Paragraph.class).stream().map(Paragraph::getText)).contains("Used in: Acme case study");
        card.brief.click();
        InsightDialogs.Brief brief = _get(InsightDialogs.Brief.class);
        assertThat(brief.text.getValue()).contains("Campaign brief").contains("About: Acme expansion (ent)").contains("Outcome: onboarding in 9 days");
        KaribuSupport.tearDown();

        KaribuSupport.signIn(app.context(), "val@insight-ui.test", "a long password 1");
        UI.getCurrent().navigate("insights");
        view = _get(InsightsView.class);
        assertThat(view.log.isVisible()).isFalse();
        card = _find(view.feed, InsightCard.class).get(0);
        assertThat(card.markUsed.isVisible()).isFalse();
        assertThat(card.remove.isVisible()).isFalse();
        assertThat(_find(view.findingsList, Paragraph.class)).as("no findings on a company without usage data").hasSize(1);
        assertThat(view.recompute).isInstanceOf(Button.class);
        assertThat(view.campaigns.isVisible()).as("the ranking lists every campaign, even one without leads yet").isTrue();
        assertThat(GridKt._size(view.campaigns)).isEqualTo(1);
        assertThat(GridKt._get(view.campaigns, 0).name()).isEqualTo("Ops webinar");
    }

    @Test
    void theRecordsBehindAFindingAreListedGroupByGroupInTheFindingsOrder() {
        KaribuSupport.signIn(app.context(), "val@insight-ui.test", "a long password 1");
        UI.getCurrent().navigate("insights");
        InsightsView view = _get(InsightsView.class);
        UUID tenant = io.tandem.ui.vaadin.UiSession.requireUser().tenantId();
        RecordBrowser browser = app.context().getBean(RecordBrowser.class);
        UUID account = browser.page(tenant, RecordBrowser.Kind.ACCOUNTS, "A1", 0, 5).items().get(0).id();
        UUID deal = browser.page(tenant, RecordBrowser.Kind.OPPORTUNITIES, "O1", 0, 5).items().get(0).id();
        Finding finding = new Finding("TEST", "subject", true, "statement", null, List.of(), null, null, null, 0,
                List.of(new Finding.RecordLink("opportunity", deal, "won"), new Finding.RecordLink("account", account, "won"),
                        new Finding.RecordLink("account", UUID.randomUUID(), "gone"), new Finding.RecordLink("opportunity", deal, "again")), 7, null);
        Details details = view.recordsBehind(finding);
        details.setOpened(true);
        List<String> lines = _find(details, Span.class).stream().map(Span::getText).toList();
        assertThat(lines).containsExactly("won", "Acme expansion · O1", "Acme · A1", "again", "Acme expansion · O1", "… and 3 more", "The 7 records behind it");
    }
}
