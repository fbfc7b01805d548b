package io.tandem.tenancy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A partial update of a team member; absent fields stay as they are. */
@Serdeable
public record MemberChange(@Nullable String name, @Nullable Team team, @Nullable Role role, @Nullable Boolean active, @Nullable Boolean teamLead) {
}
