package io.tandem.tenancy.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.tenancy.CompanyIdentityProviders;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.keycloak.CompanyIdentityProvider;

import java.util.List;

/** Admins link, list and unlink the company's own identity provider (keycloak identity mode). */
@Controller("/api/v1/identity-providers")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class IdentityProvidersController {

    private final CompanyIdentityProviders providers;

    public IdentityProvidersController(CompanyIdentityProviders providers) {
        this.providers = providers;
    }

    @Get
    public List<CompanyIdentityProvider> list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return providers.linked(user);
    }

    @Post
    public HttpResponse<CompanyIdentityProvider> link(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                                      @Body CompanyIdentityProvider.Link link) {
        return HttpResponse.created(providers.link(user, link));
    }

    @Delete("/{alias}")
    public HttpResponse<Void> unlink(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable String alias) {
        providers.unlink(user, alias);
        return HttpResponse.noContent();
    }
}
