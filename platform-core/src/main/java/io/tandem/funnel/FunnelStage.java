package io.tandem.funnel;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.tenancy.Team;

/**
 * One stage of a tenant's funnel as marketing and sales agreed it.
 *
 * @param entryCriteria a CEL expression over the record's fields that a record entering the stage
 *                      should meet; empty means every record conforms
 * @param slaHours      how long a record may stay before the owner team must act; null for none
 * @param handoff       entering this stage hands the record from marketing to sales
 */
@Serdeable
public record FunnelStage(String key, String name, String description, int position, Team ownerTeam,
                          StageKind kind, String entryCriteria, @Nullable Integer slaHours, boolean handoff) {
}
