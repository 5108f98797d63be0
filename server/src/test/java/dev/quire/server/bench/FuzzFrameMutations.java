package dev.quire.server.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The fuzzer's frame-level mutations: frames RFC 6455 tells a server to fail the connection for
 * (binary, for Quire's protocol; reserved opcodes and bits; unmasked; over-long or fragmented
 * control frames; a continuation without a message; a text frame inside one; lengths that lie;
 * close frames with codes that must not be sent), a truncated frame, and the allowed oddities
 * (lone pings and pongs, an empty text frame). A frame after which the server must end the
 * connection marks the slot poisoned with its name; the slot's next step notes how the connection
 * ended and replaces it.
 */
final class FuzzFrameMutations {
    private static final int[] RESERVED_OPCODES = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF};
    private static final int[] BAD_CLOSE_CODES = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535};
    private static final int[] GOOD_CLOSE_CODES = {1000, 1001, 1002, 1003, 1007, 1008, 1011, 3000, 4000, 4999};

    private FuzzFrameMutations() {}

    /** Sends {@code payload} (a message's UTF-8) in one frame mutation. Returns the frames written. */
    static int send(ProtocolFuzzer fuzzer, FuzzSlot s, byte[] payload) {
        Random r = fuzzer.random();
        int mask = r.nextInt();
        int kind = r.nextInt(12);
        switch (kind) {
            case 0 -> {
                s.poisonedBy = "binary";
                return fuzzer.write(s, List.of(FuzzFrame.of(true, WsFrames.BINARY, payload, mask)));
            }
            case 1 -> {
                s.poisonedBy = "reserved opcode";
                int op = RESERVED_OPCODES[r.nextInt(RESERVED_OPCODES.length)];
                return fuzzer.write(s, List.of(new FuzzFrame(true, 0, op, true, mask, payload, -1, -1)));
            }
            case 2 -> {
                s.poisonedBy = "reserved bits";
                return fuzzer.write(s, List.of(new FuzzFrame(true, 1 + r.nextInt(7), 1, true, mask, payload, -1, -1)));
            }
            case 3 -> {
                s.poisonedBy = "unmasked";
                return fuzzer.write(s, List.of(new FuzzFrame(true, 0, 1, false, 0, payload, -1, -1)));
            }
            case 4 -> {
                s.poisonedBy = "control frame over 125 bytes";
                byte[] big = new byte[126 + r.nextInt(200)];
                return fuzzer.write(
                        s, List.of(FuzzFrame.of(true, r.nextBoolean() ? WsFrames.PING : WsFrames.PONG, big, mask)));
            }
            case 5 -> {
                s.poisonedBy = "fragmented control frame";
                return fuzzer.write(s, List.of(FuzzFrame.of(false, WsFrames.PING, new byte[3], mask)));
            }
            case 6 -> {
                s.poisonedBy = "continuation without a message";
                return fuzzer.write(s, List.of(FuzzFrame.of(r.nextBoolean(), WsFrames.CONTINUATION, payload, mask)));
            }
            case 7 -> {
                s.poisonedBy = "text frame inside a fragmented message";
                return fuzzer.write(
                        s,
                        List.of(
                                FuzzFrame.of(false, WsFrames.TEXT, payload, mask),
                                FuzzFrame.of(true, WsFrames.TEXT, payload, mask)));
            }
            case 8 -> {
                // Cut short, then the TCP connection ends: the server must free what it held for it.
                s.poisonedBy = "truncated frame, then the connection dropped";
                FuzzFrame f = FuzzFrame.text(payload, mask);
                int n = fuzzer.write(s, List.of(f.truncatedTo(1 + r.nextInt(Math.max(1, f.bytes().length - 1)))));
                s.socket.abort();
                return n;
            }
            case 9 -> {
                s.poisonedBy = "length beyond the limit";
                long announced = r.nextBoolean() ? 1L << (31 + r.nextInt(32)) : 1L << 63;
                byte[] some = new byte[1 + r.nextInt(4096)];
                return fuzzer.write(s, List.of(FuzzFrame.text(some, mask).withLength(announced)));
            }
            case 10 -> {
                byte[] data = new byte[r.nextInt(126)];
                r.nextBytes(data);
                return fuzzer.write(
                        s, List.of(FuzzFrame.of(true, r.nextBoolean() ? WsFrames.PING : WsFrames.PONG, data, mask)));
            }
            default -> {
                return fuzzer.write(s, List.of(FuzzFrame.text(new byte[0], mask)));
            }
        }
    }

    /** Sends a close frame, valid or not, sometimes followed by a data frame that must be ignored. */
    static int close(ProtocolFuzzer fuzzer, FuzzSlot s) {
        Random r = fuzzer.random();
        int mask = r.nextInt();
        byte[] payload;
        switch (r.nextInt(5)) {
            case 0 -> {
                s.poisonedBy = "close with a code that must not be sent";
                payload = WsFrames.closePayload(BAD_CLOSE_CODES[r.nextInt(BAD_CLOSE_CODES.length)], "");
            }
            case 1 -> {
                s.poisonedBy = "close of 1 byte";
                payload = new byte[] {3};
            }
            case 2 -> {
                s.poisonedBy = "close with a reason that is not UTF-8";
                payload = new byte[] {3, (byte) 0xE8, (byte) 0xFF, (byte) 0xFE};
            }
            case 3 -> {
                s.poisonedBy = "close without a status";
                payload = new byte[0];
            }
            default -> {
                s.poisonedBy = "close";
                payload = WsFrames.closePayload(GOOD_CLOSE_CODES[r.nextInt(GOOD_CLOSE_CODES.length)], "fuzz");
            }
        }
        FuzzFrame close = FuzzFrame.of(true, WsFrames.CLOSE, payload, mask);
        if (r.nextBoolean()) {
            byte[] after = "{\"type\":\"leave\",\"doc\":\"fz-a\"}".getBytes(StandardCharsets.UTF_8);
            return fuzzer.write(s, List.of(close, FuzzFrame.text(after, mask)));
        }
        return fuzzer.write(s, List.of(close));
    }
}
