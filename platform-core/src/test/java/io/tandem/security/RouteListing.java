package io.tandem.security;

import io.micronaut.context.ApplicationContext;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;

import java.util.List;
import java.util.stream.Collectors;

/** Every REST route the router serves under /api, as "METHOD /path/{template}", sorted. */
final class RouteListing {

    private RouteListing() {
    }

    static List<String> of(ApplicationContext context) {
        return context.getBean(Router.class).uriRoutes()
                .map(r -> ((UriRouteInfo<?, ?>) r).getHttpMethodName() + " " + ((UriRouteInfo<?, ?>) r).getUriMatchTemplate().toString())
                .filter(r -> r.contains(" /api"))
                .distinct()
                .sorted()
                .collect(Collectors.toList());
    }
}
