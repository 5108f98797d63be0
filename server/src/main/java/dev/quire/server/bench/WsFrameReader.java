package dev.quire.server.bench;

import static dev.quire.server.bench.WsFrames.BINARY;
import static dev.quire.server.bench.WsFrames.CLOSE;
import static dev.quire.server.bench.WsFrames.CONTINUATION;
import static dev.quire.server.bench.WsFrames.INVALID_PAYLOAD;
import static dev.quire.server.bench.WsFrames.MAX_CONTROL_PAYLOAD;
import static dev.quire.server.bench.WsFrames.MESSAGE_TOO_BIG;
import static dev.quire.server.bench.WsFrames.NO_STATUS;
import static dev.quire.server.bench.WsFrames.PING;
import static dev.quire.server.bench.WsFrames.PONG;
import static dev.quire.server.bench.WsFrames.PROTOCOL_ERROR;
import static dev.quire.server.bench.WsFrames.TEXT;
import static dev.quire.server.bench.WsFrames.UNSUPPORTED_DATA;

import dev.quire.server.bench.WsFrames.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the server's side of one RFC 6455 connection: unmasked frames taken from a read buffer
 * that may hold part of a frame or many frames, text messages reassembled from their fragments
 * (a text frame without FIN, then continuation frames up to one with FIN; control frames may come
 * in between) and checked to be UTF-8. Pongs are skipped; nothing is read after a close frame.
 *
 * <p>Anything RFC 6455 forbids a server to send fails with a {@link ProtocolException}: a masked
 * frame, reserved bits, a reserved opcode, a fragmented or over-long control frame, a continuation
 * without a message or a text frame inside one, invalid UTF-8, a message over the size limit. A
 * binary message fails too (close code 1003): it is not part of Quire's protocol.
 *
 * <p>Thread-safety: not thread-safe; owned by one connection's selector thread.
 */
final class WsFrameReader {
    /** What the frames say, in order. */
    interface Handler {
        /** One whole text message. */
        void onText(String text);

        /**
         * One whole text message as its bytes {@code a[from..from+length)}, not yet checked to be
         * UTF-8 and valid only during the call. The default checks them and calls
         * {@link #onText(String)}; a handler may first recognise bytes it has checked before.
         *
         * @throws ProtocolException if the bytes are not UTF-8
         */
        default void onText(byte[] a, int from, int length) throws ProtocolException {
            onText(utf8(a, from, length));
        }

        /** A ping, to be answered by a pong carrying the same {@code payload}. */
        void onPing(byte[] payload);

        /** A close frame; {@code status} is {@link WsFrames#NO_STATUS} if it carried none. */
        void onClose(int status, String reason);
    }

    private final int maxMessageBytes;
    /** The fragments so far of a text message whose first frame had no FIN. */
    private byte[] parts = new byte[0];

    private int partsLength;
    private boolean fragmented;
    private boolean closed;

