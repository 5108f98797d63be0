package dev.quire.server.bench;

import dev.quire.server.bench.WsFrames.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.transport.JsonCodec;
import java.util.Arrays;

/**
 * The batch frames {@link NioTransport} decoded lately, by their bytes (decision 054): the server
 * sends every editor of a document the same {@code ops} frame, so its bytes are checked to be
 * UTF-8, made a string and parsed once, and each further copy costs one comparison of bytes
 * (no string, no hash of it). Frames are found by a hash of their length and of at most 96
 * bytes at their start and 32 at their end (the document and the first version are near the
 * start); two frames in one slot only cost a parse.
 *
 * <p>Not thread-safe: owned by the {@code bench-io} thread.
 */
final class KnownFrames {
    private static final JsonCodec CODEC = new JsonCodec();
    /** Enough for the batches of a few documents whose frames interleave across sockets. */
    private static final int SLOTS = 64;

    private final byte[][] bytes = new byte[SLOTS][];
    private final ServerMessage[] messages = new ServerMessage[SLOTS];
    private long parsed;
    private long known;
    private long bytesRead;
    private long entries;

    /**
     * The message of the text frame {@code a[from..from+length)}: remembered if an {@code ops}
     * frame of the same bytes was decoded lately, else decoded (and remembered if it is one).
     *
     * @throws ProtocolException if the bytes are not UTF-8 (RFC 6455 fails the connection)
     * @throws RuntimeException if the text is not a server message
     */
    ServerMessage decode(byte[] a, int from, int length) throws ProtocolException {
        bytesRead += length;
        int slot = slot(a, from, length);
        byte[] b = bytes[slot];
        if (b != null && Arrays.equals(b, 0, b.length, a, from, from + length)) {
            known++;
            entries += ((ServerMessage.Ops) messages[slot]).ops().size();
            return messages[slot];
        }
        ServerMessage message = CODEC.decodeServer(WsFrameReader.utf8(a, from, length));
        parsed++;
        if (message instanceof ServerMessage.Ops m) {
            entries += m.ops().size();
            bytes[slot] = Arrays.copyOfRange(a, from, from + length);
            messages[slot] = message;
        }
        return message;
    }

    /** Hands {@code editor} the message of a text frame read at {@code readAt} (see {@link #decode}). */
    void deliver(byte[] a, int from, int length, BenchEditor editor, long readAt) throws ProtocolException {
        ServerMessage message;
        try {
            message = decode(a, from, length);
        } catch (RuntimeException e) {
            editor.onUnreadable(e);
            return;
        }
        editor.onMessage(message, readAt);
    }

    /** How many frames were parsed, and how many were found already decoded. */
    long parsed() {
        return parsed;
    }

    long known() {
        return known;
    }

    /** What the text frames held: for the generator's cost per received op (decision 054). */
    String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "%,d text frames (%,d parsed, %,d known), %,d batch entries, %,d bytes",
                parsed + known,
                parsed,
                known,
                entries,
                bytesRead);
    }

    private static int slot(byte[] a, int from, int length) {
        int h = length;
        for (int i = from, end = from + Math.min(length, 96); i < end; i++) {
            h = 31 * h + a[i];
        }
        for (int i = from + Math.max(96, length - 32), end = from + length; i < end; i++) {
            h = 31 * h + a[i];
        }
        h ^= h >>> 16;
        return h & (SLOTS - 1);
    }
}
