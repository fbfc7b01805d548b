package io.tandem.usage;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Where a tenant's product events stand.
 *
 * @param firstUsesApplied   account–feature first uses in the funnel
 * @param groupsWaiting      groups whose account Tandem does not know (yet): their first uses wait
 * @param usersWithoutGroup  users whose events wait for a group call
 * @param someWaitingGroups  up to 20 of the waiting group ids, to check against the account ids
 */
@Serdeable
public record EventStatus(long firstUsesApplied, long groupsWaiting, long usersWithoutGroup, List<String> someWaitingGroups) {
}
