package io.tandem.funnel.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A made-up B2B SaaS company that paid marketing on MQL volume, as two years of records in the import
 * format. Deterministic: the same seed and end date give the same records. What it is built to show:
 * <ul>
 *   <li>volume campaigns (ebooks, paid search) produce many MQLs of low quality, referrals and the
 *       analyst report few of high quality;</li>
 *   <li>marketing's score tracks the lead's true quality, with noise;</li>
 *   <li>sales accepts, qualifies and wins high-quality leads far more often, and loses the rest with
 *       reasons;</li>
 *   <li>low-fit wins churn faster; accounts that adopt "workflows" within 30 days retain better;</li>
 *   <li>spend per campaign and team, every month.</li>
 * </ul>
 */
final class DemoCompany {

    record Campaign(String id, String name, String channel, double share, double quality, String source, double monthlySpend) {
    }

    static final List<Campaign> CAMPAIGNS = List.of(
            new Campaign("demo-ebook", "Ebook giveaway", "content", 0.30, 0.22, "marketing", 220_000),
            new Campaign("demo-search", "Paid search", "ads", 0.25, 0.35, "marketing", 340_000),
            new Campaign("demo-webinar", "Webinar series", "webinar", 0.18, 0.50, "marketing", 150_000),
            new Campaign("demo-referral", "Partner referrals", "referral", 0.08, 0.75, "marketing", 60_000),
            new Campaign("demo-analyst", "Analyst report", "pr", 0.07, 0.68, "marketing", 100_000),
            new Campaign("demo-outbound", "Outbound prospecting", "outbound", 0.12, 0.55, "sales", 75_000));

    private static final String[] LOSS_REASONS = {"no budget", "bad timing", "competitor", "bad fit", "no decision", "price"};
    private static final String[] SEGMENTS = {"smb", "mid", "ent"};
    private static final String[] FEATURES = {"workflows", "reports", "integrations"};

    private final SplittableRandom random;
    private final Instant start;
    private final Instant end;
    private final int leadCount;
    /** The sales reps' e-mails: leads and deals are theirs in turn. */
    private final List<String> owners;

    final List<Map<String, String>> campaigns = new ArrayList<>();
    final List<Map<String, String>> leads = new ArrayList<>();
    final List<Map<String, String>> opportunities = new ArrayList<>();
    final List<Map<String, String>> accounts = new ArrayList<>();
    final List<Map<String, String>> mrr = new ArrayList<>();
    final List<Map<String, String>> usage = new ArrayList<>();
    final List<Map<String, String>> spend = new ArrayList<>();
    final List<Map<String, String>> stageChanges = new ArrayList<>();

