package dev.quire.server.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A version of a document that someone named ("Sent to Ada"), so the history lists it by name.
 * A document has at most one name per version.
 *
 * @param version the version named, 0 or more
 * @param name    the name, not empty
 * @param time    when it was named (kept to the microsecond)
 */
public record NamedVersion(int version, String name, Instant time) {
    public NamedVersion {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        Objects.requireNonNull(time, "time");
    }
}
