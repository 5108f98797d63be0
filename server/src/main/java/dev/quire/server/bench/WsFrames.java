package dev.quire.server.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * RFC 6455 framing, the client's side: opcodes, close codes, and the encoding of one masked client
 * frame. Decoding the server's frames is {@link WsFrameReader}.
 *
 * <pre>
 *   byte 0: FIN | RSV1 RSV2 RSV3 (0) | opcode (4 bits)
 *   byte 1: MASK (1 from a client, 0 from a server) | length 0..125, or 126 / 127
 *   then    a 16-bit (126) or 64-bit (127) big-endian length, if announced
 *   then    the 4-byte masking key (client frames only)
 *   then    the payload, each byte i XOR key[i % 4] (client frames only)
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
final class WsFrames {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    static final int NORMAL_CLOSURE = 1000;
    static final int PROTOCOL_ERROR = 1002;
    static final int UNSUPPORTED_DATA = 1003;
    /** Received in a close frame without a status code; never sent. */
    static final int NO_STATUS = 1005;

    static final int INVALID_PAYLOAD = 1007;
    static final int MESSAGE_TOO_BIG = 1009;

    /** The largest payload a control frame may carry. */
    static final int MAX_CONTROL_PAYLOAD = 125;

    private WsFrames() {}

    /**
     * Appends one complete ({@code FIN}) frame masked with {@code mask} to {@code out}, which is in
     * filling mode (as after {@code clear} or {@code compact}), and returns it, or a larger copy if
     * it was too small. {@code out} must be array-backed.
     */
    static ByteBuffer append(ByteBuffer out, int opcode, byte[] payload, int mask) {
        int length = payload.length;
        int header = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer b = ensure(out, header + 4 + length);
        b.put((byte) (0x80 | opcode));
        if (length <= 125) {
            b.put((byte) (0x80 | length));
        } else if (length <= 0xFFFF) {
            b.put((byte) (0x80 | 126));
            b.putShort((short) length);
        } else {
            b.put((byte) (0x80 | 127));
            b.putLong(length);
        }
        b.putInt(mask);
        byte[] key = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        byte[] a = b.array();
        int at = b.arrayOffset() + b.position();
        for (int i = 0; i < length; i++) {
            a[at + i] = (byte) (payload[i] ^ key[i & 3]);
        }
        b.position(b.position() + length);
        return b;
    }

    /** The payload of a close frame: the status code, then the reason in UTF-8 (at most 123 bytes). */
    static byte[] closePayload(int status, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_CONTROL_PAYLOAD - 2) {
            throw new IllegalArgumentException(
                    "closePayload: reason over " + (MAX_CONTROL_PAYLOAD - 2) + " bytes: " + text.length);
        }
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (status >>> 8);
        payload[1] = (byte) status;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    /** {@code out}, or a copy of its content with room for at least {@code more} bytes. */
    static ByteBuffer ensure(ByteBuffer out, int more) {
        if (out.remaining() >= more) {
            return out;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + more));
        out.flip();
        bigger.put(out);
        return bigger;
    }

    /**
     * The server broke RFC 6455 (a masked frame, reserved bits, a bad opcode or length, invalid
     * UTF-8, …): the connection must fail with {@link #closeCode()}.
     */
    static final class ProtocolException extends Exception {
        private final int closeCode;

        ProtocolException(int closeCode, String message) {
            super(message);
            this.closeCode = closeCode;
        }

        int closeCode() {
            return closeCode;
        }
    }
}
