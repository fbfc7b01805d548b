package io.tandem.ui.views;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;
import io.tandem.tenancy.TenantProfile;
import io.tandem.ui.vaadin.UiSession;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The tenant's home page: who you are in which company, and who is on board from each team. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Home · Tandem")
@Prototype
public class HomeView extends VerticalLayout implements BeforeEnterObserver {

    private final TenantProfile profile;
    private final TeamDirectory directory;
    final H1 greeting = new H1();
    final Paragraph teams = new Paragraph();

    public HomeView(TenantProfile profile, TeamDirectory directory) {
        this.profile = profile;
        this.directory = directory;
        greeting.setId("greeting");
        teams.setId("team-summary");
        add(greeting, teams);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        UiSession.user().ifPresent(this::show);
    }

    private void show(SignedInUser user) {
        greeting.setText("Welcome to " + profile.companyName(user) + ", " + user.name());
        List<TeamMember> active = directory.members(user).stream().filter(TeamMember::active).toList();
        String perTeam = Arrays.stream(Team.values())
                .map(team -> team + ": " + active.stream().filter(m -> m.team() == team).count())
                .collect(Collectors.joining(", "));
        teams.setText(active.size() + " active " + (active.size() == 1 ? "member" : "members") + " (" + perTeam + ")."
                + (user.isAdmin() ? " Invite marketing and sales colleagues on the Team page." : ""));
    }
}
