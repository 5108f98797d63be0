package dev.quire.server.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The short checksum of a document's text that {@code ack} and {@code op} messages carry every
 * {@code --checksum-every} versions (Wave's hashed versions, in small): 32-bit FNV-1a over the
 * text's UTF-8 bytes, as 8 lowercase hex digits. {@code ""} is {@code 811c9dc5}, {@code "a"} is
 * {@code e40c292c}. A replica whose text at that version has another checksum has diverged.
 *
 * <p>It finds accidents (a bug, an extension that changed the page's text), not attacks: a
 * tampered client can report what it likes, and the server never trusts a client's text anyway.
 * The web editor computes the same function (docs/protocol.md). Stateless.
 */
public final class TextChecksum {
    private TextChecksum() {}

    /** The checksum of {@code text}. */
    public static String of(String text) {
        int h = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return String.format("%08x", h);
    }
}
