package io.tandem.funnel;

import io.tandem.platform.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryCriteriaTest {

    private final EntryCriteria criteria = new EntryCriteria();

    private static Map<String, Object> lead(double budget, boolean authority, String need, long timelineDays) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("budget", budget);
        fields.put("authority", authority);
        fields.put("need", need);
        fields.put("timeline_days", timelineDays);
        return fields;
    }

    @Test
    void bantCriteriaAreMetOnlyWhenEveryPartHolds() {
        String bant = DefaultFunnel.MQL_CRITERIA;
        assertThat(criteria.isMetBy(bant, lead(10_000, true, "yes", 90))).isTrue();
        assertThat(criteria.isMetBy(bant, lead(9_999.99, true, "yes", 90))).isFalse();
        assertThat(criteria.isMetBy(bant, lead(50_000, false, "yes", 30))).isFalse();
        assertThat(criteria.isMetBy(bant, lead(50_000, true, "", 30))).isFalse();
        assertThat(criteria.isMetBy(bant, lead(50_000, true, "yes", 91))).isFalse();
    }

    @Test
    void aMissingFieldMakesTheRecordNonConforming() {
        Map<String, Object> noTimeline = lead(50_000, true, "yes", 1);
        noTimeline.remove("timeline_days");
        assertThat(criteria.isMetBy(DefaultFunnel.MQL_CRITERIA, noTimeline)).isFalse();
        assertThat(criteria.isMetBy("budget > 0 || authority", Map.of("authority", true))).isTrue();
    }

    @Test
    void emptyCriteriaAreAlwaysMet() {
        assertThat(criteria.isMetBy("", Map.of())).isTrue();
        assertThat(criteria.isMetBy("  ", Map.of())).isTrue();
    }

    @Test
    void scoresAttributesAndStringsCanBeUsed() {
        assertThat(criteria.isMetBy("marketing_score >= 0.5 && source == 'marketing' && attributes['region'] == 'EU'",
                Map.of("marketing_score", 0.7, "source", "marketing", "attributes", Map.of("region", "EU")))).isTrue();
    }

    @Test
    void invalidExpressionsAreRejectedWithTheirPosition() {
        assertThatThrownBy(() -> criteria.validate("budget >= "))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("Invalid entry criteria")
                .hasMessageContaining("1:11");
        assertThatThrownBy(() -> criteria.validate("budget + 'x'"))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("Invalid entry criteria");
        assertThatThrownBy(() -> criteria.validate("salary > 3"))
                .hasMessageContaining("undeclared reference to 'salary'");
        assertThatThrownBy(() -> criteria.validate("budget"))
                .as("criteria must be true or false").isInstanceOf(ProblemException.class);
    }
}
