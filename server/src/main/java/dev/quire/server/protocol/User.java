package dev.quire.server.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * How an editor is shown to others.
 *
 * @param name  trimmed, at most 64 characters, "Anonymous" when not given
 * @param color a {@code #rrggbb} colour chosen by the server
 */
public record User(String name, String color) {
    /** The name used when a join gives none. */
    public static final String ANONYMOUS = "Anonymous";

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(color, "color");
    }

    /** Trims a requested name, caps it at 64 characters (not splitting a surrogate pair), defaults it. */
    public static String cleanName(Optional<String> requested) {
        String name = requested.orElse("").strip();
        if (name.length() > 64) {
            int end = Character.isHighSurrogate(name.charAt(63)) ? 63 : 64;
            name = name.substring(0, end).strip();
        }
        return name.isEmpty() ? ANONYMOUS : name;
    }
}
