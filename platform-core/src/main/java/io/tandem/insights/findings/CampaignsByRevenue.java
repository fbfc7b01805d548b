package io.tandem.insights.findings;

import io.tandem.metrics.CampaignOutcome;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.metrics.Money;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Campaigns ranked by downstream revenue and NRR rather than by lead count. The figures are the metrics' own
 * ({@link Metrics#campaignOutcomes}: the campaign's leads of the last 12 months, what they became whenever it
 * happened, and the 12-month NRR of the customers the campaign won). Each campaign with at least
 * {@link #MIN_LEADS} leads (and as many from the other campaigns) is tested: is the share of its leads that
 * became customers different from the other campaigns' — a two-proportion z-test, Benjamini–Hochberg across the
 * campaigns tested. The ranking itself is descriptive; the test says which differences are more than noise.
 */
@Singleton
class CampaignsByRevenue {

    static final String KIND = "CAMPAIGN_REVENUE";
    static final int MIN_LEADS = 20;

    /** The ranking and the tested candidates. */
    record Result(List<RankedCampaign> ranking, List<Finding> findings) {
    }

    private final Metrics metrics;

    CampaignsByRevenue(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Reads through the metrics service (its own transaction): call outside another tenant transaction. */
    Result rank(UUID tenantId, Instant now) {
        MetricsPeriod lastYear = new MetricsPeriod(now.atOffset(ZoneOffset.UTC).minusMonths(12).toInstant(), now);
        List<CampaignOutcome> outcomes = metrics.campaignOutcomes(tenantId, lastYear);
        List<RankedCampaign> ranking = ranking(outcomes);
        List<CampaignOutcome.Lead> cohort = metrics.campaignCohort(tenantId, lastYear);
        long allLeads = outcomes.stream().mapToLong(CampaignOutcome::leads).sum();
        long allConverted = outcomes.stream().mapToLong(CampaignOutcome::convertedLeads).sum();
        List<Finding> findings = new ArrayList<>();
        TestedTogether<RankedCampaign> tested = new TestedTogether<>("campaigns");
        for (RankedCampaign campaign : ranking) {
            long rest = allLeads - campaign.leads();
            if (campaign.leads() == 0) {
                continue;
            }
            if (campaign.leads() < MIN_LEADS || rest < MIN_LEADS) {
                findings.add(new Finding(KIND, campaign.name(), false, "\"" + campaign.name() + "\": " + campaign.convertedLeads() + " of "
                        + campaign.leads() + " leads became customers.", "too few leads to tell: " + campaign.leads() + " from the campaign and "
                        + rest + " from the others (at least " + MIN_LEADS + " in each)", groups(campaign, allLeads, allConverted), null, null,
                        null, 0, List.of(), 0, null));
                continue;
            }
            tested.add(campaign, Statistics.twoProportionP(campaign.convertedLeads(), campaign.leads(), allConverted - campaign.convertedLeads(), rest));
        }
        for (TestedTogether.Outcome<RankedCampaign> t : tested.outcomes()) {
            RankedCampaign campaign = t.candidate();
            List<Finding.Group> groups = groups(campaign, allLeads, allConverted);
            Double ratio = groups.get(1).rate() == 0 ? null : groups.get(0).rate() / groups.get(1).rate();
            findings.add(new Finding(KIND, campaign.name(), t.whyNot() == null, statement(campaign, groups, t.adjusted(), t.tests(), ranking.size()),
                    t.whyNot(), groups, ratio, t.p(), t.adjusted(), t.tests(), records(campaign, cohort), campaign.leads(), null));
        }
        return new Result(ranking, findings);
    }

    /** By revenue (unknown last), then NRR, then leads; each with its rank by lead count beside. */
    private static List<RankedCampaign> ranking(List<CampaignOutcome> outcomes) {
        List<CampaignOutcome> byLeads = new ArrayList<>(outcomes);
        byLeads.sort(Comparator.comparingLong(CampaignOutcome::leads).reversed().thenComparing(CampaignOutcome::name));
        List<CampaignOutcome> byRevenue = new ArrayList<>(outcomes);
        byRevenue.sort(Comparator.comparing((CampaignOutcome o) -> amount(o.revenue()), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(o -> o.nrr() == null ? Double.NEGATIVE_INFINITY : o.nrr(), Comparator.reverseOrder())
                .thenComparing(CampaignOutcome::leads, Comparator.reverseOrder())
                .thenComparing(CampaignOutcome::name));
        List<RankedCampaign> ranking = new ArrayList<>();
        for (int i = 0; i < byRevenue.size(); i++) {
            CampaignOutcome o = byRevenue.get(i);
            ranking.add(new RankedCampaign(o.campaign(), o.name(), i + 1, byLeads.indexOf(o) + 1, o.leads(), o.convertedLeads(), o.customers(),
                    o.revenue(), o.nrr(), o.nrrAccounts(), o.note()));
        }
        return ranking;
    }

    /** The campaign's leads, those that became customers first, up to the cap. */
    private static List<Finding.RecordLink> records(RankedCampaign campaign, List<CampaignOutcome.Lead> cohort) {
        return cohort.stream().filter(l -> l.campaign().equals(campaign.campaign())).limit(Finding.MAX_RECORDS)
                .map(l -> new Finding.RecordLink("lead", l.id(), l.converted() ? "became customers" : "did not")).toList();
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.value();
    }

    /** The campaign's leads and the other campaigns' leads; outcomes: became customers; value: the revenue they brought. */
    private static List<Finding.Group> groups(RankedCampaign campaign, long allLeads, long allConverted) {
        long rest = allLeads - campaign.leads();
        long restConverted = allConverted - campaign.convertedLeads();
        return List.of(
                new Finding.Group(campaign.name(), campaign.leads(), campaign.convertedLeads(),
                        campaign.leads() == 0 ? 0 : (double) campaign.convertedLeads() / campaign.leads(),
                        campaign.revenue() == null ? null : campaign.revenue().value().doubleValue()),
                new Finding.Group("other campaigns", rest, restConverted, rest == 0 ? 0 : (double) restConverted / rest, null));
    }

    private static String statement(RankedCampaign campaign, List<Finding.Group> groups, double adjusted, int tests, int campaigns) {
        String revenue = campaign.revenue() == null ? "revenue unknown" : campaign.revenue().amount() + " " + campaign.revenue().currency();
        return "\"" + campaign.name() + "\" turned " + FindingWords.percent(groups.get(0).rate()) + " of its leads into customers against "
                + FindingWords.percent(groups.get(1).rate()) + " for the other campaigns (n = " + groups.get(0).size() + " vs " + groups.get(1).size()
                + " leads of the last 12 months; adjusted p " + FindingWords.pQuoted(adjusted) + " across " + tests + " campaigns): "
                + ordinal(campaign.revenueRank()) + " of " + campaigns + " by revenue (" + revenue + "), " + ordinal(campaign.leadRank()) + " by leads"
                + (campaign.nrr() == null ? "" : "; its customers' NRR " + FindingWords.percent(campaign.nrr()) + " (" + campaign.nrrAccounts()
                + (campaign.nrrAccounts() == 1 ? " account)" : " accounts)")) + ".";
    }

    private static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
