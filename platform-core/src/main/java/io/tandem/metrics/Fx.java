package io.tandem.metrics;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;

/** Converts amounts into the reporting currency in SQL; an amount without a rate converts to NULL. */
final class Fx {

    private Fx() {
    }

    /** A CTE {@code fx(currency, rate)} with the reporting currency at rate 1. */
    static String cte(Scope scope, Map<String, BigDecimal> rates) {
        return "fx(currency, rate) AS (VALUES " + rates.entrySet().stream()
                .map(e -> "(" + scope.param(e.getKey()) + "::text, " + scope.param(e.getValue()) + "::numeric)")
                .collect(Collectors.joining(", ")) + ")";
    }

    /**
     * The amount of a row in the reporting currency; NULL when its currency has no rate. Pass
     * qualified column names: inside the sub-query an unqualified "currency" would mean fx's own.
     */
    static String converted(String amountColumn, String currencyColumn) {
        return "(" + amountColumn + " * (SELECT fx.rate FROM fx WHERE fx.currency = " + currencyColumn + "))";
    }

    /** The sum in the reporting currency: 0 for no rows, NULL (undefined) when any row has no rate, never a partial sum. */
    static String definedSum(String converted) {
        return "CASE WHEN bool_or(" + converted + " IS NULL) THEN NULL ELSE coalesce(sum(" + converted + "), 0) END";
    }
}
