package io.tandem.tenancy.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.tandem.platform.web.ProblemDetails;
import io.tandem.tenancy.CurrentTenant;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.AuthenticatedUsers;
import io.tandem.tenancy.keycloak.KeycloakTokens;

import java.util.Optional;
import java.util.UUID;

/**
 * Runs after Micronaut Security has verified the bearer token: it loads the user the token names,
 * refuses the request if that user has since been deactivated, and makes the user's tenant the
 * current tenant for all database work of this request. Nothing in the request itself can choose it.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class TenantRequestFilter implements Ordered {

    /** The signed-in user ({@link SignedInUser}), on requests made with a user's token. */
    public static final String USER_ATTRIBUTE = "tandem.user";
    /** The caller's tenant id ({@link java.util.UUID}), on every authenticated request. */
    public static final String TENANT_ATTRIBUTE = "tandem.tenant";

    private final AuthenticatedUsers users;

    public TenantRequestFilter(AuthenticatedUsers users) {
        this.users = users;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> resolveTenant(HttpRequest<?> request, MutablePropagatedContext context) {
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        if (authentication.isEmpty()) {
            return null;
        }
        if (authentication.get().getAttributes().containsKey(ApiKeyAuthentication.KEY_ATTRIBUTE)) {
            return apiKeyRequest(request, authentication.get(), context);
        }
        Object refusal = authentication.get().getAttributes().get(KeycloakTokens.REFUSAL);
        if (refusal != null) {
            return problem(request, HttpStatus.FORBIDDEN, refusal.toString()); // a valid identity that names no tenant it may use
        }
        Optional<SignedInUser> user = users.resolve(authentication.get());
        if (user.isEmpty()) {
            return problem(request, HttpStatus.UNAUTHORIZED, "This account is no longer active.");
        }
        context.add(new CurrentTenant(user.get().tenantId()));
        request.setAttribute(USER_ATTRIBUTE, user.get());
        request.setAttribute(TENANT_ATTRIBUTE, user.get().tenantId());
        return null;
    }

    /** API keys are for machines: ingestion, imports and product events; everything else needs a person. */
    private static HttpResponse<?> apiKeyRequest(HttpRequest<?> request, Authentication key, MutablePropagatedContext context) {
        String path = request.getPath();
        if (!path.startsWith("/api/v1/ingest/") && !path.startsWith("/api/v1/imports") && !path.startsWith("/api/v1/events/")) {
            return problem(request, HttpStatus.FORBIDDEN, "API keys can only be used for ingestion, imports and product events.");
        }
        UUID tenantId = UUID.fromString(String.valueOf(key.getAttributes().get(AuthenticatedUsers.TENANT_ATTRIBUTE)));
        context.add(new CurrentTenant(tenantId));
        request.setAttribute(TENANT_ATTRIBUTE, tenantId);
        return null;
    }

    /**
     * The problem as JSON: the route has not run, and a route that produces CSV would not know
     * how to write a map.
     */
    private static HttpResponse<?> problem(HttpRequest<?> request, HttpStatus status, String detail) {
        // A route that produces JSON encodes the body with its JSON codec: a map becomes the problem object (JSON text would
        // be encoded again, as one string); any other route writes text as it is.
        java.util.List<io.micronaut.http.MediaType> produces = io.micronaut.web.router.RouteAttributes.getRouteInfo(request)
                .<java.util.List<io.micronaut.http.MediaType>>map(route -> route.getProduces()).orElse(java.util.List.of());
        boolean json = produces.isEmpty() || produces.stream().anyMatch(type -> type.getSubtype().contains("json"));
        MutableHttpResponse<Object> response = HttpResponse.status(status).contentType(ProblemDetails.MEDIA_TYPE);
        return response.body(json ? ProblemDetails.of(status.getCode(), detail) : ProblemDetails.json(status.getCode(), detail));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
