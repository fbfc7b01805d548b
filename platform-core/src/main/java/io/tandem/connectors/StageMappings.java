package io.tandem.connectors;

import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.SourceConnector;
import io.tandem.connector.api.StageSuggestion;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelVersion;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.funnel.ingest.RawRecord;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.platform.FreeText;
import io.tandem.platform.ProblemException;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which funnel stage each vendor stage value of a connection means. Pre-filled from the connector's
 * suggestions; admins change it, and every stage they name must be a stage of the active funnel.
 */
@Singleton
public class StageMappings {

    private static final Set<RecordKind> KINDS = EnumSet.of(RecordKind.LEAD, RecordKind.OPPORTUNITY, RecordKind.ACCOUNT);
    private static final int MAX_ENTRIES = 1000;

    private final Connections connections;
    private final PluginCatalogue catalogue;
    private final FunnelDefinitions funnel;
    private final TenantTransactions tenants;
    private final ConnectionStore store;
    private final Ingestion ingestion;
    private final AuditTrail audit;

    public StageMappings(Connections connections, PluginCatalogue catalogue, FunnelDefinitions funnel, TenantTransactions tenants,
                         ConnectionStore store, Ingestion ingestion, AuditTrail audit) {
        this.audit = audit;
        this.ingestion = ingestion;
        this.connections = connections;
        this.catalogue = catalogue;
        this.funnel = funnel;
        this.tenants = tenants;
        this.store = store;
    }

    public StageMapping get(SignedInUser user, UUID connectionId) {
        ConnectionView connection = connections.get(user, connectionId);
        return tenants.read(user.tenantId(), () -> new StageMapping(entries(connection.plugin(), connectionId),
                store.unmappedCounts(connectionId)));
    }

    /** The mapping a run of the connection uses; inside a transaction of the tenant. */
    StageResolver resolver(UUID tenantId, String plugin, UUID connectionId) {
        return new StageResolver(entries(plugin, connectionId), funnel.active(tenantId));
    }

    private List<StageMapping.Entry> entries(String plugin, UUID connectionId) {
        Map<String, StageMapping.Entry> entries = new LinkedHashMap<>();
        catalogue.connector(plugin).map(SourceConnector::spec).ifPresent(spec -> {
            for (StageSuggestion s : spec.stageValues()) {
                entries.put(key(s.kind().name(), s.vendorValue()),
                        new StageMapping.Entry(s.kind().name(), s.vendorValue(), s.suggestedStage(), s.suggestedStage(), false));
            }
        });
        for (StageMapping.Entry saved : store.stageChoices(connectionId)) {
            StageMapping.Entry suggestion = entries.get(key(saved.kind(), saved.vendorValue()));
            entries.put(key(saved.kind(), saved.vendorValue()), new StageMapping.Entry(saved.kind(), saved.vendorValue(), saved.stage(),
                    suggestion == null ? null : suggestion.suggested(), true));
        }
        List<StageMapping.Entry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparing(StageMapping.Entry::kind).thenComparing(StageMapping.Entry::vendorValue));
        return list;
    }

    /**
     * Replaces the admin's choices with these (entries left out go back to the connector's suggestion).
     * Entries that waited for a value now mapped are written to the funnel's history at their own
     * time, in the same transaction; those of a value now "not a funnel stage" are dropped.
     */
    public StageMapping put(SignedInUser admin, UUID connectionId, StageMapping mapping) {
        if (!admin.isAdmin()) {
            throw ProblemException.forbidden("Only admins change a connection's stage mapping.");
        }
        ConnectionView connection = connections.get(admin, connectionId);
        List<StageMapping.Entry> entries = mapping == null || mapping.entries() == null ? List.of() : mapping.entries();
        if (entries.size() > MAX_ENTRIES) {
            throw ProblemException.invalid("entries: at most " + MAX_ENTRIES);
        }
        FunnelVersion active = funnel.active(admin.tenantId());
        List<StageMapping.Entry> checked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            checked.add(checked("entries[" + i + "]", entries.get(i), active));
        }
        return tenants.write(admin.tenantId(), () -> {
            StageMapping before = get(admin, connectionId);
            store.replaceStageChoices(admin.tenantId(), connectionId, checked);
            rederive(admin.tenantId(), connection.plugin(), connectionId);
            StageMapping after = get(admin, connectionId);
            audit.record(admin, "connection.stage_mapping_changed", AuditSubject.of("connection", connectionId, connection.name()),
                    meanings(before), meanings(after));
            return after;
        });
    }

    /** A mapping for the audit log: each vendor value ("LEAD lead_status Qualified") and the stage it means. */
    private static Map<String, String> meanings(StageMapping mapping) {
        Map<String, String> meanings = new java.util.TreeMap<>();
        for (StageMapping.Entry e : mapping.entries()) {
            meanings.put(e.kind() + " " + e.vendorValue(), e.stage() == null ? "(not a funnel stage)" : e.stage());
        }
        return meanings;
    }

    private void rederive(UUID tenantId, String plugin, UUID connectionId) {
        StageResolver resolver = resolver(tenantId, plugin, connectionId);
        List<RawRecord> changes = new ArrayList<>();
        for (StageMapping.Unmapped waiting : store.unmappedCounts(connectionId)) {
            StageResolver.Meaning meaning = resolver.meaning(RecordKind.valueOf(waiting.kind()), waiting.vendorValue());
            if (!meaning.known()) {
                continue;
            }
            for (ConnectionStore.UnmappedEntry e : store.takeUnmapped(connectionId, waiting.kind().toLowerCase(Locale.ROOT), waiting.vendorValue())) {
                if (meaning.stage() != null) {
                    changes.add(new RawRecord(changes.size() + 1, Map.of("record_type", e.recordType(), "record_id", e.recordId(),
                            "stage", meaning.stage(), "occurred_at", e.occurredAt().toString(),
                            "provenance", e.provenance().toLowerCase(Locale.ROOT))));
                }
            }
        }
        if (!changes.isEmpty()) {
            ingestion.write(tenantId, RecordType.STAGE_CHANGES, Connections.origin(connectionId), changes);
        }
    }

    private static StageMapping.Entry checked(String field, StageMapping.Entry entry, FunnelVersion active) {
        if (entry == null) {
            throw ProblemException.invalid(field + ": an entry, not null");
        }
        String kind = entry.kind() == null ? "" : entry.kind().strip().toUpperCase(Locale.ROOT);
        if (KINDS.stream().noneMatch(k -> k.name().equals(kind))) {
            throw ProblemException.invalid(field + ".kind: LEAD, OPPORTUNITY or ACCOUNT");
        }
        if (entry.vendorValue() == null || entry.vendorValue().isBlank()) {
            throw ProblemException.invalid(field + ".vendorValue: required");
        }
        String value = FreeText.limited(field + ".vendorValue", entry.vendorValue(), FreeText.NAME);
        String stage = entry.stage() == null || entry.stage().isBlank() ? null : entry.stage().strip().toUpperCase(Locale.ROOT);
        if (stage != null && active.stage(stage).isEmpty()) {
            throw ProblemException.invalid(field + ".stage: '" + stage + "' is not a stage of your funnel");
        }
        return new StageMapping.Entry(kind, value, stage, null, true);
    }

    private static String key(String kind, String value) {
        return kind + "\u0000" + value;
    }
}
