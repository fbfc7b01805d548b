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

    /** Public so that browserless UI tests can build the same service around a mock servlet. */
    public static class Service extends VaadinServletService {

        private final transient BeanContext beans;

        public Service(VaadinServlet servlet, DeploymentConfiguration configuration, BeanContext beans) {
            super(servlet, configuration);
            this.beans = beans;
        }

        @Override
        public void init() throws ServiceException {
            super.init();
            addUIInitListener(event -> event.getUI().addBeforeEnterListener(beans.getBean(RouteGuard.class)));
        }

        @Override
        protected Instantiator createInstantiator() throws ServiceException {
            return new MicronautInstantiator(this, beans);
        }
    }
}
