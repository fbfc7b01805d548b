package io.tandem.incentives;

import io.tandem.metrics.MetricSettings;
import io.tandem.platform.ProblemException;

import java.math.BigDecimal;

/**
 * Money moving between currencies for pay: metrics (in the tenant's reporting currency) into a target's
 * currency, a deal's amount into the currency of the figure it counted in. Always with the tenant's own
 * rates; a missing rate refuses the computation, naming what needs it, rather than paying on a guess.
 */
final class PayCurrencies {

    private final MetricSettings.Settings settings;

    PayCurrencies(MetricSettings.Settings settings) {
        this.settings = settings;
    }

    String reporting() {
        return settings.reportingCurrency();
    }

    /** The currency a component's metric is compared in: its target's (components saved before targets had one: the reporting currency). */
    String of(PlanComponent c) {
        return c.targetCurrency() == null ? reporting() : c.targetCurrency();
    }

    BigDecimal convert(BigDecimal amount, String from, String to, String forWhat) {
        if (from.strip().equals(to.strip())) {
            return amount;
        }
        return settings.convert(amount, from, to).orElseThrow(() -> ProblemException.conflict("No exchange rate between " + from.strip()
                + " and " + to.strip() + " to " + forWhat + ": an admin adds it in Settings (exchange rates), then the period is closed again."));
    }
}
