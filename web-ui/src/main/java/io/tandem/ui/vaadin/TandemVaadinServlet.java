package io.tandem.ui.vaadin;

import com.vaadin.flow.di.Instantiator;
import com.vaadin.flow.function.DeploymentConfiguration;
import com.vaadin.flow.server.ServiceException;
import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.VaadinServletService;
import io.micronaut.context.BeanContext;

/** Vaadin's servlet, with a service that takes views from Micronaut and guards every route. */
public class TandemVaadinServlet extends VaadinServlet {

    private final transient BeanContext beans;

    public TandemVaadinServlet(BeanContext beans) {
        this.beans = beans;
    }

    @Override
    protected VaadinServletService createServletService(DeploymentConfiguration configuration) throws ServiceException {
        VaadinServletService service = new Service(this, configuration, beans);
        service.init();
        return service;
    }

    private static class Service extends VaadinServletService {

        private final transient BeanContext beans;

        public Service(VaadinServlet servlet, DeploymentConfiguration configuration, BeanContext beans) {
            super(servlet, configuration);
            this.beans = beans;
        }

        @Override
        public void init() throws ServiceException {
            super.init();
            guardRoutes(this, beans);
        }

        @Override
        protected Instantiator createInstantiator() throws ServiceException {
            return new MicronautInstantiator(this, beans);
        }
    }

    /** Every UI of the service checks the login before each navigation (see {@link RouteGuard}). */
    public static void guardRoutes(VaadinServletService service, BeanContext beans) {
        service.addUIInitListener(event -> event.getUI().addBeforeEnterListener(beans.getBean(RouteGuard.class)));
    }
}
