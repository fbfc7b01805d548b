package io.tandem.demo;

import io.tandem.funnel.RecordBrowser;
import io.tandem.insights.Insight;
import io.tandem.insights.InsightDraft;
import io.tandem.insights.InsightKind;
import io.tandem.insights.Insights;
import io.tandem.insights.findings.FindingsReport;
import io.tandem.insights.findings.InsightFindings;
import io.tandem.tenancy.SignedInUser;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What the demo's sales team learnt while closing, logged as insights on the records the data itself points at
 * (the findings name them): early workflows adopters' stories, the referral deals, the price objection and the
 * competitor; and marketing's uses of two of them, so the loop has numbers. Loading again adds nothing twice
 * (an insight whose text the tenant already has is skipped).
 */
@Singleton
class DemoInsights {

    /** One insight of the story: who logs it, what it says, which records it is about, and where marketing used it. */
    private record Told(String author, InsightKind kind, String text, List<String> tags, String metric, About about, String usedIn,
                        String asset) {
    }

    /**
     * The records an insight is about: {@code count} of those behind the finding (reported or only tested) of that
     * kind and subject, in that group (null: any); when the finding has none (a small demo has too few accounts to
     * test), the first records of {@code otherwise} whose details mention {@code detail} (null: any).
     */
    private record About(String finding, String subject, String group, int skip, int count, RecordBrowser.Kind otherwise, String detail) {
    }

    private static final List<Told> STORY = List.of(
            new Told("sasha.sales", InsightKind.WIN_STORY, "Chose us over spreadsheets and e-mail: approval workflows were live in the first "
                    + "week, and their ops lead now signs off in the tool instead of chasing threads.", List.of("workflows", "onboarding"),
                    "live in 6 days", new About("FEATURE_RETENTION", "workflows", "adopters", 0, 1, RecordBrowser.Kind.ACCOUNTS, "active"), "demo-webinar", "Workflows webinar deck"),
            new Told("alex.sales", InsightKind.CUSTOMER_OUTCOME, "Month-end reporting went from three days to an afternoon once workflows "
                    + "routed the approvals; they expanded to two more teams a quarter later.", List.of("workflows", "reporting", "expansion"),
                    "month-end close 3 days → 4 hours", new About("FEATURE_RETENTION", "workflows", "adopters", 1, 1, RecordBrowser.Kind.ACCOUNTS, "active"), null, null),
            new Told("sam.sales", InsightKind.WIN_STORY, "Referred by a customer who had shown them our dashboard; the partner's word cut "
                    + "discovery short and the deal closed in three weeks.", List.of("partner referrals", "referral"),
                    "closed in 21 days", new About("CAMPAIGN_REVENUE", "Partner referrals", "became customers", 0, 2, RecordBrowser.Kind.OPPORTUNITIES, "won"), "demo-referral",
                    "Referral case study"),
            new Told("kim.sales", InsightKind.OBJECTION, "Price comes up in every late-stage call: buyers put our per-seat price next to the "
                    + "incumbent's bundle. Showing the hours saved per approval answers it.", List.of("price", "pricing"), null,
                    new About("LOSS_REASON_TREND", "price", null, 0, 2, RecordBrowser.Kind.OPPORTUNITIES, "lost · price"), null, null),
            new Told("sasha.sales", InsightKind.COMPETITOR, "Two prospects mentioned the incumbent's new workflow add-on; what won them back "
                    + "was our audit trail on every approval.", List.of("competitor", "workflows"), null,
                    new About("LOSS_REASON_TREND", "competitor", null, 0, 1, RecordBrowser.Kind.OPPORTUNITIES, "lost · competitor"), null, null),
            new Told("alex.sales", InsightKind.LOSS_REASON, "Ebook leads are students and consultants more often than buyers: no need, no "
                    + "budget. Worth gating the download with a company field.", List.of("ebook giveaway", "lead quality"), null,
                    new About("CAMPAIGN_REJECTIONS", "Ebook giveaway", null, 0, 3, RecordBrowser.Kind.LEADS, null), null, null));

    private final Insights insights;
    private final InsightFindings findings;
    private final RecordBrowser records;

    DemoInsights(Insights insights, InsightFindings findings, RecordBrowser records) {
        this.insights = insights;
        this.findings = findings;
        this.records = records;
    }

    /** Logs the story's insights (as their authors) and marketing's uses (as {@code marketingLead}); returns how many were logged. */
    int tell(SignedInUser admin, Function<String, SignedInUser> member, SignedInUser marketingLead) {
        FindingsReport report = findings.refresh(admin);
        Set<String> told = new HashSet<>();
        insights.feed(admin, new Insights.Feed(null, null, null, null, null, 0, 200)).forEach(i -> told.add(i.text()));
        int logged = 0;
        for (Told t : STORY) {
            if (told.contains(t.text())) {
                continue;
            }
            Insight insight = insights.log(member.apply(t.author()), new InsightDraft(t.kind(), t.text(), t.tags(), records(admin, report, t.about()), t.metric()));
            logged++;
            if (t.usedIn() != null) {
                insights.markUsed(marketingLead, insight.id(), new InsightDraft.UseMark(campaign(admin, t.usedIn()).orElse(null), t.asset()));
            }
        }
        return logged;
    }

    private Optional<UUID> campaign(SignedInUser admin, String externalId) {
        return records.page(admin.tenantId(), RecordBrowser.Kind.CAMPAIGNS, externalId, 0, 5).items().stream()
                .filter(c -> c.externalId().equals(externalId)).map(RecordBrowser.RecordRow::id).findFirst();
    }

    private List<InsightDraft.RecordRef> records(SignedInUser admin, FindingsReport report, About about) {
        List<InsightDraft.RecordRef> refs = new ArrayList<>();
        Stream.concat(report.findings().stream(), report.notReported().stream())
                .filter(f -> f.kind().equals(about.finding()) && f.subject().equals(about.subject())).findFirst()
                .ifPresent(f -> f.records().stream().filter(r -> about.group() == null || r.group().equals(about.group()))
                        .skip(about.skip()).limit(about.count()).forEach(r -> refs.add(new InsightDraft.RecordRef(r.type(), r.id()))));
        if (refs.isEmpty()) {
            records.page(admin.tenantId(), about.otherwise(), null, 0, RecordBrowser.MAX_PAGE_SIZE).items().stream()
                    .filter(r -> about.detail() == null || r.details().contains(about.detail()))
                    .skip(about.skip()).limit(about.count())
                    .forEach(r -> refs.add(new InsightDraft.RecordRef(about.otherwise().recordType(), r.id())));
        }
        return refs;
    }
}
