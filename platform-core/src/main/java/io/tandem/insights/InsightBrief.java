package io.tandem.insights;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The text of a campaign brief drafted from an insight: plain lines marketing edits before using them. */
final class InsightBrief {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private InsightBrief() {
    }

    static String draft(Insight insight, List<String> numbers) {
        StringBuilder brief = new StringBuilder();
        brief.append("Campaign brief: ").append(angle(insight.kind())).append('\n');
        brief.append('\n').append("Facts").append('\n');
        List<Insight.LinkedRecord> known = insight.records().stream().filter(r -> r.title() != null).toList();
        if (!known.isEmpty()) {
            brief.append("- About: ").append(known.stream().map(r -> r.title() + (r.segment() == null ? "" : " (" + r.segment() + ")"))
                    .collect(Collectors.joining(", "))).append('\n');
        }
        if (insight.metric() != null) {
            brief.append("- Outcome: ").append(insight.metric()).append('\n');
        }
        if (!insight.tags().isEmpty()) {
            brief.append("- Topics: ").append(String.join(", ", insight.tags())).append('\n');
        }
        if (!numbers.isEmpty()) {
            brief.append('\n').append("Numbers from our data").append('\n');
            numbers.forEach(n -> brief.append("- ").append(n).append('\n'));
        }
        brief.append('\n').append("Quote from sales (").append(insight.author().name()).append(", ").append(DAY.format(insight.createdAt()))
                .append(")").append('\n').append('"').append(insight.text()).append('"').append('\n');
        return brief.toString();
    }

    private static String angle(InsightKind kind) {
        return switch (kind) {
            case WIN_STORY -> "a customer story — why they chose us";
            case CUSTOMER_OUTCOME -> "a proof point — the outcome a customer got";
            case OBJECTION -> "answer an objection before sales hears it";
            case LOSS_REASON -> "close the gap we lose deals on";
            case COMPETITOR -> "position against a competitor";
        };
    }
}
