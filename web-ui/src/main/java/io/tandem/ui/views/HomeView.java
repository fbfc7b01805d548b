package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.funnel.RecordBrowser;
import io.tandem.demo.DemoCompanyStory;
import io.tandem.demo.DemoPerson;
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
    private final RecordBrowser records;
    private final DemoCompanyStory demo;
    final H1 greeting = new H1();
    final Paragraph teams = new Paragraph();
    final Paragraph empty = new Paragraph("Your company has no records yet. Import CSV files on the Imports page, "
            + "or look around with a demo company's two years of history first.");
    final Button loadDemo = new Button("Load demo data");

    public HomeView(TenantProfile profile, TeamDirectory directory, RecordBrowser records, DemoCompanyStory demo) {
        this.profile = profile;
        this.directory = directory;
        this.records = records;
        this.demo = demo;
        greeting.setId("greeting");
        teams.setId("team-summary");
        loadDemo.setId("load-demo");
        loadDemo.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        loadDemo.setDisableOnClick(true);
        loadDemo.addClickListener(e -> {
            SignedInUser user = UiSession.requireUser();
            DemoCompanyStory.Story story = demo.load(user);
            Notification.show("Demo data loaded: " + story.records().results().get("leads").inserted() + " leads, "
                    + story.records().results().get("opportunities").inserted() + " opportunities, "
                    + story.records().results().get("accounts").inserted() + " accounts.", 5000, Notification.Position.TOP_CENTER);
            showPeople(story.people());
            show(user);
        });
        add(greeting, teams, empty, loadDemo);
    }

    /** The demo's people and their passwords, shown this once: each can sign in to try their side of the loop. */
    private void showPeople(List<DemoPerson> people) {
        if (people.stream().allMatch(p -> p.password() == null)) {
            return;
        }
        Dialog dialog = new Dialog();
        dialog.setId("demo-people");
        dialog.setHeaderTitle("The demo company's people");
        Grid<DemoPerson> grid = new Grid<>(DemoPerson.class, false);
        grid.setId("demo-people-grid");
        grid.addColumn(DemoPerson::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(p -> p.team() + (p.teamLead() ? " lead" : "") + " · " + p.role()).setHeader("Team").setAutoWidth(true);
        grid.addColumn(DemoPerson::email).setHeader("E-mail").setAutoWidth(true);
        grid.addColumn(p -> p.password() == null ? "(existed already)" : p.password()).setHeader("Password").setAutoWidth(true);
        grid.setItems(people);
        grid.setAllRowsVisible(true);
        grid.setWidth("60em");
        dialog.add(new Paragraph("Sign in as any of them to try their side: the sales lead's inbox, marketing's feedback, the leader's "
                + "incentive plans. The passwords are shown only now — copy them."), grid);
        Button done = new Button("Done", e -> dialog.close());
        done.setId("demo-people-done");
        dialog.getFooter().add(done);
        dialog.open();
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
        boolean noRecords = records.isEmpty(user.tenantId());
        empty.setVisible(noRecords);
        loadDemo.setVisible(noRecords && user.isAdmin());
    }
}
