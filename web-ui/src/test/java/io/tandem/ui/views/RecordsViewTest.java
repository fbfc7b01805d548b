package io.tandem.ui.views;

import com.vaadin.flow.component.UI;
import io.tandem.funnel.RecordBrowser;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.ui.KaribuSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Records page shows where a record comes from: its sources (one person in two tools), those that
 * deleted it, and for each stage entry how it is known. A record every source deleted is not listed.
 */
class RecordsViewTest {

    @AfterEach
    void tearDownUi() {
        KaribuSupport.tearDown();
    }

    @Test
    void aRecordsSourcesAndTheProvenanceOfItsHistoryAreShown() {
        try (TandemTestApplication app = TandemTestApplication.start()) {
            ApiClient api = app.api();
            String admin = api.signUpAndLogIn("Sourced Co", "admin@records-ui.test");
            api.post("/api/v1/ingest/leads?origin=hubspot", admin, "[{\"external_id\":\"H1\",\"email\":\"ann@people.test\",\"name\":\"Ann\","
                    + "\"created_at\":\"2025-01-01T00:00:00Z\",\"stage\":\"MQL\"}]");
            api.post("/api/v1/ingest/leads?origin=salesforce", admin, "[{\"external_id\":\"00Q1\",\"email\":\"ANN@people.test\","
                    + "\"created_at\":\"2025-01-02T00:00:00Z\"},{\"external_id\":\"00Q2\",\"email\":\"bo@people.test\",\"name\":\"Bo\","
                    + "\"created_at\":\"2025-01-02T00:00:00Z\"}]");
            api.post("/api/v1/ingest/stage-changes?origin=salesforce", admin, "[{\"record_type\":\"lead\",\"record_id\":\"00Q1\","
                    + "\"stage\":\"INQUIRY\",\"occurred_at\":\"2025-01-01T00:00:00Z\"}]");
            api.post("/api/v1/ingest/deletions?origin=hubspot", admin, "[{\"record_type\":\"lead\",\"external_id\":\"H1\"}]");
            api.post("/api/v1/ingest/deletions?origin=salesforce", admin, "[{\"record_type\":\"lead\",\"external_id\":\"00Q2\"}]");

            KaribuSupport.signIn(app.context(), "admin@records-ui.test", "correct horse battery");
            UI.getCurrent().navigate("records");
            RecordsView view = _get(RecordsView.class);
            List<RecordBrowser.RecordRow> rows = view.grid.getGenericDataView().getItems().toList();
            assertThat(rows).extracting(RecordBrowser.RecordRow::title).as("Bo was deleted everywhere").containsExactly("Ann");
            view.grid.select(rows.get(0));
            assertThat(view.sources.getText()).startsWith("Sources: hubspot H1 (deleted there ").contains("· salesforce 00Q1");
            List<String> provenance = view.history.getGenericDataView().getItems().map(RecordsView::provenance).toList();
            assertThat(provenance).containsExactly("source history (salesforce)", "seen as its current stage (hubspot)");
        }
    }
}
