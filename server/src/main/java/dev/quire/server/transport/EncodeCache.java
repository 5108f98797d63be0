package dev.quire.server.transport;

import dev.quire.server.protocol.ServerMessage;

/**
 * Encodes server messages, remembering the last one: a broadcast hands the same message to
 * every editor in a row, so it is encoded once, and its {@link EncodedMessage} (text and UTF-8 bytes) is
 * shared by every connection it goes to. Thread-safe.
 */
final class EncodeCache {
    private record Last(ServerMessage message, EncodedMessage encoded) {}

    private final JsonCodec codec;
    private volatile Last last = new Last(null, null);

    EncodeCache(JsonCodec codec) {
        this.codec = codec;
    }

    EncodedMessage encode(ServerMessage message) {
        Last l = last;
        if (l.message() == message) {
            return l.encoded();
        }
        EncodedMessage encoded = new EncodedMessage(codec.encode(message));
        last = new Last(message, encoded);
        return encoded;
    }
}
