package dev.quire.server.security;

import java.util.Optional;

/**
 * What a principal may do with a document, each role including the ones before it:
 * {@code read} (join, presence, REST reads) &lt; {@code write} (ops) &lt; {@code admin} (delete,
 * share links, sessions in the op log).
 */
public enum Role {
    READ("read"),
    /** Read, and comment: start threads, reply, edit and delete one's own comments (issue 17). */
    COMMENT("comment"),
    WRITE("write"),
    ADMIN("admin");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The role as it appears in tokens and JSON. */
    public String wire() {
        return wire;
    }

    /** Whether this role includes {@code other}. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role whose {@link #wire()} name is {@code wire}, if there is one. */
    public static Optional<Role> fromWire(String wire) {
        for (Role r : values()) {
            if (r.wire.equals(wire)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
