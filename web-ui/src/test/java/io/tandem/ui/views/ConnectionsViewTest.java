package io.tandem.ui.views;

import com.vaadin.flow.component.UI;
import io.tandem.connectors.SyncRunView;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestDatabase;
import io.tandem.ui.KaribuSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Connections page: an admin adds a connection from the bundled CSV plugin with the form its
 * spec makes, tests it, syncs it and sees the run; members see connections and runs but change
 * nothing. The Plugins page lists the catalogue for the operator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionsViewTest {

    private TandemTestApplication app;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of("tandem.operators", "admin@connections-ui.test"));
        ApiClient api = app.api();
        String admin = api.signUpAndLogIn("Connected Co", "admin@connections-ui.test");
        api.inviteAndLogIn(admin, "sam@connections-ui.test", "SALES", "MEMBER", false);
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
    void anAdminAddsTestsAndSyncsAConnection() throws InterruptedException {
        KaribuSupport.signIn(app.context(), "admin@connections-ui.test", "correct horse battery");
        UI.getCurrent().navigate("connections");
        ConnectionsView view = _get(ConnectionsView.class);
        view.add.click();
        ConnectionDialog dialog = _get(ConnectionDialog.class);
        assertThat(dialog.plugin.getValue().id()).as("CSV files first: it needs no vendor account").isEqualTo("csv");
        assertThat(dialog.fields).containsKey("folder");
        dialog.name.setValue("Exports");
        dialog.everyMinutes.setValue(60);
        dialog.create.click();
        assertThat(view.list.getListDataView().getItems().map(c -> c.name()).toList()).containsExactly("Exports");

        view.list.select(view.list.getListDataView().getItem(0));
        assertThat(view.details.isVisible()).isTrue();
        assertThat(view.fileList.getText()).isEqualTo("No files uploaded.");
        assertThat(view.fileUpload.isVisible()).as("admins upload files for the connector").isTrue();
        assertThat(view.mapping.getListDataView().getItemCount()).as("the connector's suggestions").isEqualTo(9);
        view.test.click();
        assertThat(view.message.getText()).startsWith("Connected:");
        view.syncNow.click();
        assertThat(view.progress.isVisible()).isTrue();
        for (int i = 0; i < 100 && view.progress.isVisible(); i++) {
            Thread.sleep(100);
            view.poll();
        }
        List<SyncRunView> runs = view.runs.getListDataView().getItems().toList();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).status()).isEqualTo("succeeded");
    }

    @Test
    void membersSeeConnectionsButChangeNothing() {
        KaribuSupport.signIn(app.context(), "sam@connections-ui.test", "a long password 1");
        UI.getCurrent().navigate("connections");
        ConnectionsView view = _get(ConnectionsView.class);
        assertThat(view.add.isVisible()).isFalse();
        assertThat(view.syncNow.isVisible()).isFalse();
        assertThat(view.saveMapping.isVisible()).isFalse();
    }

    @Test
    void theOperatorSeesThePluginCatalogue() {
        KaribuSupport.signIn(app.context(), "admin@connections-ui.test", "correct horse battery");
        UI.getCurrent().navigate("plugins");
        PluginsView view = _get(PluginsView.class);
        assertThat(view.plugins.getListDataView().getItems().filter(p -> p.id().equals("csv")).map(p -> p.status()).toList())
                .containsExactly("LOADED");
    }

    @Test
    void aConnectionWaitingForNewCredentialsSaysSoWhereItsScheduleWouldBe() {
        io.tandem.connectors.ConnectionView dead = new io.tandem.connectors.ConnectionView(java.util.UUID.randomUUID(), "salesforce", "Salesforce",
                java.util.Map.of(), java.util.List.of(), new io.tandem.connectors.ConnectionRequest.Schedule(60), java.time.Instant.now(), true);
        assertThat(ConnectionsView.scheduleText(dead)).startsWith("stopped: reconnect");
        io.tandem.connectors.ConnectionView alive = new io.tandem.connectors.ConnectionView(dead.id(), "salesforce", "Salesforce",
                java.util.Map.of(), java.util.List.of(), new io.tandem.connectors.ConnectionRequest.Schedule(60), java.time.Instant.now(), false);
        assertThat(ConnectionsView.scheduleText(alive)).isEqualTo("every 60 min");
    }

    @Test
    void anAdConnectionsCampaignsAreMappedToTandemsOnThePage() {
        ApiClient api = app.api();
        String admin = api.signUpAndLogIn("Ads UI Co", "admin@ads-ui.test");
        api.post("/api/v1/ingest/campaigns", admin, "[{\"external_id\":\"c-brand\",\"name\":\"Brand Search\"},"
                + "{\"external_id\":\"c-retarget\",\"name\":\"Retargeting\"}]");
        String connection = api.post("/api/v1/connections", admin, "{\"plugin\":\"ad-spend\",\"name\":\"Google Ads\",\"config\":"
                + "{\"platform\":\"file\"}}").json().get("id").asText();
        assertThat(api.post("/api/v1/ingest/spend?origin=" + connection, admin, "[{\"campaign_id\":\"111\",\"campaign_name\":\"Brand Search\","
                + "\"team\":\"marketing\",\"period_start\":\"2025-05-01T00:00:00Z\",\"period_end\":\"2025-05-02T00:00:00Z\",\"amount\":\"10.00\","
                + "\"currency\":\"USD\"},{\"campaign_id\":\"222\",\"campaign_name\":\"Display Prospecting\",\"team\":\"marketing\","
                + "\"period_start\":\"2025-05-01T00:00:00Z\",\"period_end\":\"2025-05-02T00:00:00Z\",\"amount\":\"5.00\",\"currency\":\"USD\"}]")
                .json().get("errors")).isEmpty();

        KaribuSupport.signIn(app.context(), "admin@ads-ui.test", "correct horse battery");
        UI.getCurrent().navigate("connections");
        ConnectionsView view = _get(ConnectionsView.class);
        view.list.select(view.list.getListDataView().getItem(0));
        assertThat(view.adCampaigns.isVisible()).isTrue();
        assertThat(view.adCampaigns.campaigns.getListDataView().getItems().map(c -> c.sourceName() + ":" + c.mappedBy()).toList())
                .containsExactly("Brand Search:name", "Display Prospecting:none");
        view.adCampaigns.choices.get("222").setValue("Retargeting (c-retarget)");
        view.adCampaigns.save.click();
        assertThat(view.adCampaigns.message.getText()).startsWith("Campaign mapping saved");
        assertThat(view.adCampaigns.campaigns.getListDataView().getItems().filter(c -> c.sourceCampaign().equals("222"))
                .map(c -> c.campaignName() + ":" + c.mappedBy()).toList()).containsExactly("Retargeting:admin");
    }
}
