package io.tandem.metrics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.platform.IsoCurrencies;
import io.tandem.platform.ProblemException;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import io.tandem.tenancy.TenantTransactions;
import io.tandem.tenancy.SignedInUser;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a tenant's metrics are reported in: one reporting currency with exchange rates into it, and
 * the gross margin (default 0.80) that LTV and CAC payback use.
 */
@Singleton
public class MetricSettings {

    private final JdbcOperations jdbc;
    private final TenantTransactions transactions;
    private final AuditTrail audit;

    public MetricSettings(JdbcOperations jdbc, TenantTransactions transactions, AuditTrail audit) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
    }

    /**
     * @param rates how many units of the reporting currency one unit of each other currency is worth
     */
    @Serdeable
    public record Settings(String reportingCurrency, BigDecimal grossMargin, Map<String, BigDecimal> rates) {

        /**
         * An amount in one currency expressed in another through the reporting currency, exactly (34 digits);
         * empty when either has no rate.
         */
        public java.util.Optional<BigDecimal> convert(BigDecimal amount, String from, String to) {
            Map<String, BigDecimal> all = allRates();
            BigDecimal in = all.get(from.strip());
            BigDecimal out = all.get(to.strip());
            if (in == null || out == null) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(amount.multiply(in, java.math.MathContext.DECIMAL128).divide(out, java.math.MathContext.DECIMAL128));
        }

        /** The rate into the reporting currency, including 1 for the reporting currency itself. */
        Map<String, BigDecimal> allRates() {
            Map<String, BigDecimal> all = new TreeMap<>(rates);
            all.put(reportingCurrency, BigDecimal.ONE);
            return all;
        }
    }

    public Settings get(UUID tenantId) {
        return transactions.read(tenantId, this::read);
    }

    private static final BigDecimal MIN_MARGIN = new BigDecimal("0.0001");
    private static final BigDecimal MIN_RATE = new BigDecimal("0.0000000001");
    private static final BigDecimal MAX_RATE = new BigDecimal("10000000000");

    public Settings update(SignedInUser admin, Settings wanted) {
        if (!admin.isAdmin()) {
            throw ProblemException.forbidden("Only admins can change the reporting currency, exchange rates and gross margin.");
        }
        String currency = wanted.reportingCurrency() == null ? "USD" : wanted.reportingCurrency().strip().toUpperCase(Locale.ROOT);
        if (!IsoCurrencies.isKnown(currency)) {
            throw ProblemException.invalid("The reporting currency is an ISO 4217 code (such as EUR or USD).");
        }
        BigDecimal margin = wanted.grossMargin() == null ? new BigDecimal("0.80") : wanted.grossMargin();
        if (margin.compareTo(MIN_MARGIN) < 0 || margin.compareTo(BigDecimal.ONE) > 0 || margin.stripTrailingZeros().scale() > 4) {
            throw ProblemException.invalid("grossMargin: a share from 0.0001 to 1 with at most four decimals (e.g. 0.80).");
        }
        Map<String, BigDecimal> rates = new TreeMap<>();
        (wanted.rates() == null ? Map.<String, BigDecimal>of() : wanted.rates()).forEach((code, rate) -> {
            String c = code.strip().toUpperCase(Locale.ROOT);
            if (!IsoCurrencies.isKnown(c) || rate == null || rate.compareTo(MIN_RATE) < 0 || rate.compareTo(MAX_RATE) > 0
                    || rate.stripTrailingZeros().scale() > 10) {
                throw ProblemException.invalid("rates." + code + ": each exchange rate needs an ISO 4217 currency code and a rate "
                        + "from 0.0000000001 to 10000000000 with at most ten decimals.");
            }
            if (!c.equals(currency)) {
                rates.put(c, rate);
            }
        });
        return transactions.write(admin.tenantId(), () -> {
            Settings before = read();
            jdbc.prepareStatement("INSERT INTO metric_setting (tenant_id, reporting_currency, gross_margin) VALUES (?, ?, ?) "
                    + "ON CONFLICT (tenant_id) DO UPDATE SET reporting_currency = EXCLUDED.reporting_currency, gross_margin = EXCLUDED.gross_margin", ps -> {
                ps.setObject(1, admin.tenantId());
                ps.setString(2, currency);
                ps.setBigDecimal(3, margin);
                return ps.executeUpdate();
            });
            jdbc.prepareStatement("DELETE FROM exchange_rate", ps -> ps.executeUpdate());
            jdbc.prepareStatement("INSERT INTO exchange_rate (tenant_id, currency, rate) VALUES (?, ?, ?)", ps -> {
                for (Map.Entry<String, BigDecimal> r : rates.entrySet()) {
                    ps.setObject(1, admin.tenantId());
                    ps.setString(2, r.getKey());
                    ps.setBigDecimal(3, r.getValue());
                    ps.addBatch();
                }
                return ps.executeBatch();
            });
            Settings after = read();
            audit.record(admin, "metric_settings.changed", AuditSubject.of("metric_settings", admin.tenantId(), "Currency and margin"), before, after);
            return after;
        });
    }

    private Settings read() {
        Settings base = jdbc.prepareStatement("SELECT reporting_currency, gross_margin FROM metric_setting", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Settings(rs.getString(1), rs.getBigDecimal(2), Map.of())
                        : new Settings("USD", new BigDecimal("0.80"), Map.of());
            }
        });
        Map<String, BigDecimal> rates = jdbc.prepareStatement("SELECT currency, rate FROM exchange_rate ORDER BY currency", ps -> {
            Map<String, BigDecimal> all = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros());
                }
            }
            return all;
        });
        return new Settings(base.reportingCurrency(), base.grossMargin().stripTrailingZeros(), rates);
    }
}
