package io.tandem.ui.vaadin;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.servlet.api.annotation.ServletBean;

/** Mounts the web UI at / beside the API, which Micronaut's own servlet serves at /api/*. */
@Factory
class VaadinServletFactory {

    @ServletBean(name = "vaadin", urlPatterns = "/*", asyncSupported = true, loadOnStartup = 1)
    TandemVaadinServlet vaadinServlet(BeanContext beans) {
        return new TandemVaadinServlet(beans);
    }
}
