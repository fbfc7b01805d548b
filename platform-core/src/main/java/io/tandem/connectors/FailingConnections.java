package io.tandem.connectors;

import io.tandem.feedback.Notifier;
import io.tandem.feedback.Webhooks;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.TeamDirectory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A connection whose syncs keep failing (an expired token, a vendor down for days) stops hammering
 * the vendor and tells its admins, once: after {@value #FAILURES_BEFORE_PAUSE} failed runs in a row
 * its schedule pauses, twice as long after each further failure (up to a day), and the admins get a
 * notification, an e-mail and the {@code connection.failing} webhook. A sync that succeeds (or stops
 * at the vendor's quota) ends the streak; "Sync now" still works while paused.
 *
 * <p>Credentials that died for good (the connector says {@code ReconnectRequired}) need no streak:
 * the schedule stops at the first such run until an admin saves new settings, and the admins are
 * asked to reconnect once, however many runs fail that way meanwhile.
 */
@Singleton
class FailingConnections {

    static final int FAILURES_BEFORE_PAUSE = 3;
    private static final Duration FIRST_PAUSE = Duration.ofMinutes(30);
    private static final Duration LONGEST_PAUSE = Duration.ofDays(1);

    private final SyncStore store;
    private final ConnectionStore connections;
    private final Notifier notifier;
    private final TeamDirectory team;
    private final Clock clock;

    FailingConnections(SyncStore store, ConnectionStore connections, Notifier notifier, TeamDirectory team, Clock clock) {
        this.store = store;
        this.connections = connections;
        this.notifier = notifier;
        this.team = team;
        this.clock = clock;
    }

    /** After a run ended; inside the tenant's transaction that ends it (the announcement leaves when it commits). */
    void record(UUID tenantId, UUID connectionId, SyncRunner.Outcome outcome) {
        switch (outcome.status()) {
            case "succeeded", "partial" -> store.clearFailures(connectionId);
            case "failed" -> {
                if (outcome.reconnect()) {
                    reconnect(tenantId, connectionId, outcome.message());
                } else {
                    failed(tenantId, connectionId, outcome.message());
                }
            }
            default -> {
                // a cancelled run says nothing about the connection
            }
        }
    }

    private void failed(UUID tenantId, UUID connectionId, String message) {
        SyncStore.FailureStreak streak = store.addFailure(connectionId);
        if (streak.failures() < FAILURES_BEFORE_PAUSE) {
            return;
        }
        Instant now = clock.instant();
        long doublings = Math.min(streak.failures() - FAILURES_BEFORE_PAUSE, 10);
        Duration pause = FIRST_PAUSE.multipliedBy(1L << doublings);
        Instant until = now.plus(pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause);
        store.pause(connectionId, until, true);
        if (!streak.announced()) {
            String name = name(connectionId);
            notifier.announce(tenantId, admins(tenantId), new Notifier.Notice(Webhooks.CONNECTION_FAILING,
                    "Sync failing: " + name,
                    "The last " + streak.failures() + " syncs of " + name + " failed; its schedule pauses until " + until
                            + ". The last error: " + (message == null ? "unknown" : message),
                    "Open Connections in Tandem to check the connection's settings and sync it again.",
                    connectionId, Map.of("connectionId", connectionId.toString(), "connection", name,
                            "failures", streak.failures(), "pausedUntil", until.toString())));
        }
    }

    private void reconnect(UUID tenantId, UUID connectionId, String message) {
        store.addFailure(connectionId);
        if (store.requireReconnect(connectionId)) {
            return;
        }
        String name = name(connectionId);
        notifier.announce(tenantId, admins(tenantId), new Notifier.Notice(Webhooks.CONNECTION_FAILING,
                "Reconnect " + name,
                name + " can no longer sign in to its source: " + (message == null ? "the credentials were refused." : message)
                        + " Its scheduled syncs wait until it is reconnected.",
                "Open Connections in Tandem and enter the connection's credentials again.",
                connectionId, Map.of("connectionId", connectionId.toString(), "connection", name, "reconnectRequired", true)));
    }

    private String name(UUID connectionId) {
        return connections.find(connectionId).map(StoredConnection::name).orElse("A connection");
    }

    private List<Notifier.Recipient> admins(UUID tenantId) {
        return team.activeMembers(tenantId).stream().filter(m -> m.role() == Role.ADMIN)
                .map(m -> new Notifier.Recipient(m.id(), m.email())).toList();
    }
}
