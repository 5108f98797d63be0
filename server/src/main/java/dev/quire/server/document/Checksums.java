package dev.quire.server.document;

import dev.quire.server.protocol.TextChecksum;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The checksums of one document's text at every {@code --checksum-every}-th version, from when
 * the op of that version is applied (the text is at that version only then) until it is durable
 * and its ack and op carry the checksum out.
 *
 * <p>Owned by the live document's mailbox; not thread-safe.
 */
final class Checksums {
    private final int every;
    private final Map<Integer, String> pending = new HashMap<>();

    /** @param every versions between checksums; 0 for none */
    Checksums(int every) {
        this.every = every;
    }

    /** The op of {@code version} was applied; {@code text} is the text now. */
    void applied(int version, Supplier<String> text) {
        if (every > 0 && version % every == 0) {
            pending.put(version, TextChecksum.of(text.get()));
        }
    }

    /** The checksum to send with {@code version}, if it has one; then forgotten. */
    Optional<String> take(int version) {
        return Optional.ofNullable(pending.remove(version));
    }

    /** The ops in flight were abandoned. */
    void clear() {
        pending.clear();
    }
}
