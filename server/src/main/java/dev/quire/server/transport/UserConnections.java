package dev.quire.server.transport;

import dev.quire.server.security.Principal;
import dev.quire.server.session.ClientSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The open connections by user, WebSocket and HTTP fallback alike (authentication on): the per-user cap
 * ({@code --max-connections-per-user}, 0 = unlimited; checked before the upgrade, enforced again
 * when the socket opens so concurrent handshakes cannot overshoot it) and the token re-check,
 * which closes with 4401 every connection whose token has expired, every {@code --auth-recheck}.
 * The trusted principal (authentication off) is neither counted nor re-checked. Thread-safe.
 */
final class UserConnections implements AutoCloseable {
    private final int maxPerUser;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService recheck;

    /**
     * @param maxPerUser open connections per user, 0 = unlimited
     * @param every      how often tokens are re-checked; empty with authentication off
     */
    UserConnections(int maxPerUser, java.util.Optional<Duration> every) {
        this.maxPerUser = maxPerUser;
        this.recheck = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quire-auth-recheck");
            t.setDaemon(true);
            return t;
        });
        every.ifPresent(
                d -> recheck.scheduleWithFixedDelay(this::recheck, d.toMillis(), d.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Whether {@code principal} already has as many connections as it may. */
    boolean atLimit(Principal principal) {
        return counted(principal) && open.getOrDefault(principal.userId(), 0) >= maxPerUser;
    }

    /** A socket opened; returns false if it takes the user over the cap (close it then). */
    boolean opened(ClientSession session) {
        sessions.add(session);
        Principal p = session.principal();
        return !counted(p) || open.merge(p.userId(), 1, Integer::sum) <= maxPerUser;
    }

    /** A socket opened by {@link #opened} closed. */
    void closed(ClientSession session) {
        sessions.remove(session);
        Principal p = session.principal();
        if (counted(p)) {
            open.computeIfPresent(p.userId(), (user, n) -> n <= 1 ? null : n - 1);
        }
    }

    private boolean counted(Principal p) {
        return !p.isTrusted() && maxPerUser > 0;
    }

    private void recheck() {
        Instant now = Instant.now();
        for (ClientSession s : sessions) {
            try {
                s.recheck(now);
            } catch (RuntimeException e) {
                // One connection's failure must not stop the re-check of the others.
            }
        }
    }

    @Override
    public void close() {
        recheck.shutdownNow();
    }
}
