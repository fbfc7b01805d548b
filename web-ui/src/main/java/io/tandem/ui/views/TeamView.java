package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;
import io.tandem.ui.vaadin.SignIn;
import io.tandem.ui.vaadin.UiSession;

/** Who is in the tenant, on which team, with which role; admins invite, move and deactivate people. */
@Route(value = "team", layout = MainLayout.class)
@PageTitle("Team · Tandem")
@Prototype
public class TeamView extends VerticalLayout implements BeforeEnterObserver {

    private final TeamDirectory directory;
    final Grid<TeamMember> members = new Grid<>(TeamMember.class, false);
    final Button invite = new Button("Invite colleague");

    private final SignIn signIn;

    public TeamView(TeamDirectory directory, SignIn signIn) {
        this.directory = directory;
        this.signIn = signIn;
        setSizeFull();
        members.addColumn(TeamMember::name).setHeader("Name").setSortable(true).setAutoWidth(true);
        members.addColumn(TeamMember::email).setHeader("E-mail").setSortable(true).setAutoWidth(true);
        members.addColumn(TeamMember::team).setHeader("Team").setSortable(true);
        members.addColumn(TeamMember::role).setHeader("Role").setSortable(true);
        members.addColumn(m -> m.teamLead() ? "Team lead" : "").setHeader("Lead");
        members.addColumn(m -> m.active() ? "Active" : "Deactivated").setHeader("Status").setSortable(true);
        invite.setId("invite");
        invite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout title = new HorizontalLayout(new H1("Team"), invite);
        title.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(title, members);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        SignedInUser user = UiSession.requireUser();
        invite.setVisible(user.isAdmin());
        invite.addClickListener(click -> new InviteDialog(directory, user, signIn.throughCompanySignIn(), this::refresh).open());
        if (user.isAdmin()) {
            members.addComponentColumn(member -> {
                Button edit = new Button("Edit", e -> new EditMemberDialog(directory, user, member, this::refresh).open());
                edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                return edit;
            }).setHeader("").setAutoWidth(true);
        }
        refresh();
    }

    void refresh() {
        members.setItems(directory.members(UiSession.requireUser()));
    }
}
