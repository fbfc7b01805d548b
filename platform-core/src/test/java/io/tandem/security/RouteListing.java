package io.tandem.security;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /** The query parameters each route reads (its {@code @QueryValue} arguments), keyed as {@link #of} names routes. */
    static Map<String, Set<String>> queryParameters(ApplicationContext context) {
        Map<String, Set<String>> byRoute = new TreeMap<>();
        context.getBean(Router.class).uriRoutes().forEach(r -> {
            UriRouteInfo<?, ?> route = (UriRouteInfo<?, ?>) r;
            Set<String> names = byRoute.computeIfAbsent(route.getHttpMethodName() + " " + route.getUriMatchTemplate(), k -> new TreeSet<>());
            for (Argument<?> argument : route.getTargetMethod().getArguments()) {
                if (argument.getAnnotationMetadata().hasAnnotation(QueryValue.class)) {
                    names.add(argument.getAnnotationMetadata().stringValue(QueryValue.class).filter(n -> !n.isBlank()).orElse(argument.getName()));
                }
            }
        });
        return byRoute;
    }
}
