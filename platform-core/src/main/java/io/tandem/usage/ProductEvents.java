package io.tandem.usage;

import io.micronaut.serde.annotation.Serdeable;
import io.tandem.funnel.ingest.IngestResult;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.funnel.ingest.RawRecord;
import io.tandem.funnel.ingest.RecordProblem;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a tenant's product events into feature first uses per account. A track call's account is
 * its {@code context.groupId}, else the group of the user's latest group call; its feature is the
 * event's name, or the property the tenant's settings name. A user's events before any group call
 * wait with the user and move to the group it joins. A group's first uses go into the funnel
 * ({@code usage} records, through ingestion) under the tenant's account ids; a group Tandem has no
 * account for waits until one arrives (retried with later events and when the settings change).
 * A message id seen in the last {@value #DEDUPLICATION_DAYS} days is a client's retry: taken once.
 */
@Singleton
public class ProductEvents {

    static final int DEDUPLICATION_DAYS = 7;
    /** How long a group without an account waits before it is tried again (its account may have been imported). */
    private static final Duration RETRY_WAITING = Duration.ofMinutes(10);
    private static final int APPLY_AT_ONCE = 2_000;

    /** What became of a request's messages: taken, repeats of messages taken before, and those refused (by position, with why). */
    @Serdeable
    public record Received(boolean success, int accepted, int duplicates, List<Refused> rejected) {
    }

    /** A message of a batch that was refused; {@code index} counts from 0, as in the batch array. */
    @Serdeable
    public record Refused(int index, String reason) {
    }

    private final ProductEventStore store;
    private final TenantTransactions tenants;
    private final Ingestion ingestion;
    private final Clock clock;

    public ProductEvents(ProductEventStore store, TenantTransactions tenants, Ingestion ingestion, Clock clock) {
        this.store = store;
        this.tenants = tenants;
        this.ingestion = ingestion;
        this.clock = clock;
    }

    public Received receive(UUID tenantId, List<SegmentMessage> messages, List<Refused> refused) {
        Instant now = clock.instant();
        Set<String> groupsTouched = new HashSet<>();
        int[] duplicates = {0};
        EventSettings settings = tenants.write(tenantId, () -> {
            EventSettings current = store.settings(tenantId);
            Set<String> fresh = store.firstReceived(tenantId, messages.stream().map(SegmentMessage::messageId).filter(id -> id != null).toList(), now);
            Set<String> seenInThisRequest = new HashSet<>();
            List<SegmentMessage> taken = new ArrayList<>();
            for (SegmentMessage m : messages) {
                if (m.messageId() != null && (!fresh.contains(m.messageId()) || !seenInThisRequest.add(m.messageId()))) {
                    duplicates[0]++;
                } else {
                    taken.add(m);
                }
            }
            record(tenantId, taken, current, groupsTouched);
            store.forgetMessagesBefore(tenantId, now.minus(Duration.ofDays(DEDUPLICATION_DAYS)));
            return current;
        });
        apply(tenantId, settings, groupsTouched, now);
        return new Received(true, messages.size() - duplicates[0], duplicates[0], refused);
    }

    public EventSettings settings(UUID tenantId) {
        return tenants.read(tenantId, () -> store.settings(tenantId));
    }

    public EventStatus status(UUID tenantId) {
        return tenants.read(tenantId, () -> store.status(tenantId));
    }

    /** Admins only. Every first use is applied again under the new settings (a group id may name other accounts now). */
    public EventSettings change(SignedInUser admin, EventSettings change) {
        if (!admin.isAdmin()) {
            throw ProblemException.forbidden("Only admins change how product events are read.");
        }
        EventSettings current = settings(admin.tenantId());
        String origin = change.accountOrigin() == null ? current.accountOrigin() : Ingestion.checkOrigin(change.accountOrigin().strip());
        String property = change.featureProperty() == null ? current.featureProperty()
                : change.featureProperty().isBlank() ? null : change.featureProperty().strip();
        if (property != null && (property.length() > 200 || property.indexOf('\u0000') >= 0)) {
            throw ProblemException.invalid("featureProperty: a property name of at most 200 characters");
        }
        EventSettings next = new EventSettings(origin, property);
        tenants.run(admin.tenantId(), () -> {
            store.saveSettings(admin.tenantId(), next);
            store.reapplyAll(admin.tenantId());
        });
        apply(admin.tenantId(), next, Set.of(), clock.instant());
        return next;
    }

    private void record(UUID tenantId, List<SegmentMessage> messages, EventSettings settings, Set<String> groupsTouched) {
        // Group calls first, in time order: a track in the same batch already belongs to the group its user joined.
        messages.stream().filter(m -> m.type().equals("group")).sorted((a, b) -> a.at().compareTo(b.at())).forEach(m -> {
            store.join(tenantId, new ProductEventStore.Membership(m.userKey(), m.groupId(), m.at()));
            store.moveUserUsesToGroup(tenantId, m.userKey(), m.groupId());
            groupsTouched.add(m.groupId());
        });
        List<SegmentMessage> tracks = messages.stream().filter(m -> m.type().equals("track")).toList();
        Map<String, String> groups = store.groupsOf(tenantId, tracks.stream().filter(m -> m.groupId() == null).map(SegmentMessage::userKey)
                .collect(Collectors.toSet()));
        List<ProductEventStore.FirstUse> uses = new ArrayList<>();
        for (SegmentMessage m : tracks) {
            String feature = settings.featureProperty() == null ? m.event() : m.properties().get(settings.featureProperty());
            if (feature == null || feature.isBlank()) {
                continue; // the rule names a property this event does not have: no feature was used
            }
            String group = m.groupId() != null ? m.groupId() : groups.get(m.userKey());
            uses.add(group != null ? new ProductEventStore.FirstUse("group", group, feature, m.at())
                    : new ProductEventStore.FirstUse("user", m.userKey(), feature, m.at()));
            if (group != null) {
                groupsTouched.add(group);
            }
        }
        store.recordFirstUses(tenantId, uses);
    }

    /** Puts waiting group first uses into the funnel; those whose account is unknown wait for a later try. */
    private void apply(UUID tenantId, EventSettings settings, Set<String> groups, Instant now) {
        List<ProductEventStore.FirstUse> waiting = tenants.read(tenantId, () -> store.waiting(tenantId, groups, now.minus(RETRY_WAITING), APPLY_AT_ONCE));
        if (waiting.isEmpty()) {
            return;
        }
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < waiting.size(); i++) {
            ProductEventStore.FirstUse use = waiting.get(i);
            records.add(new RawRecord(i + 1, Map.of("account_id", use.subjectId(), "feature", use.feature(), "first_used_at", use.at().toString())));
        }
        IngestResult result = ingestion.ingest(tenantId, RecordType.USAGE, settings.accountOrigin(), records);
        Set<Long> refused = new LinkedHashSet<>();
        for (RecordProblem problem : result.errors()) {
            refused.add(problem.line());
        }
        List<ProductEventStore.FirstUse> applied = new ArrayList<>();
        List<ProductEventStore.FirstUse> stillWaiting = new ArrayList<>();
        for (int i = 0; i < waiting.size(); i++) {
            (refused.contains((long) i + 1) ? stillWaiting : applied).add(waiting.get(i));
        }
        tenants.run(tenantId, () -> store.markTried(tenantId, applied, stillWaiting, now));
    }
}
