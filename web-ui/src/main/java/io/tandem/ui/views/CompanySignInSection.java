package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.CompanyIdentityProviders;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.keycloak.CompanyIdentityProvider;

/**
 * Settings for admins in keycloak identity mode: link the company's own OIDC identity provider with its
 * e-mail domain (people of that domain then sign in there), see what is linked, unlink it.
 */
class CompanySignInSection extends VerticalLayout {

    private final CompanyIdentityProviders providers;
    final TextField name = new TextField("Name shown on the sign-in page");
    final TextField domain = new TextField("E-mail domain");
    final TextField issuer = new TextField("Issuer URL");
    final TextField clientId = new TextField("Client id");
    final PasswordField clientSecret = new PasswordField("Client secret");
    final Button link = new Button("Link identity provider");
    final VerticalLayout linked = new VerticalLayout();
    final Paragraph error = new Paragraph();
    private SignedInUser admin;

    CompanySignInSection(CompanyIdentityProviders providers) {
        this.providers = providers;
        setPadding(false);
        setId("company-sign-in-section");
        name.setId("idp-name");
        domain.setId("idp-domain");
        issuer.setId("idp-issuer");
        issuer.setHelperText("Its discovery document is read from <issuer>/.well-known/openid-configuration");
        issuer.setWidth("30em");
        clientId.setId("idp-client-id");
        clientSecret.setId("idp-client-secret");
        link.setId("link-idp");
        link.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        link.addClickListener(click -> link());
        linked.setPadding(false);
        linked.setId("linked-idps");
        error.setId("idp-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        error.setVisible(false);
        FormLayout form = new FormLayout(name, domain, issuer, clientId, clientSecret);
        add(new H2("Company sign-in"), new Paragraph("People whose e-mail is in your domain can sign in through your company's own "
                + "identity provider (OIDC): register Tandem there as a client, link it here, then add the redirect address shown "
                + "below to that client."), linked, form, error, link);
    }

    /** Shows the section to an admin (hidden for everyone else). */
    void show(SignedInUser user, boolean companySignIn) {
        admin = user;
        setVisible(companySignIn && user.isAdmin());
        if (isVisible()) {
            domain.setValue(user.email().substring(user.email().indexOf('@') + 1));
            refresh();
        }
    }

    private void link() {
        try {
            providers.link(admin, new CompanyIdentityProvider.Link("oidc", name.getValue(), domain.getValue(), issuer.getValue(),
                    clientId.getValue(), clientSecret.getValue()));
            clientSecret.clear();
            error.setVisible(false);
            refresh();
        } catch (ProblemException refused) {
            error.setText(refused.getMessage());
            error.setVisible(true);
        }
    }

    private void refresh() {
        linked.removeAll();
        for (CompanyIdentityProvider provider : providers.linked(admin)) {
            Button unlink = new Button("Unlink", click -> {
                providers.unlink(admin, provider.alias());
                refresh();
            });
            unlink.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            HorizontalLayout row = new HorizontalLayout(new Span(provider.name() + " · " + provider.domain() + " · " + provider.issuer()
                    + " · redirect address: " + provider.redirectUri()), unlink);
            row.setAlignItems(FlexComponent.Alignment.CENTER);
            linked.add(row);
        }
        if (linked.getComponentCount() == 0) {
            linked.add(new Span("No identity provider is linked: everyone signs in with a password at the company sign-in."));
        }
    }
}
