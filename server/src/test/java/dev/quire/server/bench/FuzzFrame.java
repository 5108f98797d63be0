package dev.quire.server.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One client frame as the fuzzer writes it, any header at all: the well-formed masked frame of
 * RFC 6455 ({@link #text}, encoded by the load generator's {@link WsFrames#append}), or one with
 * FIN cleared, reserved bits set, a reserved opcode, no mask, a length that lies, or only a prefix
 * of its bytes on the wire ({@link #truncatedTo}).
 *
 * <p>A value: {@link #bytes()} is what goes on the wire, {@link #toString()} a description a
 * regression test can be written from.
 *
 * @param fin         the FIN bit
 * @param rsv         the three reserved bits (0..7), normally 0
 * @param opcode      0..15
 * @param masked      the MASK bit; the payload is masked with {@code mask} only if set
 * @param mask        the masking key
 * @param payload     the payload before masking
 * @param length      the payload length announced in the header; {@code -1} for the true length
 * @param truncatedTo how many bytes of the encoded frame go on the wire; {@code -1} for all
 */
record FuzzFrame(
        boolean fin, int rsv, int opcode, boolean masked, int mask, byte[] payload, long length, int truncatedTo) {
    FuzzFrame {
        payload = payload.clone();
        if (rsv < 0 || rsv > 7 || opcode < 0 || opcode > 15) {
            throw new IllegalArgumentException("FuzzFrame: rsv 0..7 and opcode 0..15, found " + rsv + ", " + opcode);
        }
    }

    /** A whole, masked frame: what a correct client sends. */
    static FuzzFrame of(boolean fin, int opcode, byte[] payload, int mask) {
        return new FuzzFrame(fin, 0, opcode, true, mask, payload, -1, -1);
    }

    /** One whole masked text frame. */
    static FuzzFrame text(byte[] utf8, int mask) {
        return of(true, WsFrames.TEXT, utf8, mask);
    }

    /** A copy announcing {@code announced} payload bytes whatever it carries. */
    FuzzFrame withLength(long announced) {
        return new FuzzFrame(fin, rsv, opcode, masked, mask, payload, announced, truncatedTo);
    }

    /** A copy of which only the first {@code bytes} encoded bytes are written. */
    FuzzFrame truncatedTo(int bytes) {
        return new FuzzFrame(fin, rsv, opcode, masked, mask, payload, length, bytes);
    }

    /** Whether the frame, as encoded, is what RFC 6455 allows on its own (ignoring fragment order). */
    boolean wellFormed() {
        boolean control = opcode >= WsFrames.CLOSE;
        boolean known = opcode <= WsFrames.BINARY
                || opcode == WsFrames.CLOSE
                || opcode == WsFrames.PING
                || opcode == WsFrames.PONG;
        return rsv == 0
                && known
                && masked
                && length == -1
                && truncatedTo == -1
                && (!control || fin && payload.length <= WsFrames.MAX_CONTROL_PAYLOAD);
    }

    /** The bytes written to the socket. */
    byte[] bytes() {
        if (wellFormed()) {
            ByteBuffer b = WsFrames.append(ByteBuffer.allocate(payload.length + 14), opcode, payload, mask);
            if (!fin) {
                b.array()[0] &= 0x7F;
            }
            return Arrays.copyOf(b.array(), b.position());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | rsv << 4 | opcode);
        long announced = length == -1 ? payload.length : length;
        int maskBit = masked ? 0x80 : 0;
        if (announced >= 0 && announced <= 125) {
            out.write(maskBit | (int) announced);
        } else if (announced >= 0 && announced <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write((int) (announced >>> 8));
            out.write((int) announced);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (announced >>> shift));
            }
        }
        byte[] key = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        if (masked) {
            out.write(key, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        byte[] all = out.toByteArray();
        return truncatedTo == -1 ? all : Arrays.copyOf(all, Math.min(truncatedTo, all.length));
    }

    @Override
    public String toString() {
        String shown;
        if (WsFrameReader.isUtf8(payload, 0, payload.length)) {
            String text = new String(payload, StandardCharsets.UTF_8);
            shown = text.length() <= 200 ? text : text.substring(0, 200) + "…(" + payload.length + " bytes)";
        } else {
            shown = payload.length <= 64
                    ? "0x" + HexFormat.of().formatHex(payload)
                    : "0x" + HexFormat.of().formatHex(payload, 0, 64) + "…(" + payload.length + " bytes)";
        }
        return "FuzzFrame[fin=" + fin + ", rsv=" + rsv + ", opcode=0x" + Integer.toHexString(opcode) + ", masked="
                + masked + ", length=" + length + ", truncatedTo=" + truncatedTo + ", payload=" + shown + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FuzzFrame f
                && fin == f.fin
                && rsv == f.rsv
                && opcode == f.opcode
                && masked == f.masked
                && mask == f.mask
                && length == f.length
                && truncatedTo == f.truncatedTo
                && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload) * 31 + opcode;
    }
}
