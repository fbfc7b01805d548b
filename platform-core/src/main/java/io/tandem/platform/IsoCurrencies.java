package io.tandem.platform;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ISO 4217 currency codes, as the JDK knows them. A made-up code ("ZZZ", "NaN") has no exchange
 * rate and never will, so it is refused where money enters Tandem instead of leaving every money
 * figure of the tenant undefined.
 */
public final class IsoCurrencies {

    private static final Set<String> CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private IsoCurrencies() {
    }

    public static boolean isKnown(String code) {
        return code != null && CODES.contains(code);
    }
}
