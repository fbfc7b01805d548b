package io.tandem.ui.views;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.dialog.Dialog;
import io.tandem.feedback.FeedbackSettings;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.ui.KaribuSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Admins change the feedback settings and add a webhook from the Settings page; others only read. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettingsViewTest {

    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
        admin = api.signUpAndLogIn("Settings Co", "admin@settings-ui.test");
        api.post("/api/v1/users", admin, json("email", "sam@settings-ui.test", "name", "Sam", "team", "SALES", "role", "MEMBER",
                "password", "a long password 1"));
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
    void anAdminChangesTheFeedbackSettingsAndAddsAWebhook() {
        signIn("admin@settings-ui.test", "correct horse battery");
        UI.getCurrent().navigate("settings");
        SettingsView view = _get(SettingsView.class);
        assertThat(view.rejectionReasons.getValue()).startsWith("no_budget = No budget");
        view.reminderHours.setValue(2);
        view.rejectionReasons.setValue("no_budget = No budget\nwrong_region = Wrong region");
        view.save.click();
        var policy = app.context().getBean(FeedbackSettings.class).get(
                java.util.UUID.fromString(api.get("/api/v1/me", admin).json().get("tenantId").asText()));
        assertThat(policy.reminderHours()).isEqualTo(2);
        assertThat(policy.rejectionReasons().stream().filter(r -> r.isActive()).map(r -> r.code()).toList())
                .containsExactly("no_budget", "wrong_region");

        view.webhookUrl.setValue("https://hooks.example.test/tandem");
        view.addWebhook.click();
        assertThat(_get(Dialog.class, spec -> spec.withId("webhook-secret")).isOpened()).isTrue();
        assertThat(view.hooks.getListDataView().getItems().count()).isEqualTo(1);
    }

    @Test
    void othersReadTheSettingsOnly() {
        signIn("sam@settings-ui.test", "a long password 1");
        UI.getCurrent().navigate("settings");
        SettingsView view = _get(SettingsView.class);
        assertThat(view.rejectionReasons.isReadOnly()).isTrue();
        assertThat(view.save.isVisible()).isFalse();
        assertThat(view.webhookSection.isVisible()).isFalse();
        assertThat(view.productEvents.featureProperty.isReadOnly()).isTrue();
        assertThat(view.productEvents.save.isVisible()).isFalse();
    }

    @Test
    void anAdminSeesWhereProductEventsStandAndNamesTheFeatureProperty() {
        String key = api.post("/api/v1/api-keys", api.logIn("admin@settings-ui.test", "correct horse battery"), "{\"name\":\"analytics\"}")
                .json().get("key").asText();
        assertThat(api.postWithApiKey("/api/v1/events/track", key, "application/json",
                "{\"userId\":\"u1\",\"event\":\"Exported\",\"context\":{\"groupId\":\"no-such-account\"}}").status()).isEqualTo(200);
        signIn("admin@settings-ui.test", "correct horse battery");
        UI.getCurrent().navigate("settings");
        SettingsView view = _get(SettingsView.class);
        assertThat(view.productEvents.accountOrigin.getValue()).isEqualTo("import");
        assertThat(view.productEvents.status.getText()).contains("1 groups wait for an account (no-such-account)");
        view.productEvents.featureProperty.setValue("feature");
        view.productEvents.save.click();
        assertThat(view.productEvents.message.getText()).startsWith("Saved");
        assertThat(api.get("/api/v1/settings/events", api.logIn("admin@settings-ui.test", "correct horse battery")).json()
                .get("featureProperty").asText()).isEqualTo("feature");
        view.productEvents.accountOrigin.setValue("Not An Origin!");
        view.productEvents.save.click();
        assertThat(view.productEvents.message.getText()).contains("origin");
    }

    private void signIn(String email, String password) {
        KaribuSupport.signIn(app.context(), email, password);
    }
}
