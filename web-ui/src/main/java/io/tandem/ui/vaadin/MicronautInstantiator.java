package io.tandem.ui.vaadin;

import com.vaadin.flow.di.DefaultInstantiator;
import com.vaadin.flow.server.VaadinService;
import io.micronaut.context.BeanContext;

/** Lets Vaadin create views and layouts as Micronaut beans, so they get services injected. */
public class MicronautInstantiator extends DefaultInstantiator {

    private final BeanContext beans;

    public MicronautInstantiator(VaadinService service, BeanContext beans) {
        super(service);
        this.beans = beans;
    }

    @Override
    public <T> T getOrCreate(Class<T> type) {
        if (beans.containsBean(type)) {
            return beans.getBean(type);
        }
        return super.getOrCreate(type);
    }
}