    /** A reader that fails messages of more than {@code maxMessageBytes} bytes. */
    WsFrameReader(int maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes: expected >= 1, found " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Decodes every complete frame between {@code in}'s position and limit and tells
     * {@code handler}, in order; leaves the position at the start of the incomplete frame, if any
     * (the caller appends the next read after it and calls again). {@code in} must be array-backed.
     *
     * @throws ProtocolException if the server broke RFC 6455; the connection must then fail
     */
    void read(ByteBuffer in, Handler handler) throws ProtocolException {
        while (!closed) {
            int start = in.position();
            int available = in.limit() - start;
            if (available < 2) {
                return;
            }
            int b0 = in.get(start) & 0xFF;
            int b1 = in.get(start + 1) & 0xFF;
            if ((b0 & 0x70) != 0) {
                throw new ProtocolException(PROTOCOL_ERROR, "reserved bits 0x" + Integer.toHexString(b0 & 0x70));
            }
            if ((b1 & 0x80) != 0) {
                throw new ProtocolException(PROTOCOL_ERROR, "masked server frame");
            }
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            long length = b1 & 0x7F;
            int header = 2;
            if (length == 126) {
                if (available < 4) {
                    return;
                }
                length = in.getShort(start + 2) & 0xFFFF;
                header = 4;
            } else if (length == 127) {
                if (available < 10) {
                    return;
                }
                length = in.getLong(start + 2);
                header = 10;
            }
            check(opcode, fin, length);
            if (available - header < length) {
                return;
            }
            int from = start + header;
            in.position(from + (int) length);
            dispatch(opcode, fin, in.array(), in.arrayOffset() + from, (int) length, handler);
        }
    }

    /** Fails a frame by its header alone, so that a bad length is never waited for. */
    private void check(int opcode, boolean fin, long length) throws ProtocolException {
        if (opcode >= CLOSE) {
            if (opcode != CLOSE && opcode != PING && opcode != PONG) {
                throw new ProtocolException(PROTOCOL_ERROR, "reserved opcode 0x" + Integer.toHexString(opcode));
            }
            if (!fin) {
                throw new ProtocolException(PROTOCOL_ERROR, "fragmented control frame");
            }
            if (length > MAX_CONTROL_PAYLOAD) {
                throw new ProtocolException(PROTOCOL_ERROR, "control frame of " + length + " bytes");
            }
            return;
        }
        switch (opcode) {
            case TEXT -> {
                if (fragmented) {
                    throw new ProtocolException(PROTOCOL_ERROR, "text frame inside a fragmented message");
                }
            }
            case CONTINUATION -> {
                if (!fragmented) {
                    throw new ProtocolException(PROTOCOL_ERROR, "continuation frame without a message");
                }
            }
            case BINARY -> throw new ProtocolException(UNSUPPORTED_DATA, "binary message");
            default -> throw new ProtocolException(PROTOCOL_ERROR, "reserved opcode 0x" + Integer.toHexString(opcode));
        }
        // A negative 64-bit length (high bit set) is over any limit too.
        if (length < 0 || length > maxMessageBytes - (long) partsLength) {
            throw new ProtocolException(MESSAGE_TOO_BIG, "message over " + maxMessageBytes + " bytes");
        }
    }

    private void dispatch(int opcode, boolean fin, byte[] a, int from, int length, Handler handler)
            throws ProtocolException {
        switch (opcode) {
            case TEXT -> {
                if (fin) {
                    handler.onText(a, from, length);
                } else {
                    fragmented = true;
                    partsLength = 0;
                    appendPart(a, from, length);
                }
            }
            case CONTINUATION -> {
                appendPart(a, from, length);
                if (fin) {
                    fragmented = false;
                    int n = partsLength;
                    partsLength = 0;
                    handler.onText(parts, 0, n);
                }
            }
            case PING -> handler.onPing(Arrays.copyOfRange(a, from, from + length));
            case CLOSE -> {
                if (length == 1) {
                    throw new ProtocolException(PROTOCOL_ERROR, "close frame of 1 byte");
                }
                closed = true;
                int status = length == 0 ? NO_STATUS : (a[from] & 0xFF) << 8 | a[from + 1] & 0xFF;
                handler.onClose(status, length == 0 ? "" : utf8(a, from + 2, length - 2));
            }
            default -> {
                // PONG: this client sends no pings; an unsolicited pong is allowed and ignored.
            }
        }
    }

    private void appendPart(byte[] a, int from, int length) {
        if (partsLength + length > parts.length) {
            parts = Arrays.copyOf(parts, Math.max(parts.length * 2, partsLength + length));
        }
        System.arraycopy(a, from, parts, partsLength, length);
        partsLength += length;
    }

    /** {@code a[from..from+length)} as a string, if it is UTF-8. */
    static String utf8(byte[] a, int from, int length) throws ProtocolException {
        if (!isUtf8(a, from, from + length)) {
            throw new ProtocolException(INVALID_PAYLOAD, "invalid UTF-8");
        }
        return new String(a, from, length, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code a[from..to)} is well-formed UTF-8 (Unicode table 3-7: no overlong forms, no
     * surrogates, nothing above U+10FFFF). {@code new String(…, UTF_8)} would silently replace
     * what is not, and RFC 6455 requires the connection to fail instead.
     */
    static boolean isUtf8(byte[] a, int from, int to) {
        int i = from;
        while (i < to) {
            int b = a[i] & 0xFF;
            if (b < 0x80) {
                i++;
            } else if (b < 0xC2) {
                return false;
            } else if (b < 0xE0) {
                if (i + 1 >= to || !isContinuation(a[i + 1] & 0xFF)) {
                    return false;
                }
                i += 2;
            } else if (b < 0xF0) {
                if (i + 2 >= to) {
                    return false;
                }
                int b1 = a[i + 1] & 0xFF;
                int low = b == 0xE0 ? 0xA0 : 0x80;
                int high = b == 0xED ? 0x9F : 0xBF;
                if (b1 < low || b1 > high || !isContinuation(a[i + 2] & 0xFF)) {
                    return false;
                }
                i += 3;
            } else if (b < 0xF5) {
                if (i + 3 >= to) {
                    return false;
                }
                int b1 = a[i + 1] & 0xFF;
                int low = b == 0xF0 ? 0x90 : 0x80;
                int high = b == 0xF4 ? 0x8F : 0xBF;
                if (b1 < low || b1 > high || !isContinuation(a[i + 2] & 0xFF) || !isContinuation(a[i + 3] & 0xFF)) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean isContinuation(int b) {
        return (b & 0xC0) == 0x80;
    }
}
