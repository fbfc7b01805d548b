package io.tandem.tenancy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** An admin's invitation of a colleague, with the initial password the colleague signs in with. */
@Serdeable
public record Invitation(@Nullable String email, @Nullable String name, @Nullable Team team, @Nullable Role role,
                         @Nullable String password, @Nullable Boolean teamLead) {
}
