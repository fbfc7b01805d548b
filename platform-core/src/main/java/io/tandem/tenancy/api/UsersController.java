package io.tandem.tenancy.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.tenancy.Invitation;
import io.tandem.tenancy.MemberChange;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;

import java.util.List;
import java.util.UUID;

@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class UsersController {

    private final TeamDirectory directory;

    public UsersController(TeamDirectory directory) {
        this.directory = directory;
    }

    @Get("/me")
    public Me me(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return new Me(user.tenantId(), user.userId(), user.email(), user.name(), user.team(), user.role(), user.teamLead());
    }

    @Get("/users")
    public List<TeamMember> list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return directory.members(user);
    }

    @Post("/users")
    public HttpResponse<TeamMember> invite(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                           @Body Invitation invitation) {
        TeamDirectory.Invited invited = directory.inviteOnce(user, invitation);
        // Re-inviting a member changes nothing: 200 with the member as they are, 201 only when someone was added.
        return invited.added() ? HttpResponse.created(invited.member()) : HttpResponse.ok(invited.member());
    }

    @Patch("/users/{id}")
    public TeamMember change(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                             @PathVariable UUID id, @Body MemberChange change) {
        return directory.change(user, id, change);
    }

    @Serdeable
    public record Me(UUID tenantId, UUID userId, String email, String name, Team team, Role role, boolean teamLead) {
    }
}