    DemoCompany(long seed, LocalDate endDate, int leadCount, List<String> owners) {
        this.owners = List.copyOf(owners);
        this.random = new SplittableRandom(seed);
        this.end = endDate.atStartOfDay(ZoneOffset.UTC).toInstant();
        this.start = endDate.minusYears(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        this.leadCount = leadCount;
        generate();
    }

    private void generate() {
        for (Campaign c : CAMPAIGNS) {
            campaigns.add(row("external_id", c.id, "name", c.name, "channel", c.channel, "started_at", start.toString()));
        }
        long span = Duration.between(start, end).toSeconds();
        for (int i = 0; i < leadCount; i++) {
            Campaign campaign = pickCampaign();
            // Growth: later months bring more leads (square root skews creation towards the end).
            Instant created = start.plusSeconds((long) (span * Math.sqrt(random.nextDouble())));
            lead(i, campaign, created);
        }
        spendRows();
    }

    private void lead(int index, Campaign campaign, Instant created) {
        String id = String.format(Locale.ROOT, "DL%05d", index);
        double quality = clamp(campaign.quality + gaussian(0.18));
        double score = clamp(quality + gaussian(0.15));
        boolean authority = random.nextDouble() < 0.25 + 0.6 * quality;
        long budget = Math.round((quality * 60000 + random.nextDouble() * 20000) / 1000) * 1000;
        int timeline = (int) Math.round(15 + (1 - quality) * 200 * random.nextDouble());
        String need = random.nextDouble() < 0.3 + 0.6 * quality ? "yes" : "";
        String segment = SEGMENTS[quality > 0.7 && random.nextDouble() < 0.5 ? 2 : quality > 0.45 ? 1 : 0];
        leads.add(row("external_id", id, "email", "lead" + index + "@prospect" + (index % 997) + ".example",
                "name", "Prospect " + index, "company", "Prospect Co " + (index % 997), "source", campaign.source,
                "campaign_id", campaign.id, "created_at", created.toString(),
                "marketing_score", String.format(Locale.ROOT, "%.3f", score), "budget", Long.toString(budget),
                "authority", Boolean.toString(authority), "need", need, "timeline_days", Integer.toString(timeline),
                "owner_email", owners.get(index % owners.size()), "segment", segment));

        Instant t = created;
        transition(id, "INQUIRY", t);
        // Marketing is paid on MQL volume: nearly everything from volume campaigns gets passed on.
        if (random.nextDouble() > 0.55 + 0.4 * Math.max(campaign.share * 2.5, quality)) {
            return;
        }
        t = later(t, 2, 400);
        if (!transition(id, "MQL", t)) {
            return;
        }
        t = later(t, 1, 70);
        if (random.nextDouble() > 0.15 + 0.8 * quality || !transition(id, "SAL", t)) {
            return;
        }
        t = later(t, 24, 400);
        if (random.nextDouble() > 0.1 + 0.8 * quality || !transition(id, "SQL", t)) {
            return;
        }
        t = later(t, 24, 300);
        if (random.nextDouble() > 0.35 + 0.55 * quality || !transition(id, "OPPORTUNITY", t)) {
            return;
        }
        opportunity(id, index, quality, segment, t);
    }

    private void opportunity(String leadId, int index, double quality, String segment, Instant opened) {
        String id = "DO" + leadId.substring(2);
        double base = switch (segment) {
            case "ent" -> 60000;
            case "mid" -> 18000;
            default -> 6000;
        };
        double amount = Math.round(base * Math.exp(gaussian(0.35)) * 100) / 100.0;
        Instant closed = later(opened, 24 * 10, 24 * 110);
        Map<String, String> deal = row("external_id", id, "lead_id", leadId, "name", "Deal " + index,
                "amount", String.format(Locale.ROOT, "%.2f", amount), "currency", "USD", "created_at", opened.toString(),
                "owner_email", owners.get(index % owners.size()));
        if (closed.isAfter(end)) {
            deal.put("status", "open");
            opportunities.add(deal);
            return;
        }
        deal.put("closed_at", closed.toString());
        if (random.nextDouble() < 0.12 + 0.6 * quality) {
            String accountId = "DA" + leadId.substring(2);
            deal.put("status", "won");
            deal.put("account_id", accountId);
            account(accountId, index, quality, segment, closed, amount);
            transition(leadId, "WON", closed);
        } else {
            deal.put("status", "lost");
            deal.put("lost_reason", LOSS_REASONS[quality < 0.4 ? random.nextInt(4) : random.nextInt(LOSS_REASONS.length)]);
            transition(leadId, "LOST", closed);
        }
        opportunities.add(deal);
    }

    private void account(String id, int index, double quality, String segment, Instant started, double dealAmount) {
        Map<String, String> account = row("external_id", id, "name", "Customer " + index, "segment", segment, "started_at", started.toString());
        double monthly = Math.round(dealAmount / 12 * 100) / 100.0;
        mrr.add(row("account_id", id, "effective_at", started.toString(), "mrr", String.format(Locale.ROOT, "%.2f", monthly), "currency", "USD"));
        boolean adoptsEarly = random.nextDouble() < 0.2 + 0.6 * quality;
        for (String feature : FEATURES) {
            boolean early = feature.equals("workflows") ? adoptsEarly : random.nextDouble() < 0.5;
            Instant firstUse = early ? later(started, 24, 24 * 28) : later(started, 24 * 35, 24 * 300);
            if (firstUse.isBefore(end) && (early || random.nextDouble() < 0.6)) {
                usage.add(row("account_id", id, "feature", feature, "first_used_at", firstUse.toString()));
            }
        }
        // Monthly churn hazard: low-fit customers leave sooner, early workflow adopters stay — strongly enough that a
        // year of customers shows it as a finding (about 80 % against 50 % retained after 12 months).
        double hazard = adoptsEarly ? 0.006 + 0.02 * (1 - quality) : 0.02 + 0.07 * (1 - quality);
        Instant month = started;
        double current = monthly;
        while (true) {
            month = month.plus(Duration.ofDays(30));
            if (!month.isBefore(end)) {
                break;
            }
            if (random.nextDouble() < hazard) {
                account.put("churned_at", month.toString());
                stageChanges.add(row("record_type", "account", "record_id", id, "stage", "CHURNED", "occurred_at", month.toString()));
                break;
            }
            double change = random.nextDouble();
            if (change < 0.04 + 0.04 * quality) {
                current = Math.round(current * (1.1 + random.nextDouble() * 0.4) * 100) / 100.0;
                mrr.add(row("account_id", id, "effective_at", month.toString(), "mrr", String.format(Locale.ROOT, "%.2f", current), "currency", "USD"));
            } else if (change > 0.985) {
                current = Math.round(current * 0.8 * 100) / 100.0;
                mrr.add(row("account_id", id, "effective_at", month.toString(), "mrr", String.format(Locale.ROOT, "%.2f", current), "currency", "USD"));
            }
        }
        stageChanges.add(row("record_type", "account", "record_id", id, "stage", "ACTIVE", "occurred_at", started.toString()));
        accounts.add(account);
    }

    private void spendRows() {
        for (Campaign c : CAMPAIGNS) {
            LocalDate month = LocalDate.ofInstant(start, ZoneOffset.UTC).withDayOfMonth(1);
            LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
            int m = 0;
            while (month.isBefore(last)) {
                LocalDate next = month.plusMonths(1);
                double growth = 0.6 + 0.8 * m / 24.0;
                double marketing = c.monthlySpend * growth * (0.85 + 0.3 * random.nextDouble());
                double sales = c.monthlySpend * 0.35 * (c.source.equals("sales") ? 3 : 1) * (0.9 + 0.2 * random.nextDouble());
                addSpend(c.id, "marketing", month, next, c.source.equals("sales") ? marketing * 0.2 : marketing);
                addSpend(c.id, "sales", month, next, sales);
                month = next;
                m++;
            }
        }
    }

    private void addSpend(String campaign, String team, LocalDate from, LocalDate to, double amount) {
        spend.add(row("campaign_id", campaign, "team", team, "period_start", from.atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                "period_end", to.atStartOfDay(ZoneOffset.UTC).toInstant().toString(), "amount", String.format(Locale.ROOT, "%.2f", amount),
                "currency", "USD"));
    }

    /** Records a lead's entry into a stage unless it would lie in the future. */
    private boolean transition(String leadId, String stage, Instant at) {
        if (at.isAfter(end)) {
            return false;
        }
        stageChanges.add(row("record_type", "lead", "record_id", leadId, "stage", stage, "occurred_at", at.toString()));
        return true;
    }

    private Campaign pickCampaign() {
        double r = random.nextDouble();
        double sum = 0;
        for (Campaign c : CAMPAIGNS) {
            sum += c.share;
            if (r < sum) {
                return c;
            }
        }
        return CAMPAIGNS.get(CAMPAIGNS.size() - 1);
    }

    private Instant later(Instant from, int minHours, int maxHours) {
        return from.plusSeconds((long) ((minHours + random.nextDouble() * (maxHours - minHours)) * 3600));
    }

    private double gaussian(double sd) {
        // Box-Muller from the seeded source, so results do not depend on the JDK's Random internals.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double clamp(double x) {
        return Math.max(0.01, Math.min(0.99, x));
    }

    private static Map<String, String> row(String... keysAndValues) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
