package io.tandem.ui.vaadin;

import com.vaadin.flow.di.LookupInitializer;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.startup.ErrorNavigationTargetInitializer;
import com.vaadin.flow.server.startup.LookupServletContainerInitializer;
import com.vaadin.flow.server.startup.RouteRegistryInitializer;
import com.vaadin.flow.server.startup.VaadinAppShellInitializer;
import io.micronaut.context.BeanContext;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Does what a servlet container's class scanning would do for Vaadin in a WAR: registers the routes
 * and the app shell. Embedded Tomcat does not scan, so the classes come from Micronaut's compile-time
 * bean definitions instead (every view is a bean).
 */
@Singleton
class VaadinInitializer implements ServletContainerInitializer {

    private final BeanContext beans;

    VaadinInitializer(BeanContext beans) {
        this.beans = beans;
    }

    @Override
    public void onStartup(Set<Class<?>> ignored, ServletContext context) throws ServletException {
        Set<Class<?>> routes = beans.getBeanDefinitions(Qualifiers.byStereotype(Route.class)).stream()
                .map(BeanDefinition::getBeanType)
                .collect(Collectors.toSet());
        Set<Class<?>> shells = beans.getBeanDefinitions(AppShellConfigurator.class).stream()
                .map(BeanDefinition::getBeanType)
                .collect(Collectors.toSet());
        // The lookup initializer does nothing unless its own default implementation is among the classes.
        new LookupServletContainerInitializer().process(new HashSet<>(Set.of(LookupInitializer.class)), context);
        new RouteRegistryInitializer().process(routes, context);
        new ErrorNavigationTargetInitializer().process(new HashSet<>(), context);
        new VaadinAppShellInitializer().process(shells, context);
    }
}
