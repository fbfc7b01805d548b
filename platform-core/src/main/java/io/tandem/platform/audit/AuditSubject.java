package io.tandem.platform.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a change touched: its kind ({@code plan}, {@code connection}, …), its id, and its name as it was then, so the
 * log still reads well after the thing is renamed or gone.
 */
public record AuditSubject(String type, String id, String name) {

    /** Every kind of subject the log names, with the words people read for it; a new kind joins here. */
    public static final Map<String, String> KINDS = kinds(
            "company", "Company",
            "member", "Team member",
            "identity_provider", "Company sign-in",
            "api_key", "API key",
            "webhook", "Webhook",
            "stage_proposal", "Stage proposal",
            "funnel_stage", "Funnel stage",
            "plan", "Incentive plan",
            "pay_period", "Pay period",
            "statement", "Statement",
            "connection", "Connection",
            "plugin", "Plugin",
            "metric_settings", "Currency and margin",
            "feedback_settings", "Hand-off rules");

    /** "plan.version_drafted" → "Incentive plan: version drafted". */
    public static String inWords(String action) {
        int dot = action.indexOf('.');
        String kind = dot < 0 ? action : action.substring(0, dot);
        String verb = dot < 0 ? "" : action.substring(dot + 1).replace('_', ' ');
        return KINDS.getOrDefault(kind, kind) + ": " + verb;
    }

    private static Map<String, String> kinds(String... typesAndWords) {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (int i = 0; i < typesAndWords.length; i += 2) {
            kinds.put(typesAndWords[i], typesAndWords[i + 1]);
        }
        return Collections.unmodifiableMap(kinds);
    }

    public static AuditSubject of(String type, Object id, String name) {
        if (!KINDS.containsKey(type)) {
            throw new IllegalArgumentException("An audit subject of an unlisted kind: " + type + " (add it to AuditSubject.KINDS)");
        }
        return new AuditSubject(type, String.valueOf(id), name == null ? "" : name);
    }
}
