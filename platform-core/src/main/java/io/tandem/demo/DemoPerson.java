package io.tandem.demo;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.Team;

/** One of the demo company's people; the password only when this load created them (it is shown once), else null. */
@Serdeable
public record DemoPerson(String name, String email, Team team, Role role, boolean teamLead, @Nullable String password) {
}
