package io.tandem.insights;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.funnel.RecordBrowser;
import io.tandem.insights.findings.InsightFindings;
import io.tandem.metrics.CampaignRow;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.MetricSettings;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.metrics.Money;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Sales' insights for marketing. Sales members (and admins) log them on the deals, accounts and leads they are
 * about; the author or an admin changes or removes one; marketing members (and admins) mark where they used one
 * — a campaign, an asset — and everyone, viewers included, reads the feed. The loop is measured: insights
 * logged, used, and the pipeline and revenue of the campaigns that used them.
 */
@Singleton
public class Insights {

    static final int MAX_TAGS = 20;
    static final int MAX_RECORDS = 50;
    static final int MAX_PAGE = 200;

    private final InsightStore store;
    private final TenantTransactions transactions;
    private final RecordBrowser records;
    private final Metrics metrics;
    private final MetricSettings metricSettings;
    private final InsightFindings findings;
    private final Clock clock;

    Insights(InsightStore store, TenantTransactions transactions, RecordBrowser records, Metrics metrics, MetricSettings metricSettings,
             InsightFindings findings, Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.records = records;
        this.metrics = metrics;
        this.metricSettings = metricSettings;
        this.findings = findings;
        this.clock = clock;
    }

    /** A campaign brief drafted from an insight, for marketing to edit. */
    @Serdeable
    public record Brief(UUID insightId, String text) {
    }

    /**
     * Turns an insight into a short brief: the angle, the facts (records, segment, metric), the numbers from the
     * findings about its tags (a finding on "workflows" for an insight tagged workflows), and sales' words as the quote.
     */
    public Brief brief(SignedInUser user, UUID id) {
        Insight insight = get(user, id);
        List<String> numbers = findings.report(user).findings().stream()
                .filter(f -> insight.tags().contains(f.subject().toLowerCase(Locale.ROOT))).map(f -> f.statement()).toList();
        return new Brief(id, InsightBrief.draft(insight, numbers));
    }

    /** The feed's filters; {@code campaign} ranks the insights that fit that campaign first. */
    public record Feed(@Nullable InsightKind kind, @Nullable String tag, @Nullable String segment, @Nullable UUID campaign,
                       @Nullable String search, int page, int size) {
    }

    public Insight log(SignedInUser user, InsightDraft draft) {
        requireSales(user, "log insights");
        Checked checked = check(user, draft, null);
        UUID id = UUID.randomUUID();
        return transactions.write(user.tenantId(), () -> {
            store.insert(id, checked.kind, checked.text, checked.tags, checked.metric, user.tenantId(), user.userId(), clock.instant());
            store.link(user.tenantId(), id, checked.records);
            return assembled(List.of(store.find(id).orElseThrow())).get(0);
        });
    }

    /** Changes what is given (a missing field stays); the records, when given, replace the old ones. */
    public Insight change(SignedInUser user, UUID id, InsightDraft draft) {
        return transactions.write(user.tenantId(), () -> {
            InsightStore.Row current = mayEdit(user, id);
            Checked checked = check(user, draft, current);
            store.update(id, checked.kind, checked.text, checked.tags, checked.metric, clock.instant());
            if (draft.records() != null) {
                store.link(user.tenantId(), id, checked.records);
            }
            return assembled(List.of(store.find(id).orElseThrow())).get(0);
        });
    }

    public void remove(SignedInUser user, UUID id) {
        transactions.run(user.tenantId(), () -> {
            mayEdit(user, id);
            store.delete(id);
        });
    }

    public Insight get(SignedInUser user, UUID id) {
        return transactions.read(user.tenantId(), () -> assembled(List.of(found(id))).get(0));
    }

    public List<Insight> feed(SignedInUser user, Feed feed) {
        int size = Math.max(1, Math.min(feed.size(), MAX_PAGE));
        String tag = feed.tag() == null || feed.tag().isBlank() ? null : feed.tag().strip().toLowerCase(Locale.ROOT);
        String segment = feed.segment() == null || feed.segment().isBlank() ? null : feed.segment().strip();
        String search = feed.search() == null || feed.search().isBlank() ? null : feed.search().strip();
        return transactions.read(user.tenantId(), () -> assembled(store.feed(new InsightStore.FeedQuery(feed.kind(), tag, segment,
                feed.campaign(), search, size, (long) Math.max(0, feed.page()) * size))));
    }

