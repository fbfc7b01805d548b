package io.tandem.ui.vaadin;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * Two things embedded Tomcat lacks for Vaadin: MIME types (without them the JavaScript bundle is
 * served with no Content-Type and the page stays blank), and the application's class loader as the
 * web context's parent (without it classes are missing when started from a build tool).
 */
@Singleton
class TomcatForVaadin implements BeanCreatedEventListener<Tomcat> {

    @Override
    public Tomcat onCreated(BeanCreatedEvent<Tomcat> event) {
        Tomcat tomcat = event.getBean();
        for (Container child : tomcat.getHost().findChildren()) {
            if (child instanceof Context context) {
                Tomcat.addDefaultMimeTypeMappings(context);
                context.setParentClassLoader(TomcatForVaadin.class.getClassLoader());
            }
        }
        return tomcat;
    }
}
