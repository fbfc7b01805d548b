package io.tandem.incentives;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;

/**
 * One part of a plan: a metric from the catalogue, its share of the target pay ({@code weight}, in
 * percent), the value that counts as 100 % attainment, whether it is measured on the whole team's
 * records (TEAM) or on the member's own (MEMBER), the payout curve, and for revenue components an optional
 * clawback: a won deal whose account churns within {@code clawbackDays} of winning gives back what it earned.
 * A money target carries its currency ({@code targetCurrency}, the plan's unless given): the metric, in the
 * tenant's reporting currency, is converted into it with the tenant's rates before it is compared.
 */
@Serdeable
public record PlanComponent(@Nullable String metric, @Nullable BigDecimal weight, @Nullable BigDecimal target, @Nullable String scope,
                            @Nullable PayoutCurve curve, @Nullable Integer clawbackDays, @Nullable String targetCurrency) {

    public IncentiveMetric catalogueMetric() {
        return IncentiveMetric.valueOf(metric);
    }

    public boolean memberScope() {
        return "MEMBER".equals(scope);
    }
}
