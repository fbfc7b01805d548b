package io.tandem.connectors.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.connectors.CampaignMapping;
import io.tandem.connectors.CheckOutcome;
import io.tandem.connectors.ConnectionFile;
import io.tandem.connectors.ConnectionFiles;
import io.tandem.connectors.ConnectionRequest;
import io.tandem.connectors.ConnectionView;
import io.tandem.connectors.Connections;
import io.tandem.connectors.StageMapping;
import io.tandem.connectors.StageMappings;
import io.tandem.connectors.SyncRequest;
import io.tandem.connectors.SyncRunView;
import io.tandem.connectors.SyncStarted;
import io.tandem.connectors.Syncs;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/** A tenant's connections: admins create, change, test and delete them; members read them (never their secrets). */
@Controller("/api/v1/connections")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ConnectionsController {

    private final Connections connections;
    private final StageMappings mappings;

    private final Syncs syncs;
    private final ConnectionFiles files;
    private final CampaignMapping campaigns;

    public ConnectionsController(Connections connections, StageMappings mappings, Syncs syncs, ConnectionFiles files, CampaignMapping campaigns) {
        this.campaigns = campaigns;
        this.files = files;
        this.connections = connections;
        this.mappings = mappings;
        this.syncs = syncs;
    }

    /** Uploads a file for a file-based connector (admins); the body is the file, sent as is. Same name replaces. */
    @Put(value = "/{id}/files/{name}", consumes = MediaType.ALL)
    public ConnectionFile putFile(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                  @PathVariable String name, HttpServletRequest request) throws IOException {
        try (InputStream body = request.getInputStream()) {
            return files.upload(user, id, name, body);
        }
    }

    @Get("/{id}/files")
    public List<ConnectionFile> listFiles(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return files.list(user, id);
    }

    @Delete("/{id}/files/{name}")
    public HttpResponse<Void> deleteFile(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                         @PathVariable String name) {
        files.delete(user, id, name);
        return HttpResponse.noContent();
    }

    /** "Sync now" (admins): queues a run, or answers with the one queued or running already. */
    @Post("/{id}/sync")
    public HttpResponse<SyncStarted> sync(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                          @Nullable @Body SyncRequest request) {
        SyncRunView run = syncs.syncNow(user, id, request == null ? null : request.fullRefresh());
        return HttpResponse.accepted().body(new SyncStarted(run.id(), run.status()));
    }

    /** The connection's run history, newest first. */
    @Get("/{id}/runs")
    public List<SyncRunView> runs(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                  @Nullable @QueryValue Integer limit) {
        return syncs.runs(user, id, limit == null ? 50 : limit);
    }

    /** The vendor's stage values and the funnel stage each means (the admin's choice, else the connector's suggestion). */
    @Get("/{id}/mapping")
    public StageMapping mapping(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return mappings.get(user, id);
    }

    @Put("/{id}/mapping")
    public StageMapping putMapping(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                   @Body StageMapping mapping) {
        return mappings.put(user, id, mapping);
    }

    /** The connection's ad campaigns (spend from an ad platform) and the Tandem campaign each counts for. */
    @Get("/{id}/campaigns")
    public CampaignMapping.View campaigns(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return campaigns.get(user, id);
    }

    /** Maps ad campaigns to Tandem campaigns again; the spend already written follows. */
    @Put("/{id}/campaigns")
    public CampaignMapping.View putCampaigns(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                             @Body CampaignMapping.Change change) {
        return campaigns.put(user, id, change);
    }

    @Post
    public HttpResponse<ConnectionView> create(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                               @Body ConnectionRequest request) {
        return HttpResponse.created(connections.create(user, request));
    }

    @Get
    public List<ConnectionView> list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return connections.list(user);
    }

    @Get("/{id}")
    public ConnectionView get(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return connections.get(user, id);
    }

    @Patch("/{id}")
    public ConnectionView update(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                 @Body ConnectionRequest change) {
        return connections.update(user, id, change);
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        connections.delete(user, id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/check")
    public CheckOutcome check(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return connections.check(user, id);
    }
}
