package io.tandem.tenancy;

import java.util.UUID;

/** Who is acting: resolved from a session or a token, never from request parameters. */
public record SignedInUser(UUID tenantId, UUID userId, String email, String name, Team team, Role role, boolean teamLead) {

    /**
     * A team lead approves funnel definition changes on behalf of their team. A viewer changes
     * nothing, whatever flags an admin set on the account.
     */
    public boolean leads(Team which) {
        return teamLead && team == which && mayChangeData();
    }

    /** Viewers read; members and admins may also add and change data. */
    public boolean mayChangeData() {
        return role != Role.VIEWER;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    static SignedInUser of(UserAccount account) {
        return new SignedInUser(account.tenantId(), account.id(), account.email(), account.name(), account.team(), account.role(), account.teamLead());
    }
}
