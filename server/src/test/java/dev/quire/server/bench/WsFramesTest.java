package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.bench.WsFrames.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link WsFrames} (masked client frames) and {@link WsFrameReader} (server frames). A client
 * frame is turned into the server frame carrying the same payload by {@link #unmask}, the
 * server's side of RFC 6455 5.3, written here independently of the code under test.
 */
class WsFramesTest {
    private static final String EMOJI_TEXT = "héllo 😀 wörld 🇫🇷 ❤️ ∑";

    @Test
    void maskedFramesOfEveryLengthFormRoundTrip() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int length : new int[] {0, 125, 126, 65535, 65536}) {
            String text = ascii(length, random);
            int mask = random.nextInt();
            byte[] frame = encode(WsFrames.TEXT, text.getBytes(StandardCharsets.UTF_8), mask);
            int header = length <= 125 ? 2 : length <= 65535 ? 4 : 10;
            assertEquals(header + 4 + length, frame.length, "frame of " + length);
            assertEquals((byte) 0x81, frame[0], "FIN + text, length " + length);
            assertEquals(0x80, frame[1] & 0x80, "mask bit, length " + length);
            assertEquals(mask, ByteBuffer.wrap(frame, header, 4).getInt(), "masking key, length " + length);
            assertEquals(List.of("text:" + text), readAll(unmask(frame)), "length " + length);
        }
    }

    @Test
    void lengthsUseTheShortestOfTheThreeForms() {
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0xFD}, header(125, 2));
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0xFE, 0x00, 0x7E}, header(126, 4));
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF}, header(65535, 4));
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0xFF, 0, 0, 0, 0, 0, 1, 0, 0}, header(65536, 10));
    }

    @Test
    void multiByteUtf8RoundTrips() throws Exception {
        byte[] utf8 = EMOJI_TEXT.getBytes(StandardCharsets.UTF_8);
        byte[] frame = encode(WsFrames.TEXT, utf8, 0x12345678);
        assertEquals(2 + 4 + utf8.length, frame.length);
        assertEquals(List.of("text:" + EMOJI_TEXT), readAll(unmask(frame)));
    }

    @Test
    void theMaskIsAppliedToEveryPayloadByte() {
        byte[] frame = encode(WsFrames.TEXT, "abcde".getBytes(StandardCharsets.US_ASCII), 0x01020304);
        assertArrayEquals(
                new byte[] {(byte) 0x81, (byte) 0x85, 1, 2, 3, 4, 'a' ^ 1, 'b' ^ 2, 'c' ^ 3, 'd' ^ 4, 'e' ^ 1}, frame);
    }

    @Test
    void appendGrowsAFullBufferAndKeepsWhatItHeld() {
        ByteBuffer out = ByteBuffer.allocate(4);
        out.put(new byte[] {9, 8});
        out = WsFrames.append(out, WsFrames.TEXT, new byte[] {'x'}, 0);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        assertArrayEquals(new byte[] {9, 8, (byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 'x'}, bytes);
    }

    @Test
    void aFrameSplitAtEveryByteDecodesTheSame() throws Exception {
        for (String text : List.of(EMOJI_TEXT, ascii(300, new SplittableRandom(7)))) {
            byte[] frame = unmask(encode(WsFrames.TEXT, text.getBytes(StandardCharsets.UTF_8), 0x5A5A5A5A));
            for (int split = 0; split <= frame.length; split++) {
                WsFrameReader reader = new WsFrameReader(1 << 20);
                Recorder events = new Recorder();
                ByteBuffer in = ByteBuffer.allocate(frame.length);
                in.put(frame, 0, split).flip();
                reader.read(in, events);
                assertEquals(
                        split == frame.length ? List.of("text:" + text) : List.of(),
                        events.events,
                        "first read of " + split + " bytes");
                assertEquals(split == frame.length ? split : 0, in.position(), "consumed after " + split + " bytes");
                in.compact().put(frame, split, frame.length - split).flip();
                reader.read(in, events);
                assertEquals(List.of("text:" + text), events.events, "split at " + split);
                assertEquals(0, in.remaining(), "left after split at " + split);
            }
        }
    }

    @Test
    void manyFramesInOneReadDecodeInOrderAndAPartialOneWaits() throws Exception {
        byte[] three = concat(
                serverFrame(0x81, bytes("one")),
                serverFrame(0x89, bytes("hi")),
                serverFrame(0x81, bytes("two")),
                Arrays.copyOf(serverFrame(0x81, bytes("three")), 4));
        ByteBuffer in = ByteBuffer.wrap(three);
        Recorder events = new Recorder();
        new WsFrameReader(1 << 20).read(in, events);
        assertEquals(List.of("text:one", "ping:hi", "text:two"), events.events);
        assertEquals(three.length - 4, in.position());
    }

    @Test
    void fragmentsReassembleAroundControlFrames() throws Exception {
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        // The emoji's four bytes are split between two fragments: UTF-8 is checked on the whole.
        byte[] stream = concat(
                serverFrame(0x01, bytes("Hel")),
                serverFrame(0x89, bytes("p")),
                serverFrame(0x00, concat(bytes("lo "), Arrays.copyOf(emoji, 2))),
                serverFrame(0x8A, bytes("pong")),
                serverFrame(0x80, Arrays.copyOfRange(emoji, 2, 4)),
                serverFrame(0x81, bytes("next")));
        assertEquals(List.of("ping:p", "text:Hello 😀", "text:next"), readAll(stream));
    }

    @Test
    void aCloseFrameEndsTheStream() throws Exception {
        byte[] stream = concat(
                serverFrame(0x88, concat(new byte[] {0x03, (byte) 0xE8}, bytes("bye"))),
                serverFrame(0x81, bytes("ignored")));
        assertEquals(List.of("close:1000:bye"), readAll(stream));
        assertEquals(List.of("close:1005:"), readAll(serverFrame(0x88, new byte[0])));
    }

    @Test
    void closePayloadCarriesTheStatusThenTheReason() {
        assertArrayEquals(new byte[] {0x03, (byte) 0xE8, 'o', 'k'}, WsFrames.closePayload(1000, "ok"));
        assertEquals(
                "closePayload: reason over 123 bytes: 124",
                assertThrows(IllegalArgumentException.class, () -> WsFrames.closePayload(1000, "x".repeat(124)))
                        .getMessage());
    }

    @Test
    void aMaskedServerFrameIsAProtocolError() {
        byte[] masked = encode(WsFrames.TEXT, bytes("hi"), 0x01020304);
        assertRejected(1002, "masked server frame", masked);
    }

    @Test
    void reservedBitsAreAProtocolError() {
        assertRejected(1002, "reserved bits 0x40", serverFrame(0xC1, bytes("hi")));
        assertRejected(1002, "reserved bits 0x10", serverFrame(0x91, bytes("hi")));
    }

    @Test
    void otherViolationsAreRejectedWithTheirCloseCodes() {
        assertRejected(1002, "reserved opcode 0x3", serverFrame(0x83, bytes("hi")));
        assertRejected(1002, "reserved opcode 0xb", serverFrame(0x8B, bytes("hi")));
        assertRejected(1002, "continuation frame without a message", serverFrame(0x80, bytes("hi")));
        assertRejected(
                1002,
                "text frame inside a fragmented message",
                concat(serverFrame(0x01, bytes("a")), serverFrame(0x81, bytes("b"))));
        assertRejected(1002, "fragmented control frame", serverFrame(0x09, bytes("p")));
        assertRejected(1002, "control frame of 126 bytes", serverFrame(0x89, new byte[126]));
        assertRejected(1002, "close frame of 1 byte", serverFrame(0x88, new byte[] {3}));
        assertRejected(1003, "binary message", serverFrame(0x82, bytes("hi")));
        assertRejected(1007, "invalid UTF-8", serverFrame(0x81, new byte[] {'a', (byte) 0xC0, (byte) 0xAF}));
        assertRejected(1009, "message over 16 bytes", serverFrame(0x81, new byte[17]));
        assertRejected(
                1009, "message over 16 bytes", concat(serverFrame(0x01, new byte[10]), serverFrame(0x80, new byte[7])));
        // The limit is checked on the header alone: the 17 bytes are never waited for.
        assertRejected(1009, "message over 16 bytes", new byte[] {(byte) 0x81, 17});
        assertRejected(1009, "message over 16 bytes", new byte[] {(byte) 0x81, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0});
    }

    @Test
    void utf8IsCheckedAsUnicodeDefinesIt() {
        assertTrue(WsFrameReader.isUtf8(bytes("€ 😀 \u007f \u0080 \uffff"), 0, 14));
        for (byte[] bad : List.of(
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
                new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80})) {
            assertEquals(false, WsFrameReader.isUtf8(bad, 0, bad.length), Arrays.toString(bad));
        }
    }

    @Test
    void utf8CheckAgreesWithTheJdksStrictDecoder() {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        int iterations = Integer.getInteger("quire.iterations", 20_000);
        System.out.println("[utf8] " + iterations + " cases, -Dquire.seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < iterations; i++) {
            byte[] b = new byte[random.nextInt(8)];
            for (int j = 0; j < b.length; j++) {
                // Mostly bytes >= 0x80, where the rules are.
                b[j] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            boolean jdk;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
                jdk = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdk = false;
            }
            assertEquals(jdk, WsFrameReader.isUtf8(b, 0, b.length), "seed " + seed + ": " + Arrays.toString(b));
        }
    }

    private static void assertRejected(int closeCode, String message, byte[] stream) {
        ProtocolException e = assertThrows(
                ProtocolException.class, () -> new WsFrameReader(16).read(ByteBuffer.wrap(stream), new Recorder()));
        assertEquals(message, e.getMessage());
        assertEquals(closeCode, e.closeCode(), message);
    }

    private static List<String> readAll(byte[] stream) throws ProtocolException {
        Recorder events = new Recorder();
        new WsFrameReader(1 << 20).read(ByteBuffer.wrap(stream), events);
        return events.events;
    }

    private static byte[] encode(int opcode, byte[] payload, int mask) {
        ByteBuffer out = WsFrames.append(ByteBuffer.allocate(16), opcode, payload, mask);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] header(int length, int headerBytes) {
        return Arrays.copyOf(encode(WsFrames.TEXT, new byte[length], 0), headerBytes);
    }

    /** The server frame with the same FIN, opcode and payload as a masked client frame. */
    private static byte[] unmask(byte[] clientFrame) {
        ByteBuffer in = ByteBuffer.wrap(clientFrame);
        int b0 = in.get() & 0xFF;
        int b1 = in.get() & 0xFF;
        assertEquals(0x80, b1 & 0x80, "client frames are masked");
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.getShort() & 0xFFFF;
        } else if (length == 127) {
            length = in.getLong();
        }
        byte[] key = new byte[4];
        in.get(key);
        byte[] payload = new byte[(int) length];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (in.get() ^ key[i % 4]);
        }
        assertEquals(0, in.remaining());
        return serverFrame(b0, payload);
    }

    /** An unmasked frame: {@code b0} (FIN, RSV, opcode) as given, the length in its shortest form. */
    private static byte[] serverFrame(int b0, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(b0);
        if (payload.length <= 125) {
            b.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            b.write(126);
            b.write(payload.length >>> 8);
            b.write(payload.length);
        } else {
            b.write(127);
            b.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        b.writeBytes(payload);
        return b.toByteArray();
    }

    private static String ascii(int length, SplittableRandom random) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) (' ' + random.nextInt(95)));
        }
        return b.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** Records what the reader reports, as {@code text:…}, {@code ping:…}, {@code close:code:reason}. */
    private static final class Recorder implements WsFrameReader.Handler {
        final List<String> events = new ArrayList<>();

        @Override
        public void onText(String text) {
            events.add("text:" + text);
        }

        @Override
        public void onPing(byte[] payload) {
            events.add("ping:" + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void onClose(int status, String reason) {
            events.add("close:" + status + ":" + reason);
        }
    }
}
