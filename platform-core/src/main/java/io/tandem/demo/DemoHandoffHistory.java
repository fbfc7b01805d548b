package io.tandem.demo;

import io.tandem.feedback.PastVerdicts;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The sales team's answers to the demo company's hand-offs, as a real team's history looks: the hand-offs
 * sales accepted are answered by the data already (the lead moved on); the ones it turned down get a
 * verdict from their owner with a reason typical of the campaign they came from (the ebook's leads had
 * no need, the search ads' were unreachable, …), most within the SLA, some after it. The newest hand-offs
 * — inside their SLA — stay open, and a handful from the last days stay open past it.
 */
@Singleton
class DemoHandoffHistory {

    /** Hand-offs younger than this are still inside the 48-hour SLA: open. */
    static final Duration RECENT = Duration.ofHours(40);
    /** From the days before that, a few are left unanswered: overdue. */
    static final Duration LAST_DAYS = Duration.ofDays(10);
    static final int OVERDUE = 6;
    /** The share of rejections given after the deadline. */
    static final double LATE = 0.18;

    /** Rejection reasons by campaign, each with its weight: what sales found wrong with each campaign's leads. */
    static final Map<String, List<Map.Entry<String, Integer>>> REASONS = Map.of(
            "demo-ebook", List.of(Map.entry("no_need", 35), Map.entry("bad_fit", 30), Map.entry("no_budget", 20), Map.entry("unreachable", 15)),
            "demo-search", List.of(Map.entry("unreachable", 30), Map.entry("no_authority", 25), Map.entry("no_need", 25), Map.entry("duplicate", 20)),
            "demo-webinar", List.of(Map.entry("bad_timing", 40), Map.entry("no_budget", 30), Map.entry("no_authority", 30)),
            "demo-referral", List.of(Map.entry("bad_timing", 50), Map.entry("competitor", 50)),
            "demo-analyst", List.of(Map.entry("competitor", 40), Map.entry("bad_timing", 30), Map.entry("no_budget", 30)),
            "demo-outbound", List.of(Map.entry("no_need", 40), Map.entry("bad_fit", 30), Map.entry("unreachable", 30)));

    private final PastVerdicts verdicts;

    DemoHandoffHistory(PastVerdicts verdicts) {
        this.verdicts = verdicts;
    }

    /** Answers the waiting hand-offs as the story has it; returns how many were answered. */
    int answer(UUID tenantId, UUID salesLead, Instant now, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5A1E5L);
        List<PastVerdicts.Given> given = new ArrayList<>();
        int overdue = 0;
        for (PastVerdicts.Waiting w : verdicts.waiting(tenantId)) {
            if (!w.enteredAt().isBefore(now.minus(RECENT))) {
                continue;
            }
            if (w.enteredAt().isAfter(now.minus(LAST_DAYS)) && overdue < OVERDUE && random.nextDouble() < 0.3) {
                overdue++;
                continue;
            }
            Duration sla = w.dueAt() == null ? Duration.ofHours(48) : Duration.between(w.enteredAt(), w.dueAt());
            double share = random.nextDouble() < LATE ? 1.1 + 1.9 * random.nextDouble() : 0.05 + 0.85 * random.nextDouble();
            Instant at = w.enteredAt().plusSeconds((long) (sla.toSeconds() * share));
            if (at.isAfter(now.minus(Duration.ofHours(1)))) {
                at = now.minus(Duration.ofHours(1));
            }
            given.add(new PastVerdicts.Given(w.id(), "REJECTED", reason(w.campaign(), random), w.ownerId() == null ? salesLead : w.ownerId(), at));
        }
        return given.isEmpty() ? 0 : verdicts.record(tenantId, given);
    }

    private static String reason(String campaign, SplittableRandom random) {
        List<Map.Entry<String, Integer>> weights = REASONS.getOrDefault(campaign, List.of(Map.entry("other", 1)));
        int total = weights.stream().mapToInt(Map.Entry::getValue).sum();
        int pick = random.nextInt(total);
        for (Map.Entry<String, Integer> w : weights) {
            pick -= w.getValue();
            if (pick < 0) {
                return w.getKey();
            }
        }
        return weights.get(weights.size() - 1).getKey();
    }
}
