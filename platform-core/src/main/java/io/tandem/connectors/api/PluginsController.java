package io.tandem.connectors.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.connectors.PluginCatalogue;
import io.tandem.connectors.PluginView;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.List;

/**
 * The plugin catalogue: admins read it (to choose a connector), operators change it. Upload a
 * plugin as the raw body (a jar or zip), its file name in {@code X-File-Name}.
 */
@Controller("/api/v1/plugins")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class PluginsController {

    private final PluginCatalogue catalogue;

    public PluginsController(PluginCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Get
    public List<PluginView> list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return catalogue.list(user);
    }

    @Post(consumes = {"application/java-archive", "application/zip", "application/octet-stream"})
    public HttpResponse<PluginView> install(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                            @Nullable @Header("X-File-Name") String fileName, HttpServletRequest request) throws IOException {
        return HttpResponse.created(catalogue.install(user, fileName, request.getInputStream()));
    }

    @Post("/{id}/enable")
    public PluginView enable(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable String id) {
        return catalogue.setEnabled(user, id, true);
    }

    @Post("/{id}/disable")
    public PluginView disable(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable String id) {
        return catalogue.setEnabled(user, id, false);
    }

    @Delete("/{id}")
    public HttpResponse<Void> uninstall(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable String id) {
        catalogue.uninstall(user, id);
        return HttpResponse.noContent();
    }
}
