package io.tandem.incentives;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;

/**
 * One line of a statement: a component's metric value, target, attainment (value ÷ target), the part
 * of the curve it fell on, the factor and the amount; or an adjustment with its note.
 */
@Serdeable
public record StatementLine(int lineNo, @Nullable String metric, @Nullable BigDecimal weight, @Nullable BigDecimal value,
                            @Nullable BigDecimal target, @Nullable BigDecimal attainment, @Nullable String segment,
                            @Nullable BigDecimal factor, BigDecimal amount, @Nullable String note) {
}
