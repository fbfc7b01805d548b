package io.tandem.ui.views;

import io.tandem.metrics.CohortRow;

import java.util.List;
import java.util.Locale;

/** The cohort-retention table as an HTML heat map: darker green means more accounts still active. */
final class CohortHeatMap {

    private CohortHeatMap() {
    }

    static String html(List<CohortRow> cohorts) {
        if (cohorts.isEmpty()) {
            return "<div>No customer cohorts in this window.</div>";
        }
        int months = cohorts.stream().mapToInt(c -> c.retention().size()).max().orElse(0);
        StringBuilder sb = new StringBuilder("<table style=\"border-collapse:collapse;font-size:var(--lumo-font-size-s)\"><thead><tr>")
                .append("<th style=\"text-align:left;padding:2px 6px\">Cohort</th><th style=\"padding:2px 6px\">Accounts</th>");
        for (int n = 1; n <= months; n++) {
            sb.append("<th style=\"padding:2px 4px\">").append(n).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (CohortRow c : cohorts) {
            sb.append("<tr><td style=\"padding:2px 6px\">").append(c.cohort()).append("</td><td style=\"text-align:right;padding:2px 6px\">")
                    .append(c.accounts()).append("</td>");
            for (int n = 0; n < months; n++) {
                if (n < c.retention().size()) {
                    double share = c.retention().get(n);
                    sb.append(String.format(Locale.ROOT, "<td title=\"%s, month %d: %.1f %%\" style=\"padding:2px 4px;text-align:center;"
                                    + "background:rgba(24,128,56,%.2f);color:%s\">%.0f</td>", c.cohort(), n + 1, share * 100, 0.1 + 0.9 * share,
                            share > 0.6 ? "white" : "inherit", share * 100));
                } else {
                    sb.append("<td></td>");
                }
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }
}
