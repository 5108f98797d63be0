package dev.quire.server.transport;

import dev.quire.server.protocol.ServerMessage;

/**
 * Encodes server messages, remembering the last one: a broadcast hands the same message to
 * every editor in a row, so it is encoded once. Thread-safe.
 */
final class EncodeCache {
    private record Last(ServerMessage message, String text) {}

    private final JsonCodec codec;
    private volatile Last last = new Last(null, null);

    EncodeCache(JsonCodec codec) {
        this.codec = codec;
    }

    String encode(ServerMessage message) {
        Last l = last;
        if (l.message() == message) {
            return l.text();
        }
        String text = codec.encode(message);
        last = new Last(message, text);
        return text;
    }
}
