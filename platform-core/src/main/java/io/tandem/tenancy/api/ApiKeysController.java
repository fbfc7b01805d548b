package io.tandem.tenancy.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.tenancy.ApiKeys;
import io.tandem.tenancy.SignedInUser;

import java.util.List;
import java.util.UUID;

/** Admins create (the key is shown once), list and revoke the tenant's API keys. */
@Controller("/api/v1/api-keys")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ApiKeysController {

    private final ApiKeys keys;

    public ApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    @Post
    public HttpResponse<ApiKeys.CreatedApiKey> create(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                                      @Nullable @Body NewKey body) {
        return HttpResponse.created(keys.create(user, body == null ? null : body.name()));
    }

    @Get
    public List<ApiKeys.ApiKey> list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return keys.list(user);
    }

    @Delete("/{id}")
    public HttpResponse<Void> revoke(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        keys.revoke(user, id);
        return HttpResponse.status(HttpStatus.NO_CONTENT);
    }

    @Serdeable
    public record NewKey(@Nullable String name) {
    }
}
