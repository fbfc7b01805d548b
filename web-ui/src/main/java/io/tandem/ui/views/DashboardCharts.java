package io.tandem.ui.views;

import io.tandem.metrics.CampaignRow;
import io.tandem.metrics.Decile;
import io.tandem.metrics.StageConversion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chart.js configurations for the dashboard's charts, as plain maps (serialized to JSON by the view). */
final class DashboardCharts {

    private static final String BLUE = "#1a73e8";
    private static final String GREEN = "#188038";
    private static final String ORANGE = "#e8710a";
    private static final String GREY = "#9aa0a6";

    private DashboardCharts() {
    }

    /** Volume entering each stage (bars) and the conversion to the next stage (line, right axis). */
    static Map<String, Object> funnel(List<StageConversion> conversion) {
        List<String> labels = new ArrayList<>();
        List<Object> volume = new ArrayList<>();
        List<Object> rate = new ArrayList<>();
        for (StageConversion c : conversion) {
            labels.add(c.from());
            volume.add(c.cohort());
            rate.add(c.rate() == null ? null : Math.round(c.rate() * 1000) / 10.0);
        }
        if (!conversion.isEmpty()) {
            StageConversion last = conversion.get(conversion.size() - 1);
            labels.add(last.to());
            volume.add(last.converted());
            rate.add(null);
        }
        return chart("bar", labels, List.of(
                dataset("Entered the stage in the period", volume, BLUE, "bar", "y"),
                dataset("Converted to the next stage (%)", rate, ORANGE, "line", "percent")),
                Map.of("y", Map.of("beginAtZero", true, "title", title("records")),
                        "percent", Map.of("position", "right", "min", 0, "max", 100, "title", title("%"), "grid", Map.of("drawOnChartArea", false))));
    }

    static Map<String, Object> trend(String label, List<String> months, List<Object> values) {
        return chart("line", months, List.of(dataset(label, values, GREEN, "line", "y")), Map.of("y", Map.of("beginAtZero", true)));
    }

    static Map<String, Object> campaigns(List<CampaignRow> rows) {
        List<String> labels = new ArrayList<>();
        List<Object> pipeline = new ArrayList<>();
        List<Object> revenue = new ArrayList<>();
        List<Object> spend = new ArrayList<>();
        for (CampaignRow r : rows) {
            labels.add(r.name());
            // An undefined figure (no exchange rate) is a gap in the chart, not a zero.
            pipeline.add(r.sourcedPipeline() == null ? null : r.sourcedPipeline().value());
            revenue.add(r.sourcedRevenue() == null ? null : r.sourcedRevenue().value());
            spend.add(r.spend() == null ? null : r.spend().value());
        }
        return chart("bar", labels, List.of(dataset("Marketing-sourced pipeline", pipeline, BLUE, "bar", "y"),
                dataset("Marketing-sourced revenue", revenue, GREEN, "bar", "y"), dataset("Spend", spend, GREY, "bar", "y")),
                Map.of("y", Map.of("beginAtZero", true)));
    }

    /** Predicted (mean score) against observed conversion per decile, with the line of perfect calibration. */
    static Map<String, Object> calibration(List<Decile> deciles) {
        List<Object> points = new ArrayList<>();
        for (Decile d : deciles) {
            points.add(Map.of("x", d.meanScore(), "y", d.observedRate()));
        }
        Map<String, Object> observed = new LinkedHashMap<>(dataset("Observed SQL rate per decile", points, BLUE, "scatter", "y"));
        observed.put("showLine", true);
        Map<String, Object> ideal = new LinkedHashMap<>(dataset("Perfect calibration", List.of(Map.of("x", 0, "y", 0), Map.of("x", 1, "y", 1)),
                GREY, "scatter", "y"));
        ideal.put("showLine", true);
        ideal.put("borderDash", List.of(6, 4));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", "scatter");
        config.put("data", Map.of("datasets", List.of(observed, ideal)));
        config.put("options", Map.of("scales", Map.of(
                "x", Map.of("min", 0, "max", 1, "title", title("predicted (mean marketing score)")),
                "y", Map.of("min", 0, "max", 1, "title", title("observed (reached SQL)")))));
        return config;
    }

    static Map<String, Object> chart(String type, List<String> labels, List<Map<String, Object>> datasets, Map<String, Object> scales) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", type);
        config.put("data", Map.of("labels", labels, "datasets", datasets));
        config.put("options", Map.of("scales", scales, "interaction", Map.of("mode", "index", "intersect", false)));
        return config;
    }

    static Map<String, Object> dataset(String label, List<Object> data, String color, String type, String axis) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("label", label);
        d.put("data", data);
        d.put("type", type);
        d.put("yAxisID", axis);
        d.put("backgroundColor", color);
        d.put("borderColor", color);
        return d;
    }

    private static Map<String, Object> title(String text) {
        return Map.of("display", true, "text", text);
    }
}
