package dev.quire.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a connection or request acts as: the token's user id ({@code sub}), its display name
 * ({@code name}), its {@link Grants} and its expiry. With authentication off every client is
 * {@link #trusted()}: admin on every document, no expiry. Immutable.
 *
 * @param userId  the token's {@code sub}
 * @param name    the token's {@code name}, if it had one
 * @param grants  the roles per document pattern
 * @param expires the token's {@code exp}; empty only for {@link #trusted()}
 */
public record Principal(String userId, Optional<String> name, Grants grants, Optional<Instant> expires) {
    private static final Principal TRUSTED =
            new Principal("", Optional.empty(), Grants.everything(Role.ADMIN), Optional.empty());

    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(expires, "expires");
    }

    /** Authentication off: admin on everything, display names and sessions as the client says. */
    public static Principal trusted() {
        return TRUSTED;
    }

    /** Whether this is the principal of authentication off. */
    public boolean isTrusted() {
        return expires.isEmpty();
    }

    /** The highest role on {@code docId}, if any. */
    public Optional<Role> roleFor(String docId) {
        return grants.roleFor(docId);
    }

    /** Whether this principal has at least {@code role} on {@code docId}. */
    public boolean may(String docId, Role role) {
        return roleFor(docId).map(r -> r.includes(role)).orElse(false);
    }

    /**
     * Whether this principal has at least {@code role} on every document, present and future (its
     * {@code *} pattern grants it): what server-wide operations such as a backup need.
     */
    public boolean mayEverything(Role role) {
        Role all = grants.patterns().get("*");
        return all != null && all.includes(role);
    }

    /** The display name when authentication is on: {@code name}, else {@code sub}. */
    public String displayName() {
        return name.orElse(userId);
    }

    /**
     * The exactly-once key of a client's {@code session}: as it is with authentication off,
     * {@code <first 16 base64url characters of SHA-256(sub)>.<session>} with it on, so that one
     * user's {@code (session, seq)} can never be another's.
     */
    public String sessionKey(String session) {
        return isTrusted() ? session : userTag() + "." + session;
    }

    /** The client's own session id of a stored session key (the key itself without a user tag). */
    public static String clientSession(String sessionKey) {
        int dot = sessionKey.indexOf('.');
        return dot < 0 ? sessionKey : sessionKey.substring(dot + 1);
    }

    private String userTag() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Never prints the grants in full: the user id and expiry identify the principal in logs. */
    @Override
    public String toString() {
        return isTrusted() ? "Principal[trusted]" : "Principal[" + userId + ", expires " + expires.get() + "]";
    }
}
