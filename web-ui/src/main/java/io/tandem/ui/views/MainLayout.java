package io.tandem.ui.views;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import io.micronaut.context.annotation.Prototype;
import io.tandem.connectors.Operators;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantProfile;
import io.tandem.ui.vaadin.SignIn;
import io.tandem.ui.vaadin.UiSession;

/**
 * The frame around every signed-in page: the company, the signed-in person, the notification bell,
 * navigation to the sections that exist (the audit log for admins, Plugins for the installation's operators only), and sign-out.
 */
@Prototype
public class MainLayout extends AppLayout implements BeforeEnterObserver {

    private final TenantProfile profile;
    private final H2 company = new H2();
    private final Span who = new Span();
    private final NotificationBell bell;
    private final Operators operators;
    private final SideNavItem plugins = new SideNavItem("Plugins", PluginsView.class, VaadinIcon.PLUG.create());
    private final SideNavItem audit = new SideNavItem("Audit log", AuditLogView.class, VaadinIcon.RECORDS.create());

    public MainLayout(TenantProfile profile, NotificationBell bell, Operators operators, SignIn signIn) {
        this.profile = profile;
        this.bell = bell;
        this.operators = operators;
        company.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        Button signOut = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), click -> getUI().ifPresent(signIn::signOut));
        signOut.setId("sign-out");
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        who.setId("signed-in-user");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), company, who, bell, signOut);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(who);
        header.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(header);

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Home", HomeView.class, VaadinIcon.HOME.create()));
        nav.addItem(new SideNavItem("Dashboard", DashboardView.class, VaadinIcon.DASHBOARD.create()));
        nav.addItem(new SideNavItem("Hand-offs", HandoffsView.class, VaadinIcon.INBOX.create()));
        nav.addItem(new SideNavItem("Incentives", IncentivesView.class, VaadinIcon.MONEY.create()));
        nav.addItem(new SideNavItem("Insights", InsightsView.class, VaadinIcon.LIGHTBULB.create()));
        nav.addItem(new SideNavItem("Funnel", FunnelView.class, VaadinIcon.FILTER.create()));
        nav.addItem(new SideNavItem("Records", RecordsView.class, VaadinIcon.TABLE.create()));
        nav.addItem(new SideNavItem("Imports", ImportsView.class, VaadinIcon.UPLOAD.create()));
        nav.addItem(new SideNavItem("Connections", ConnectionsView.class, VaadinIcon.CONNECT.create()));
        nav.addItem(new SideNavItem("Team", TeamView.class, VaadinIcon.USERS.create()));
        nav.addItem(new SideNavItem("Settings", SettingsView.class, VaadinIcon.COG.create()));
        audit.setVisible(false);
        nav.addItem(audit);
        plugins.setVisible(false);
        nav.addItem(plugins);
        addToDrawer(nav);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        UiSession.user().ifPresent(this::show);
        bell.refresh();
    }

    private void show(SignedInUser user) {
        company.setText(profile.companyName(user));
        who.setText(user.name() + " · " + user.team() + " · " + user.role());
        plugins.setVisible(operators.isOperator(user));
        audit.setVisible(user.isAdmin());
    }
}
