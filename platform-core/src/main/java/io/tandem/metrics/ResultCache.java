package io.tandem.metrics;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Serves a computed answer again while it is still right: while no write of the tenant committed since it was
 * computed (every write to the records, settings and definitions figures are computed from leaves a mark, V34),
 * and the clock has not reached the tenant's next open feedback deadline (which changes the SLA figure) nor the
 * answer's maximum age. So a cached answer is never stale, and a dashboard that nobody changed data under is
 * read, not recomputed. Answers are kept in the database, so every instance serves what any one computed.
 */
@Singleton
public class ResultCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResultCache.class);

    /** How long an answer is served at most; change marks are kept twice as long (see {@link ResultCacheUpkeep}). */
    static final Duration MAX_AGE = Duration.ofHours(1);

    private static final String BUILD = String.valueOf(ResultCache.class.getPackage().getImplementationVersion());

    private final ResultCacheStore store;
    private final TenantTransactions tenants;
    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong computed = new AtomicLong();

    ResultCache(ResultCacheStore store, TenantTransactions tenants, TransactionOperations<Connection> transactions, JsonMapper json, Clock clock) {
        this.store = store;
        this.tenants = tenants;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The answer to {@code question} (its parts identify it: what is asked, the period, the filters), kept or computed.
     * Inside a caller's transaction the answer is computed and not kept: that transaction may hold writes of its own
     * that would never commit.
     */
    <T> T answer(UUID tenantId, Argument<T> type, Supplier<T> compute, Object... question) {
        String key = key(question);
        Instant now = clock.instant();
        boolean ownTransaction = transactions.findTransactionStatus().isEmpty();
        // The snapshot is taken before computing: whatever the computation reads is at least as new as it.
        ResultCacheStore.Lookup found = tenants.read(tenantId, () -> store.lookup(tenantId, key, now));
        T kept = found.answer() == null ? null : read(found.answer(), type);
        if (kept != null) {
            served.incrementAndGet();
            return kept;
        }
        T answer = compute.get();
        computed.incrementAndGet();
        if (ownTransaction) {
            Instant until = now.plus(MAX_AGE);
            if (found.nextDeadline() != null && found.nextDeadline().isBefore(until)) {
                until = found.nextDeadline();
            }
            Instant validUntil = until;
            String text = write(answer);
            tenants.run(tenantId, () -> store.keep(tenantId, key, found.snapshot(), now, validUntil, text));
        }
        return answer;
    }

    /** Answers served from the cache and computed, since start (the benchmark and tests read them). */
    public long served() {
        return served.get();
    }

    public long computed() {
        return computed.get();
    }

    /** The question's parts, and the build that answers (a new version may compute differently). */
    private String key(Object... question) {
        List<Object> parts = new ArrayList<>(Arrays.asList(question));
        parts.add(BUILD);
        return write(parts);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kept answer, or null when it no longer reads as the type (then it is computed again). */
    private <T> T read(String text, Argument<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException | RuntimeException e) {
            LOG.warn("A kept answer did not read as {}; computing it again: {}", type, e.getMessage());
            return null;
        }
    }
}
