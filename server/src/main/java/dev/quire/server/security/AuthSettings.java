package dev.quire.server.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How clients prove who they are. Neither key set: authentication is off and every client is
 * trusted as {@code admin} (local use). One of them set: every REST call and WebSocket handshake
 * needs a signed JSON Web Token.
 *
 * @param jwtSecret    the HS256 secret ({@code --jwt-secret}, {@code QUIRE_JWT_SECRET}), at least 32 bytes
 * @param jwtPublicKey a PEM public key for RS256 or ES256 tokens ({@code --jwt-public-key})
 * @param recheck      how often an open connection's token expiry is checked ({@code --auth-recheck})
 */
public record AuthSettings(Optional<String> jwtSecret, Optional<Path> jwtPublicKey, Duration recheck) {
    /** The least secret length, in UTF-8 bytes: HS256's key must be as long as its hash (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    public AuthSettings {
        Objects.requireNonNull(jwtSecret, "jwtSecret");
        Objects.requireNonNull(jwtPublicKey, "jwtPublicKey");
        Objects.requireNonNull(recheck, "recheck");
        if (jwtSecret.isPresent() && jwtPublicKey.isPresent()) {
            throw new IllegalArgumentException("set either jwtSecret or jwtPublicKey, not both");
        }
    }

    /** Authentication off: every client is trusted as admin. */
    public static AuthSettings off() {
        return new AuthSettings(Optional.empty(), Optional.empty(), Duration.ofSeconds(60));
    }

    /** Whether tokens are required. */
    public boolean enabled() {
        return jwtSecret.isPresent() || jwtPublicKey.isPresent();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "AuthSettings[jwtSecret=" + (jwtSecret.isPresent() ? "(set)" : "(none)") + ", jwtPublicKey="
                + jwtPublicKey.map(Path::toString).orElse("(none)") + ", recheck=" + recheck + "]";
    }
}
