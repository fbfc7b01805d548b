package io.tandem.ui;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.mock.MockService;
import com.github.mvysny.kaributesting.v10.mock.MockVaadinServlet;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.AbstractLogin;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.di.Instantiator;
import com.vaadin.flow.function.DeploymentConfiguration;
import com.vaadin.flow.server.ServiceException;
import com.vaadin.flow.server.VaadinServletService;
import io.micronaut.context.BeanContext;
import io.tandem.ui.vaadin.MicronautInstantiator;
import io.tandem.ui.vaadin.TandemVaadinServlet;

/**
 * Browserless UI tests: Karibu's mock servlet, but with the application's own instantiator (views
 * are Micronaut beans talking to a real database) and the same route guard as production.
 */
public final class KaribuSupport {

    private static final Routes ROUTES = new Routes().autoDiscoverViews("io.tandem.ui");

    private KaribuSupport() {
    }

    public static void setUp(BeanContext beans) {
        MockVaadin.setup(UI::new, new MockVaadinServlet(ROUTES) {
            @Override
            protected VaadinServletService createServletService(DeploymentConfiguration configuration) throws ServiceException {
                VaadinServletService service = new MockService(this, configuration, UI::new) {
                    @Override
                    protected Instantiator createInstantiator() {
                        return new MicronautInstantiator(this, beans);
                    }
                };
                service.init();
                ROUTES.register(service.getContext());
                TandemVaadinServlet.guardRoutes(service, beans);
                return service;
            }
        });
    }

    /** A fresh UI, signed in through the login page as this person. */
    public static void signIn(BeanContext beans, String email, String password) {
        setUp(beans);
        UI.getCurrent().navigate("login");
        LoginForm form = LocatorJ._get(LoginForm.class);
        ComponentUtil.fireEvent(form, new AbstractLogin.LoginEvent(form, true, email, password));
    }

    public static void tearDown() {
        MockVaadin.tearDown();
    }
}
