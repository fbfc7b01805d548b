package io.tandem.ui.views;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.AbstractLogin;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.data.provider.Query;
import io.tandem.support.TandemTestApplication;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Signup;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamMember;
import io.tandem.ui.KaribuSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The sign-up, login and Team pages without a browser, on a real database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewsTest {

    private static final String PASSWORD = "a long secret phrase";
    private final AtomicInteger counter = new AtomicInteger();
    private TandemTestApplication app;

    @BeforeAll
    void startApplication() {
        app = TandemTestApplication.start();
    }

    @AfterAll
    void stopApplication() {
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
    void signingUpLandsOnTheHomePageSignedIn() {
        UI.getCurrent().navigate("signup");
        SignupView signup = _get(SignupView.class);
        signup.company.setValue("Globex");
        signup.name.setValue("Hank Scorpio");
        signup.email.setValue(uniqueEmail("hank"));
        signup.password.setValue(PASSWORD);
        signup.create.click();

        HomeView home = _get(HomeView.class);
        assertThat(home.greeting.getText()).isEqualTo("Welcome to Globex, Hank Scorpio");
        assertThat(home.teams.getText()).startsWith("1 active member");
    }

    @Test
    void aRefusedSignUpSaysWhyAndStaysOnTheForm() {
        UI.getCurrent().navigate("signup");
        SignupView signup = _get(SignupView.class);
        signup.company.setValue("Initech");
        signup.name.setValue("Bill");
        signup.email.setValue(uniqueEmail("bill"));
        signup.password.setValue("short");
        signup.create.click();

        assertThat(signup.error.isVisible()).isTrue();
        assertThat(signup.error.getText()).contains("too weak");
        assertThat(_find(HomeView.class)).isEmpty();
    }

    @Test
    void pagesBehindLoginSendVisitorsToTheLoginPage() {
        UI.getCurrent().navigate("team");
        assertThat(_find(TeamView.class)).isEmpty();
        _get(LoginView.class);
    }

    @Test
    void loggingInWithTheRightPasswordOpensHomeAndAWrongOneShowsAnError() {
        String email = uniqueEmail("login");
        app.context().getBean(Signup.class).signUp("Umbrella", "Alice", email, PASSWORD);

        UI.getCurrent().navigate("login");
        logIn(email, "not the password");
        assertThat(_get(LoginForm.class).isError()).isTrue();
        assertThat(_find(HomeView.class)).isEmpty();

        logIn(email, PASSWORD);
        assertThat(_get(HomeView.class).greeting.getText()).isEqualTo("Welcome to Umbrella, Alice");
    }

    @Test
    void anAdminInvitesAColleagueWhoCanThenLogIn() {
        String adminEmail = uniqueEmail("admin");
        app.context().getBean(Signup.class).signUp("Hooli", "Gavin", adminEmail, PASSWORD);
        UI.getCurrent().navigate("login");
        logIn(adminEmail, PASSWORD);
        UI.getCurrent().navigate("team");

        TeamView team = _get(TeamView.class);
        assertThat(team.invite.isVisible()).isTrue();
        team.invite.click();
        InviteDialog dialog = _get(InviteDialog.class);
        String colleague = uniqueEmail("richard");
        dialog.email.setValue(colleague);
        dialog.name.setValue("Richard");
        dialog.team.setValue(Team.SALES);
        dialog.role.setValue(Role.MEMBER);
        dialog.password.setValue("pied piper compression");
        _get(dialog, com.vaadin.flow.component.button.Button.class, spec -> spec.withId("send-invite")).click();

        assertThat(_get(com.vaadin.flow.component.html.Paragraph.class, spec -> spec.withId("invited-credentials")).getText())
                .contains(colleague).contains("pied piper compression");
        assertThat(rows(team)).extracting(TeamMember::email).containsExactlyInAnyOrder(adminEmail, colleague);

        UI.getCurrent().navigate("login");
        logIn(colleague, "pied piper compression");
        assertThat(_get(HomeView.class).greeting.getText()).isEqualTo("Welcome to Hooli, Richard");
        UI.getCurrent().navigate("team");
        assertThat(_get(TeamView.class).invite.isVisible()).as("members cannot invite").isFalse();
    }

    @Test
    void anAdminChangesAMembersRoleAndDeactivatesThem() {
        String adminEmail = uniqueEmail("boss");
        SignedInUser admin = app.context().getBean(Signup.class).signUp("Stark", "Pepper", adminEmail, PASSWORD);
        String memberEmail = uniqueEmail("happy");
        app.context().getBean(io.tandem.tenancy.TeamDirectory.class).invite(admin,
                new io.tandem.tenancy.Invitation(memberEmail, "Happy", Team.MARKETING, Role.MEMBER, PASSWORD, false));
        UI.getCurrent().navigate("login");
        logIn(adminEmail, PASSWORD);
        UI.getCurrent().navigate("team");
        TeamView team = _get(TeamView.class);
        TeamMember happy = rows(team).stream().filter(m -> m.email().equals(memberEmail)).findFirst().orElseThrow();

        EditMemberDialog edit = new EditMemberDialog(app.context().getBean(io.tandem.tenancy.TeamDirectory.class), admin, happy, team::refresh);
        edit.open();
        edit.role.setValue(Role.VIEWER);
        edit.team.setValue(Team.LEADERSHIP);
        edit.active.setValue(false);
        _get(edit, com.vaadin.flow.component.button.Button.class, spec -> spec.withText("Save")).click();

        TeamMember changed = rows(team).stream().filter(m -> m.email().equals(memberEmail)).findFirst().orElseThrow();
        assertThat(changed.role()).isEqualTo(Role.VIEWER);
        assertThat(changed.team()).isEqualTo(Team.LEADERSHIP);
        assertThat(changed.active()).isFalse();

        UI.getCurrent().navigate("login");
        logIn(memberEmail, PASSWORD);
        assertThat(_get(LoginForm.class).isError()).as("a deactivated member cannot sign in").isTrue();
    }

    private static List<TeamMember> rows(TeamView team) {
        return team.members.getDataProvider().fetch(new Query<>()).toList();
    }

    private static void logIn(String email, String password) {
        LoginForm form = _get(LoginForm.class);
        ComponentUtil.fireEvent(form, new AbstractLogin.LoginEvent(form, true, email, password));
    }

    private String uniqueEmail(String who) {
        return who + counter.incrementAndGet() + "-" + System.nanoTime() + "@example.com";
    }
}