    /** Marketing used the insight in a campaign and/or an asset. */
    public Insight markUsed(SignedInUser user, UUID id, InsightDraft.UseMark mark) {
        requireMarketing(user);
        if (mark == null || (mark.campaignId() == null && (mark.asset() == null || mark.asset().isBlank()))) {
            throw ProblemException.invalid("Say where the insight was used: a campaignId, an asset, or both.");
        }
        String asset = mark.asset() == null || mark.asset().isBlank() ? null : mark.asset().strip();
        if (asset != null && asset.length() > 300) {
            throw ProblemException.invalid("An asset's name is at most 300 characters.");
        }
        return transactions.write(user.tenantId(), () -> {
            found(id);
            if (mark.campaignId() != null && !store.campaignExists(mark.campaignId())) {
                throw ProblemException.invalid("No campaign with id " + mark.campaignId() + ".");
            }
            store.addUse(user.tenantId(), UUID.randomUUID(), id, mark.campaignId(), asset, user.userId(), clock.instant());
            return assembled(List.of(found(id))).get(0);
        });
    }

    public void unmarkUse(SignedInUser user, UUID id, UUID useId) {
        requireMarketing(user);
        transactions.run(user.tenantId(), () -> {
            found(id);
            if (!store.removeUse(id, useId)) {
                throw ProblemException.notFound("No use " + useId + " of this insight.");
            }
        });
    }

    /**
     * The loop in a period: insights logged and used in it, the campaigns that had used one by its end, and
     * those campaigns' sourced pipeline and revenue in the period (the metrics' campaign figures).
     */
    @Serdeable
    public record Loop(Instant from, Instant to, long logged, long used, List<String> campaignsUsing, @Nullable Money pipeline,
                       @Nullable Money revenue, @Nullable String note) {
    }

    /**
     * The figures are 0 in the reporting currency while no campaign has used an insight; null, with the metrics'
     * note, when a campaign using one has an amount without an exchange rate (never a partial sum).
     */
    public Loop loop(SignedInUser user, MetricsPeriod period) {
        InsightStore.LoopCounts counts = transactions.read(user.tenantId(), () -> store.loop(period.from(), period.to()));
        Set<String> using = new LinkedHashSet<>(counts.campaigns());
        BigDecimal pipeline = BigDecimal.ZERO;
        BigDecimal revenue = BigDecimal.ZERO;
        String note = null;
        for (CampaignRow row : metrics.byCampaign(user.tenantId(), period, MetricFilters.NONE)) {
            if (!using.contains(row.campaign())) {
                continue;
            }
            if (row.sourcedPipeline() == null || row.sourcedRevenue() == null) {
                note = row.note();
                continue;
            }
            pipeline = pipeline.add(row.sourcedPipeline().value());
            revenue = revenue.add(row.sourcedRevenue().value());
        }
        String currency = metricSettings.get(user.tenantId()).reportingCurrency();
        Money pipelineMoney = note != null ? null : new Money(pipeline.setScale(2, RoundingMode.HALF_EVEN).toPlainString(), currency);
        Money revenueMoney = note != null ? null : new Money(revenue.setScale(2, RoundingMode.HALF_EVEN).toPlainString(), currency);
        return new Loop(period.from(), period.to(), counts.logged(), counts.used(), List.copyOf(using), pipelineMoney, revenueMoney, note);
    }

    private record Checked(InsightKind kind, String text, List<String> tags, @Nullable String metric, Map<UUID, String> records) {
    }

    /** The draft checked, completed from the current insight where a field is missing (a change). */
    private Checked check(SignedInUser user, InsightDraft draft, @Nullable InsightStore.Row current) {
        if (draft == null) {
            throw ProblemException.invalid("An insight is required: kind, text, tags, records, metric.");
        }
        InsightKind kind = draft.kind() != null ? draft.kind() : current != null ? current.kind() : null;
        if (kind == null) {
            throw ProblemException.invalid("The kind is required: WIN_STORY, OBJECTION, LOSS_REASON, CUSTOMER_OUTCOME or COMPETITOR.");
        }
        String text = draft.text() != null ? draft.text().strip() : current != null ? current.text() : "";
        if (text.isEmpty() || text.length() > 5000) {
            throw ProblemException.invalid("The text is required, at most 5,000 characters.");
        }
        List<String> tags = draft.tags() != null ? tags(draft.tags()) : current != null ? current.tags() : List.of();
        // An empty metric clears it on a change.
        String metric = draft.metric() != null ? (draft.metric().isBlank() ? null : draft.metric().strip())
                : current != null ? current.metric() : null;
        if (metric != null && metric.length() > 200) {
            throw ProblemException.invalid("The metric is at most 200 characters (\"time-to-value fell 27 %\").");
        }
        Map<UUID, String> linked = draft.records() == null ? Map.of() : linkedRecords(user, draft.records());
        return new Checked(kind, text, tags, metric, linked);
    }

