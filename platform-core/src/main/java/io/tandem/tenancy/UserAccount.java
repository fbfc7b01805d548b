package io.tandem.tenancy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A person who signs in to a tenant. The table's primary key is (tenant_id, id); the id alone is
 * the entity id here because row-level security already confines every query to one tenant.
 */
@MappedEntity("app_user")
public record UserAccount(@Id UUID id,
                          UUID tenantId,
                          String email,
                          String name,
                          Team team,
                          Role role,
                          @Nullable String passwordHash,
                          boolean active,
                          boolean teamLead,
                          Instant createdAt) {

    UserAccount with(String newName, Team newTeam, Role newRole, boolean nowActive, boolean nowTeamLead) {
        return new UserAccount(id, tenantId, email, newName, newTeam, newRole, passwordHash, nowActive, nowTeamLead, createdAt);
    }
}
