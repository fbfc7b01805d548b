package io.tandem.metrics;

import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** An amount in a currency, as the API shows it: a decimal string (two places, half-even) and the currency. */
@Serdeable
public record Money(String amount, String currency) {

    static Money of(BigDecimal value, String currency) {
        return value == null ? null : new Money(value.setScale(2, RoundingMode.HALF_EVEN).toPlainString(), currency);
    }

    static Money of(double value, String currency) {
        return of(BigDecimal.valueOf(value), currency);
    }

    public BigDecimal value() {
        return new BigDecimal(amount);
    }
}
