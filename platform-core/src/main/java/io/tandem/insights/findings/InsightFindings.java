package io.tandem.insights.findings;

import io.tandem.platform.ProblemException;
import io.tandem.platform.jobs.RecurringJob;
import io.tandem.platform.jobs.TenantsWithWork;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The findings from a tenant's data: computed on demand and, for every tenant with accounts, again once a day
 * (an hourly pass picks the tenants whose report is a day old); reading answers the last report (computing
 * one first if there is none). Everyone in the tenant reads them.
 */
@Singleton
public class InsightFindings implements RecurringJob {

    private final FeatureRetention featureRetention;
    private final TimeToValue timeToValue;
    private final LossReasonTrends lossReasons;
    private final RejectionsByCampaign rejections;
    private final CampaignsByRevenue campaignRevenue;
    private final FindingsStore store;
    private final TenantTransactions transactions;
    private final TenantsWithWork tenants;
    private final Clock clock;

    InsightFindings(FeatureRetention featureRetention, TimeToValue timeToValue, LossReasonTrends lossReasons,
                    RejectionsByCampaign rejections, CampaignsByRevenue campaignRevenue, FindingsStore store, TenantTransactions transactions, TenantsWithWork tenants,
                    Clock clock) {
        this.featureRetention = featureRetention;
        this.timeToValue = timeToValue;
        this.lossReasons = lossReasons;
        this.rejections = rejections;
        this.campaignRevenue = campaignRevenue;
        this.store = store;
        this.transactions = transactions;
        this.tenants = tenants;
        this.clock = clock;
    }

    public FindingsReport report(SignedInUser user) {
        return transactions.read(user.tenantId(), store::last).orElseGet(() -> compute(user.tenantId()));
    }

    public FindingsReport refresh(SignedInUser user) {
        return compute(user.tenantId());
    }

    public FindingSettings settings(SignedInUser user) {
        return transactions.read(user.tenantId(), store::settings);
    }

    /** An admin chooses the value feature (blank: any feature); the findings are computed again with it. */
    public FindingSettings changeSettings(SignedInUser user, FindingSettings wanted) {
        if (!user.isAdmin()) {
            throw ProblemException.forbidden("Only admins change how the findings are computed.");
        }
        String feature = wanted == null || wanted.valueFeature() == null || wanted.valueFeature().isBlank() ? null : wanted.valueFeature().strip();
        if (feature != null && feature.length() > 200) {
            throw ProblemException.invalid("The value feature's name is at most 200 characters.");
        }
        FindingSettings settings = new FindingSettings(feature);
        transactions.run(user.tenantId(), () -> store.saveSettings(user.tenantId(), settings));
        compute(user.tenantId());
        return settings;
    }

    FindingsReport compute(UUID tenantId) {
        Instant now = clock.instant();
        // Read through the metrics service, in its own transaction, before this one.
        CampaignsByRevenue.Result campaigns = campaignRevenue.rank(tenantId, now);
        return transactions.write(tenantId, () -> {
            List<Finding> all = new ArrayList<>(featureRetention.findings(now));
            all.addAll(timeToValue.findings(now, store.settings().valueFeature()));
            all.addAll(lossReasons.findings(now));
            all.addAll(rejections.findings(now));
            all.addAll(campaigns.findings());
            // The strongest first: smallest adjusted p, then the largest groups.
            all.sort(Comparator.comparing((Finding f) -> f.adjustedP() == null ? 2.0 : f.adjustedP())
                    .thenComparing(f -> -f.recordsTotal()));
            FindingsReport report = new FindingsReport(now, all.stream().filter(Finding::reported).toList(),
                    all.stream().filter(f -> !f.reported()).toList(), campaigns.ranking());
            store.save(tenantId, report);
            return report;
        });
    }

    @Override
    public String name() {
        return "insight-findings";
    }

    @Override
    public Duration interval() {
        return Duration.ofHours(1);
    }

    @Override
    public void run() {
        tenants.forEachTenant(name(), "tenants_with_stale_findings", clock.instant(), tenantId -> {
            compute(tenantId);
            return 1;
        });
    }
}
