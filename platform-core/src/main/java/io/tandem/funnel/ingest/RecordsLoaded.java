package io.tandem.funnel.ingest;

/**
 * A tenant's records were loaded in bulk — a sync run or an import ended (also when it failed part-way: the
 * rows written are kept). Published after the load's last commit, for work that follows new data.
 */
public record RecordsLoaded(java.util.UUID tenantId) {
}
