package io.tandem.metrics;

import io.micronaut.core.annotation.Nullable;

/**
 * Narrows the metrics to part of the business. Each filter applies to the records that carry it:
 * <ul>
 *   <li>segment: an account's segment; an opportunity through its account; a lead through its
 *       {@code segment} attribute;</li>
 *   <li>campaign (external id): a lead's campaign; an opportunity through its lead; an account through
 *       the opportunities that won it; spend by its campaign;</li>
 *   <li>owner (e-mail): a lead's or an opportunity's owner; an account through its opportunities;</li>
 *   <li>source: a lead's source; an opportunity's own source, else its lead's; an account through its
 *       opportunities.</li>
 * </ul>
 * Spend is filtered by campaign only: it is not attributable to segments, owners or sources.
 */
@io.micronaut.serde.annotation.Serdeable
public record MetricFilters(@Nullable String segment, @Nullable String campaign, @Nullable String owner, @Nullable String source) {

    public static final MetricFilters NONE = new MetricFilters(null, null, null, null);

    public MetricFilters {
        segment = blankToNull(segment);
        campaign = blankToNull(campaign);
        owner = blankToNull(owner) == null ? null : owner.strip().toLowerCase(java.util.Locale.ROOT); // owner e-mails are stored in lower case
        source = blankToNull(source) == null ? null : source.strip().toLowerCase(java.util.Locale.ROOT); // sources are stored in lower case
    }

    public boolean any() {
        return segment != null || campaign != null || owner != null || source != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
