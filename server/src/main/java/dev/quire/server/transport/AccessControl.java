package dev.quire.server.transport;

import dev.quire.server.security.Authenticator;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the transport needs for authentication: the token checker, how often open connections'
 * tokens are re-checked (empty with authentication off) and the per-user connection cap.
 *
 * @param authenticator         checks tokens, signs share links
 * @param recheck               {@code --auth-recheck}, when authentication is on
 * @param maxConnectionsPerUser {@code --max-connections-per-user}, 0 = unlimited
 */
public record AccessControl(Authenticator authenticator, Optional<Duration> recheck, int maxConnectionsPerUser) {
    public AccessControl {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(recheck, "recheck");
        if (maxConnectionsPerUser < 0) {
            throw new IllegalArgumentException("maxConnectionsPerUser must be >= 0, was " + maxConnectionsPerUser);
        }
    }

    /** Authentication off, no caps: every client is trusted. */
    public static AccessControl off() {
        return new AccessControl(Authenticator.off(), Optional.empty(), 0);
    }
}
