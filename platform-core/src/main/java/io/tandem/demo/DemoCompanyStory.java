package io.tandem.demo;

import io.micronaut.serde.annotation.Serdeable;
import io.tandem.funnel.demo.DemoData;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Loading the demo company: a company a newcomer can explore through every page in five minutes. Its
 * people (who can sign in), two years of records, a sales team's answers to the hand-offs, the incentive
 * plans it ran with their closed quarters and a draft to compare, a pending proposal to tighten the
 * MQL definition, and what its sales team learnt (insights, two of them used by marketing). Loading again adds nothing twice.
 */
@Singleton
public class DemoCompanyStory {

    /** What was loaded; passwords appear once, for the people created by this load. */
    @Serdeable
    public record Story(DemoData.Loaded records, List<DemoPerson> people, int handoffsAnswered, int statementsApproved,
                        UUID pendingProposal, int insightsLogged) {
    }

    private final DemoPeople people;
    private final DemoData data;
    private final DemoHandoffHistory handoffs;
    private final DemoPlans plans;
    private final DemoProposal proposal;
    private final DemoInsights insights;
    private final TeamDirectory directory;
    private final Clock clock;

    DemoCompanyStory(DemoPeople people, DemoData data, DemoHandoffHistory handoffs, DemoPlans plans, DemoProposal proposal,
                     DemoInsights insights, TeamDirectory directory, Clock clock) {
        this.people = people;
        this.data = data;
        this.handoffs = handoffs;
        this.plans = plans;
        this.proposal = proposal;
        this.insights = insights;
        this.directory = directory;
        this.clock = clock;
    }

    /** The default demo: seed 42, 20,000 leads, two years up to today. */
    public Story load(SignedInUser admin) {
        return load(admin, DemoData.DEFAULT_SEED, LocalDate.now(clock.withZone(ZoneOffset.UTC)), DemoData.DEFAULT_LEADS);
    }

    public Story load(SignedInUser admin, long seed, LocalDate end, int leads) {
        if (!admin.isAdmin()) {
            throw ProblemException.forbidden("Only admins can load demo data.");
        }
        // The people first: the hand-offs of the records are assigned to their owners as they arrive.
        List<DemoPerson> cast = people.ensure(admin);
        DemoData.Loaded records = data.load(admin.tenantId(), seed, end, leads, DemoPeople.owners(admin));
        int answered = handoffs.answer(admin.tenantId(), member(admin, "sasha.sales").id(), clock.instant(), seed);
        int approved = plans.tell(admin, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        SignedInUser marketingLead = signedIn(admin, "maya.marketing");
        UUID pending = proposal.pending(marketingLead);
        int logged = insights.tell(admin, local -> signedIn(admin, local), marketingLead);
        return new Story(records, cast, answered, approved, pending, logged);
    }

    private SignedInUser signedIn(SignedInUser admin, String local) {
        return directory.findActive(admin.tenantId(), member(admin, local).id()).orElseThrow();
    }

    private TeamMember member(SignedInUser admin, String local) {
        String email = local + "@" + DemoPeople.domain(admin);
        return directory.members(admin).stream().filter(m -> m.email().equals(email)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The demo's " + email + " is missing"));
    }
}
