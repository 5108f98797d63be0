package dev.quire.server.session;

import dev.quire.server.security.Principal;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which user first presented each client session id since the server started (authentication
 * on): a session belongs to that user, and another user presenting it is refused
 * {@code forbidden}. Exactly-once keys are bound to the user anyway
 * ({@link Principal#sessionKey}), so this only makes the refusal explicit: nobody can be acked for
 * another user's op, nor block it. One entry per session id, kept while the server runs.
 * Thread-safe.
 */
public final class SessionOwners {
    private final ConcurrentHashMap<String, String> owners = new ConcurrentHashMap<>();

    /**
     * Records {@code principal} as the owner of {@code session} if it has none; returns whether
     * the session is the principal's. The trusted principal (authentication off) owns every session.
     */
    public boolean claim(String session, Principal principal) {
        if (principal.isTrusted()) {
            return true;
        }
        return owners.computeIfAbsent(session, s -> principal.userId()).equals(principal.userId());
    }
}
