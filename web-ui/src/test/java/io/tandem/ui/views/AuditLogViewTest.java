package io.tandem.ui.views;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.sidenav.SideNavItem;
import io.tandem.platform.audit.AuditEvent;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.ui.KaribuSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The Audit log page: admins read the lines newest first, filter them and page back; others find no way in (sent home). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogViewTest {

    private TandemTestApplication app;
    private ApiClient api;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
        String admin = api.signUpAndLogIn("Audit UI Co", "admin@audit-ui.test");
        api.post("/api/v1/users", admin, json("email", "sam@audit-ui.test", "name", "Sam", "team", "SALES", "role", "MEMBER",
                "password", "a long password 1"));
        for (int i = 1; i <= 100; i++) {
            api.post("/api/v1/api-keys", admin, json("name", "loader " + i));
        }
        api.put("/api/v1/settings/metrics", admin, "{\"reportingCurrency\":\"EUR\",\"grossMargin\":0.7,\"rates\":{}}");
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
    void anAdminReadsTheNewestFirstPagesBackAndFilters() throws java.io.IOException {
        KaribuSupport.signIn(app.context(), "admin@audit-ui.test", "correct horse battery");
        UI.getCurrent().navigate("audit");
        AuditLogView view = _get(AuditLogView.class);
        List<AuditEvent> first = shown(view);
        assertThat(first).hasSize(100);
        assertThat(first.get(0).action()).isEqualTo("metric_settings.changed");
        assertThat(first.get(0).changes()).extracting(AuditEvent.Change::field).contains("reportingCurrency", "grossMargin");
        assertThat(view.more.isVisible()).isTrue();

        view.more.click();
        List<AuditEvent> all = shown(view);
        // sign-up (company and its admin), Sam's invitation, 100 keys, the settings
        assertThat(all).hasSize(104);
        assertThat(all.get(103).action()).isEqualTo("company.signed_up");
        assertThat(view.more.isVisible()).isFalse();

        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        view.csv.getWriter().accept(file, com.vaadin.flow.server.VaadinSession.getCurrent());
        String[] rows = file.toString(java.nio.charset.StandardCharsets.UTF_8).split("\r\n");
        assertThat(rows[0]).startsWith("at,actor,action");
        assertThat(rows).hasSize(1 + 104);
        assertThat(rows[1]).contains("metric_settings.changed");

        view.subject.setValue("member");
        _get(com.vaadin.flow.component.button.Button.class, spec -> spec.withId("audit-show")).click();
        assertThat(shown(view)).extracting(AuditEvent::subjectName).containsExactly("sam@audit-ui.test", "admin@audit-ui.test");

        view.subject.setValue("");
        view.actor.setValue("nobody@audit-ui.test");
        _get(com.vaadin.flow.component.button.Button.class, spec -> spec.withId("audit-show")).click();
        assertThat(shown(view)).isEmpty();
        assertThat(view.message.getText()).isEqualTo("No changes match.");
        assertThat(view.download.getHref()).isNotBlank();

        view.actor.clear();
        view.from.setValue(java.time.LocalDate.of(2026, 5, 2));
        view.to.setValue(java.time.LocalDate.of(2026, 5, 1));
        _get(com.vaadin.flow.component.button.Button.class, spec -> spec.withId("audit-show")).click();
        assertThat(view.message.getText()).isEqualTo("to (2026-05-01) is before from (2026-05-02)");
        assertThat(view.download.isVisible()).isFalse();
        assertThat(navigation()).contains("Audit log");
    }

    @Test
    void othersSeeNoAuditLogAndCannotOpenIt() {
        KaribuSupport.signIn(app.context(), "sam@audit-ui.test", "a long password 1");
        UI.getCurrent().navigate("");
        assertThat(navigation()).contains("Team").doesNotContain("Audit log");
        UI.getCurrent().navigate("audit");
        assertThat(_find(AuditLogView.class)).isEmpty();
        assertThat(_find(HomeView.class)).hasSize(1);
    }

    /** The labels of the navigation's visible items. */
    private static List<String> navigation() {
        return _find(SideNavItem.class).stream().map(SideNavItem::getLabel).toList();
    }

    private static List<AuditEvent> shown(AuditLogView view) {
        return view.lines.getListDataView().getItems().toList();
    }
}
