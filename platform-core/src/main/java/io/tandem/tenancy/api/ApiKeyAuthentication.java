package io.tandem.tenancy.api;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.tandem.tenancy.ApiKeys;
import io.tandem.tenancy.AuthenticatedUsers;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.Map;

/** Lets machines authenticate with a tenant API key in the {@code X-API-Key} header. */
@Singleton
public class ApiKeyAuthentication implements AuthenticationFetcher<HttpRequest<?>> {

    public static final String HEADER = "X-API-Key";
    public static final String KEY_ATTRIBUTE = "apiKeyId";

    private final ApiKeys keys;

    public ApiKeyAuthentication(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String presented = request.getHeaders().get(HEADER);
        if (presented == null) {
            return Publishers.empty();
        }
        return keys.holderOf(presented.strip())
                .map(holder -> Publishers.just(Authentication.build("api-key:" + holder.keyId(), List.of("API_KEY"),
                        Map.of(AuthenticatedUsers.TENANT_ATTRIBUTE, holder.tenantId().toString(), KEY_ATTRIBUTE, holder.keyId().toString()))))
                .orElseGet(Publishers::empty);
    }
}
