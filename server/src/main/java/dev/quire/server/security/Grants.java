package dev.quire.server.security;

import dev.quire.server.protocol.Ids;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A token's {@code docs} claim: document-id pattern to role. A pattern is an exact document id,
 * a prefix ending in {@code *} ({@code team-*}) or {@code *}; the highest role of every matching
 * pattern wins. Example: {@code {"*":"read","team-*":"write","team-plan":"admin"}}. Immutable.
 */
public record Grants(Map<String, Role> patterns) {
    private static final int MAX_PATTERNS = 1000;

    public Grants {
        patterns = Map.copyOf(patterns);
        for (String p : patterns.keySet()) {
            if (!isPattern(p)) {
                throw new IllegalArgumentException("not a document pattern: " + p);
            }
        }
    }

    /** Grants nothing. */
    public static Grants none() {
        return new Grants(Map.of());
    }

    /** One role on every document. */
    public static Grants everything(Role role) {
        return new Grants(Map.of("*", role));
    }

    /**
     * Reads the {@code docs} claim as the JSON library parsed it (absent: no documents).
     *
     * @throws AuthException for anything but an object of valid patterns to {@code read}, {@code write} or {@code admin}
     */
    public static Grants fromClaim(Object claim) throws AuthException {
        if (claim == null) {
            return none();
        }
        if (!(claim instanceof Map<?, ?> map)) {
            throw new AuthException("claim docs: expected an object of document patterns to roles");
        }
        if (map.size() > MAX_PATTERNS) {
            throw new AuthException("claim docs: more than " + MAX_PATTERNS + " patterns");
        }
        Map<String, Role> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String pattern = String.valueOf(e.getKey());
            if (!isPattern(pattern)) {
                throw new AuthException(
                        "claim docs: a pattern is a document id, a prefix ending in * or *; found an invalid one");
            }
            Optional<Role> role = e.getValue() instanceof String s ? Role.fromWire(s) : Optional.empty();
            if (role.isEmpty()) {
                throw new AuthException("claim docs: roles are read, write or admin");
            }
            out.put(pattern, role.get());
        }
        return new Grants(out);
    }

    /** The highest role granted on {@code docId}, if any. */
    public Optional<Role> roleFor(String docId) {
        Objects.requireNonNull(docId, "docId");
        Role best = null;
        for (Map.Entry<String, Role> e : patterns.entrySet()) {
            if (matches(e.getKey(), docId) && (best == null || e.getValue().includes(best))) {
                best = e.getValue();
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean matches(String pattern, String docId) {
        return pattern.endsWith("*")
                ? docId.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(docId);
    }

    private static boolean isPattern(String p) {
        if (p.equals("*")) {
            return true;
        }
        String id = p.endsWith("*") ? p.substring(0, p.length() - 1) : p;
        return Ids.isDocId(id);
    }
}
