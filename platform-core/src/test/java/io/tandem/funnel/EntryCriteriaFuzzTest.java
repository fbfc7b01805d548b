package io.tandem.funnel;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tandem.platform.ProblemException;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants write entry criteria: any text is either accepted (and then evaluates to true or false for
 * any lead, missing fields included) or refused with a 400 that says why — never another exception.
 * Runs its seeds as a plain test; fuzzes with JAZZER_FUZZ=1 (docs/security.md).
 */
class EntryCriteriaFuzzTest {

    private static final EntryCriteria CRITERIA = new EntryCriteria();

    @FuzzTest(maxDuration = "20s")
    void anyExpressionIsAcceptedOrRefusedWithAReason(FuzzedDataProvider data) {
        Map<String, Object> lead = new HashMap<>();
        if (data.consumeBoolean()) {
            lead.put("budget", data.consumeDouble());
        }
        if (data.consumeBoolean()) {
            lead.put("authority", data.consumeBoolean());
        }
        if (data.consumeBoolean()) {
            lead.put("timeline_days", data.consumeLong());
        }
        if (data.consumeBoolean()) {
            lead.put("need", data.consumeString(40));
        }
        if (data.consumeBoolean()) {
            lead.put("marketing_score", data.consumeDouble());
        }
        Map<String, String> attributes = new HashMap<>();
        if (data.consumeBoolean()) {
            attributes.put(data.consumeString(20), data.consumeString(40));
        }
        lead.put("attributes", attributes);
        String expression = data.consumeRemainingAsString();
        try {
            CRITERIA.validate(expression);
        } catch (ProblemException refused) {
            assertThat(refused.kind()).isEqualTo(ProblemException.Kind.INVALID);
            assertThat(refused.getMessage()).startsWith("Invalid entry criteria");
            return;
        }
        CRITERIA.isMetBy(expression, lead);
    }
}
