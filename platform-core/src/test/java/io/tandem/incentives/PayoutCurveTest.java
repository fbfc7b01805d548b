package io.tandem.incentives;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Curve math at its boundaries, computed by hand. */
class PayoutCurveTest {

    // Threshold 50 %, rate 1.0 to 100 %, 1.5× from 100 % to 150 %, 2× above 150 %, cap 2.0.
    private final PayoutCurve accelerated = new PayoutCurve(new BigDecimal("0.5"), BigDecimal.ONE,
            List.of(new PayoutCurve.Tier(BigDecimal.ONE, new BigDecimal("1.5")), new PayoutCurve.Tier(new BigDecimal("1.5"), new BigDecimal("2"))),
            new BigDecimal("2.0"), null);

    @ParameterizedTest(name = "attainment {0} pays {1} ({2})")
    @CsvSource({
            "0,      0,     BELOW_THRESHOLD",
            "0.4999, 0,     BELOW_THRESHOLD",
            "0.5,    0.5,   LINEAR",          // the threshold itself pays, linearly from zero
            "0.8,    0.8,   LINEAR",
            "1.0,    1.0,   LINEAR",
            "1.2,    1.3,   ACCELERATOR",     // 1 + 0.2 × 1.5
            "1.5,    1.75,  ACCELERATOR",     // 1 + 0.5 × 1.5
            "1.6,    1.95,  ACCELERATOR",     // 1.75 + 0.1 × 2
            "1.625,  2.0,   CAPPED",          // 1.75 + 0.125 × 2 = 2.0 reaches the cap
            "3,      2.0,   CAPPED"})
    void shapedCurve(String attainment, String factor, PayoutCurve.Segment segment) {
        PayoutCurve.Result result = accelerated.apply(new BigDecimal(attainment));
        assertThat(result.factor()).isEqualByComparingTo(factor);
        assertThat(result.segment()).isEqualTo(segment);
    }

    @Test
    void withoutTiersTheBaseRateGoesOnAboveTarget() {
        PayoutCurve plain = new PayoutCurve(null, new BigDecimal("0.8"), null, null, null);
        assertThat(plain.apply(new BigDecimal("1.25")).factor()).isEqualByComparingTo("1.0"); // 0.8 + 0.25 × 0.8
        assertThat(plain.apply(new BigDecimal("-1")).factor()).isEqualByComparingTo("0");
    }

    @ParameterizedTest(name = "table at {0} pays {1}")
    @CsvSource({"0, 0", "0.5, 0", "0.75, 0.5", "1.0, 1.0", "1.1, 1.2", "1.2, 1.4", "5, 1.4"})
    void table(String attainment, String factor) {
        PayoutCurve table = new PayoutCurve(null, null, null, null, List.of(
                point("0.5", "0"), point("1.0", "1.0"), point("1.2", "1.4")));
        assertThat(table.apply(new BigDecimal(attainment)).factor()).isEqualByComparingTo(factor);
    }

    @Test
    void badCurvesAreNamed() {
        assertThat(new PayoutCurve(new BigDecimal("1.5"), null, null, BigDecimal.ZERO, null).problems("components[0].curve"))
                .containsExactly("components[0].curve.threshold: between 0 and 1", "components[0].curve.cap: more than 0");
        assertThat(new PayoutCurve(null, null, List.of(new PayoutCurve.Tier(new BigDecimal("0.9"), BigDecimal.ONE)), null, null).problems("c"))
                .containsExactly("c.tiers[0].from: at least 1.0 and rising");
        assertThat(new PayoutCurve(null, null, null, null, List.of(point("1", "1"), point("0.5", "0"))).problems("c"))
                .containsExactly("c.table[1].attainment: points must rise");
    }

    private static PayoutCurve.Point point(String attainment, String factor) {
        return new PayoutCurve.Point(new BigDecimal(attainment), new BigDecimal(factor));
    }
}
