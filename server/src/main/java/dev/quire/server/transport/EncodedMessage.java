package dev.quire.server.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One encoded server message, as every connection that sends it shares it: its JSON text (the
 * HTTP fallback's poll answers, the send queue's byte count) and, made on first use and then
 * shared, its UTF-8 bytes (the WebSocket's frame payload). A batch sent to 1,000 editors is
 * encoded to UTF-8 once, not once per editor inside the WebSocket library (decision 035).
 * Thread-safe: two threads asking at once may both encode, and get equal bytes.
 */
final class EncodedMessage {
    private final String text;
    private volatile ByteBuffer utf8;

    EncodedMessage(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /** The length the send queue counts: characters (the bytes of ASCII JSON). */
    int length() {
        return text.length();
    }

    /** A view of the shared UTF-8 bytes with its own position, for one write; never written to. */
    ByteBuffer utf8() {
        ByteBuffer b = utf8;
        if (b == null) {
            b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            utf8 = b;
        }
        return b.duplicate();
    }
}
