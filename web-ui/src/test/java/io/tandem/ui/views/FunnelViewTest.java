package io.tandem.ui.views;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.AbstractLogin;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.data.provider.Query;
import io.tandem.funnel.FunnelStage;
import io.tandem.support.TandemTestApplication;
import io.tandem.tenancy.Invitation;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Signup;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.ui.KaribuSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** Proposing, approving and seeing a stage definition change on the Funnel page, without a browser. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunnelViewTest {

    private static final String PASSWORD = "a long secret phrase";
    private TandemTestApplication app;

    @BeforeAll
    void team() {
        app = TandemTestApplication.start();
        SignedInUser admin = app.context().getBean(Signup.class).signUp("Funnel UI Co", "Ada", "ada@funnel-ui.example", PASSWORD);
        TeamDirectory directory = app.context().getBean(TeamDirectory.class);
        directory.invite(admin, new Invitation("mona@funnel-ui.example", "Mona", Team.MARKETING, Role.MEMBER, PASSWORD, true));
        directory.invite(admin, new Invitation("sal@funnel-ui.example", "Sal", Team.SALES, Role.MEMBER, PASSWORD, true));
        directory.invite(admin, new Invitation("vic@funnel-ui.example", "Vic", Team.LEADERSHIP, Role.VIEWER, PASSWORD, false));
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @BeforeEach
    void setUpUi() {
        KaribuSupport.setUp(app.context());
    }

    @AfterEach
    void tearDownUi() {
        KaribuSupport.tearDown();
    }

    @Test
    void aChangeProposedInTheUiTakesEffectAfterBothLeadsApproveThere() {
        openFunnelAs("mona@funnel-ui.example");
        FunnelView funnel = _get(FunnelView.class);
        assertThat(funnel.flow.getChildren().count()).isGreaterThan(9);
        funnel.propose.click();
        ProposalDialog dialog = _get(ProposalDialog.class);
        dialog.stage.setValue("MQL");
        assertThat(dialog.criteria.getValue()).as("filled from the current definition").contains("budget >= 10000");
        dialog.criteria.setValue("budget >= && authority");
        dialog.reason.setValue("SMB budgets are smaller");
        dialog.submit.click();
        assertThat(dialog.error.getText()).contains("Invalid entry criteria");

        dialog.criteria.setValue("budget >= 5000 && authority");
        dialog.submit.click();
        assertThat(_find(ProposalDialog.class)).isEmpty();
        ProposalCard card = _get(ProposalCard.class);
        assertThat(card.getSummaryText()).startsWith("MQL — open — proposed by Mona");
        assertThat(card.impactPanel.getElement().getTextRecursively()).contains("Current definition").contains("Proposed definition");
        card.approve.click();

        openFunnelAs("sal@funnel-ui.example");
        _get(ProposalCard.class).approve.click();
        FunnelView after = _get(FunnelView.class);
        assertThat(after.stages.getDataProvider().fetch(new Query<>()).filter(s -> s.key().equals("MQL")).map(FunnelStage::entryCriteria))
                .containsExactly("budget >= 5000 && authority");
        assertThat(_get(ProposalCard.class).getSummaryText()).contains("approved");
        assertThat(after.versions.getDataProvider().fetch(new Query<>()).count()).isEqualTo(2);
    }

    @Test
    void viewersSeeTheFunnelButCannotPropose() {
        openFunnelAs("vic@funnel-ui.example");
        assertThat(_get(FunnelView.class).propose.isVisible()).isFalse();
    }

    private static void openFunnelAs(String email) {
        UI.getCurrent().navigate("login");
        LoginForm form = _get(LoginForm.class);
        ComponentUtil.fireEvent(form, new AbstractLogin.LoginEvent(form, true, email, PASSWORD));
        UI.getCurrent().navigate("funnel");
    }
}
