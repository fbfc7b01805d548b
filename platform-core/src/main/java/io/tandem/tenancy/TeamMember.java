package io.tandem.tenancy;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A person in the tenant as others see them: never with their password hash. */
@Serdeable
public record TeamMember(UUID id, String email, String name, Team team, Role role, boolean active, boolean teamLead, Instant createdAt) {

    static TeamMember of(UserAccount account) {
        return new TeamMember(account.id(), account.email(), account.name(), account.team(), account.role(), account.active(), account.teamLead(), account.createdAt());
    }
}
