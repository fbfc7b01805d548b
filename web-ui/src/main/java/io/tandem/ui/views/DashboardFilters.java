package io.tandem.ui.views;

import com.vaadin.flow.router.QueryParameters;
import io.tandem.metrics.Dashboard;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.MetricsPeriod;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard shows, as it travels in the URL so a view can be shared as a link:
 * {@code ?preset=last-90-days} or {@code ?from=2025-01-01&to=2025-07-01}, plus segment, campaign, owner, source.
 */
record DashboardFilters(String preset, LocalDate from, LocalDate to, MetricFilters filters) {

    static final Map<String, String> PRESETS = presets();

    private static Map<String, String> presets() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("last-30-days", "Last 30 days");
        p.put("last-90-days", "Last 90 days");
        p.put("last-6-months", "Last 6 months");
        p.put("last-12-months", "Last 12 months");
        p.put("this-year", "This year");
        p.put("last-year", "Last year");
        p.put("custom", "Custom range");
        return p;
    }

    /** The half-open period in UTC: from the start of {@code from} to the start of the day after {@code to}. */
    MetricsPeriod period() {
        return new MetricsPeriod(from.atStartOfDay(ZoneOffset.UTC).toInstant(), to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    static DashboardFilters fromUrl(QueryParameters query, LocalDate today) {
        Map<String, List<String>> p = query.getParameters();
        String preset = first(p, "preset").orElse(null);
        Optional<LocalDate> from = first(p, "from").flatMap(DashboardFilters::date);
        Optional<LocalDate> to = first(p, "to").flatMap(DashboardFilters::date);
        MetricFilters filters = new MetricFilters(first(p, "segment").orElse(null), first(p, "campaign").orElse(null),
                first(p, "owner").orElse(null), first(p, "source").orElse(null));
        if (from.isPresent() && to.isPresent() && !to.get().isBefore(from.get())) {
            return new DashboardFilters("custom", from.get(), to.get(), filters);
        }
        return ofPreset(preset == null || !PRESETS.containsKey(preset) || preset.equals("custom") ? "last-90-days" : preset, today, filters);
    }

    static DashboardFilters ofPreset(String preset, LocalDate today, MetricFilters filters) {
        return switch (preset) {
            case "last-30-days" -> new DashboardFilters(preset, today.minusDays(29), today, filters);
            case "last-6-months" -> new DashboardFilters(preset, today.minusMonths(6).plusDays(1), today, filters);
            case "last-12-months" -> new DashboardFilters(preset, today.minusMonths(12).plusDays(1), today, filters);
            case "this-year" -> new DashboardFilters(preset, today.withDayOfYear(1), today, filters);
            case "last-year" -> new DashboardFilters(preset, today.minusYears(1).withDayOfYear(1), today.withDayOfYear(1).minusDays(1), filters);
            default -> new DashboardFilters("last-90-days", Dashboard.defaultFrom(today), today, filters);
        };
    }

    QueryParameters toUrl() {
        Map<String, String> p = new LinkedHashMap<>();
        if (preset.equals("custom")) {
            p.put("from", from.toString());
            p.put("to", to.toString());
        } else {
            p.put("preset", preset);
        }
        put(p, "segment", filters.segment());
        put(p, "campaign", filters.campaign());
        put(p, "owner", filters.owner());
        put(p, "source", filters.source());
        return QueryParameters.simple(p);
    }

    static Instant startOfToday() {
        return LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void put(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }

    private static Optional<String> first(Map<String, List<String>> p, String key) {
        return Optional.ofNullable(p.get(key)).flatMap(values -> values.stream().filter(v -> !v.isBlank()).findFirst());
    }

    private static Optional<LocalDate> date(String text) {
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
