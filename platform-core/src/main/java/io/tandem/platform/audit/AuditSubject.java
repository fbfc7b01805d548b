package io.tandem.platform.audit;

/**
 * What a change touched: its kind ({@code plan}, {@code connection}, …), its id, and its name as it was then, so the
 * log still reads well after the thing is renamed or gone.
 */
public record AuditSubject(String type, String id, String name) {

    public static AuditSubject of(String type, Object id, String name) {
        return new AuditSubject(type, String.valueOf(id), name == null ? "" : name);
    }
}