    private static List<String> tags(List<String> given) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : given) {
            String clean = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
            if (clean.isEmpty() || clean.length() > 40) {
                throw ProblemException.invalid("Each tag is 1 to 40 characters: \"" + tag + "\".");
            }
            tags.add(clean);
        }
        if (tags.size() > MAX_TAGS) {
            throw ProblemException.invalid("At most " + MAX_TAGS + " tags.");
        }
        return List.copyOf(tags);
    }

    /** The records by id → record type; each must exist in the tenant (another tenant's id does not). */
    private Map<UUID, String> linkedRecords(SignedInUser user, List<InsightDraft.RecordRef> refs) {
        if (refs.size() > MAX_RECORDS) {
            throw ProblemException.invalid("At most " + MAX_RECORDS + " records per insight.");
        }
        Map<RecordBrowser.Kind, Set<UUID>> byKind = new LinkedHashMap<>();
        for (InsightDraft.RecordRef ref : refs) {
            if (ref == null || ref.type() == null || ref.id() == null) {
                throw ProblemException.invalid("Each record needs a type (lead, opportunity or deal, account) and an id.");
            }
            String type = ref.type().strip().toLowerCase(Locale.ROOT);
            type = type.equals("deal") ? "opportunity" : type;
            if (!Set.of("lead", "opportunity", "account").contains(type)) {
                throw ProblemException.invalid("An insight is about a lead, an opportunity (deal) or an account, not a " + ref.type() + ".");
            }
            RecordBrowser.Kind kind = RecordBrowser.Kind.ofRecordType(type);
            byKind.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(ref.id());
        }
        Map<UUID, String> linked = new LinkedHashMap<>();
        for (Map.Entry<RecordBrowser.Kind, Set<UUID>> kind : byKind.entrySet()) {
            Set<UUID> found = new LinkedHashSet<>();
            records.rows(user.tenantId(), kind.getKey(), kind.getValue()).forEach(row -> found.add(row.id()));
            for (UUID id : kind.getValue()) {
                if (!found.contains(id)) {
                    throw ProblemException.invalid("No " + kind.getKey().recordType() + " with id " + id + ".");
                }
                linked.put(id, kind.getKey().recordType());
            }
        }
        return linked;
    }

    private InsightStore.Row found(UUID id) {
        return store.find(id).orElseThrow(() -> ProblemException.notFound("No insight with id " + id + "."));
    }

    private InsightStore.Row mayEdit(SignedInUser user, UUID id) {
        if (!user.mayChangeData()) {
            throw ProblemException.forbidden("Viewers read insights; only their author or an admin changes them.");
        }
        InsightStore.Row current = found(id);
        if (!current.author().id().equals(user.userId()) && !user.isAdmin()) {
            throw ProblemException.forbidden("Only the insight's author or an admin can change or remove it.");
        }
        return current;
    }

    private List<Insight> assembled(List<InsightStore.Row> rows) {
        List<UUID> ids = rows.stream().map(InsightStore.Row::id).toList();
        Map<UUID, List<Insight.LinkedRecord>> linked = ids.isEmpty() ? Map.of() : store.records(ids);
        Map<UUID, List<Insight.Use>> uses = ids.isEmpty() ? Map.of() : store.uses(ids);
        List<Insight> insights = new ArrayList<>();
        for (InsightStore.Row row : rows) {
            insights.add(new Insight(row.id(), row.kind(), row.text(), row.tags(), row.metric(), row.author(),
                    linked.getOrDefault(row.id(), List.of()), uses.getOrDefault(row.id(), List.of()), row.createdAt(), row.updatedAt(),
                    row.relevance()));
        }
        return insights;
    }

    private static void requireSales(SignedInUser user, String what) {
        if (!user.isAdmin() && !(user.team() == Team.SALES && user.mayChangeData())) {
            throw ProblemException.forbidden("Only sales members and admins can " + what + ".");
        }
    }

    private static void requireMarketing(SignedInUser user) {
        if (!user.isAdmin() && !(user.team() == Team.MARKETING && user.mayChangeData())) {
            throw ProblemException.forbidden("Only marketing members and admins can mark where an insight was used.");
        }
    }
}
