package dev.quire.server.bench;

import static dev.quire.server.bench.ScriptedServer.accept;
import static dev.quire.server.bench.ScriptedServer.key;
import static dev.quire.server.bench.ScriptedServer.listen;
import static dev.quire.server.bench.ScriptedServer.readHead;
import static dev.quire.server.bench.ScriptedServer.serve;
import static dev.quire.server.bench.ScriptedServer.url;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link NioTransport} and {@link NioConnection} against a scripted server on a real socket, for
 * what Quire's server never does: a bad handshake, pings, fragments, a masked frame, a close.
 */
class NioTransportTest {
    @Test
    void aWrongAcceptFailsTheOpenAndSaysWhy() throws Exception {
        try (ServerSocket listener = listen();
                NioTransport transport = new NioTransport(1)) {
            CompletableFuture<String> key = new CompletableFuture<>();
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> serve(listener, (in, out) -> {
                key.complete(key(readHead(in)));
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Accept: AAAA\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }));
            URI url = url(listener);
            BenchEditor editor =
                    new BenchEditor("d", "s", BenchEditor.Mode.CLOSED_LOOP, 1, 1, BenchEditor.newErrorMap());
            IOException e = assertThrows(IOException.class, () -> transport.open(url, Optional.empty(), editor));
            assertEquals(
                    url + ": expected Sec-WebSocket-Accept: " + WsHandshake.accept(key.get()) + ", found AAAA",
                    e.getMessage());
            script.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void nothingListeningFailsTheOpen() throws Exception {
        URI url;
        try (ServerSocket listener = listen()) {
            url = url(listener);
        }
        try (NioTransport transport = new NioTransport(1)) {
            BenchEditor editor =
                    new BenchEditor("d", "s", BenchEditor.Mode.CLOSED_LOOP, 1, 1, BenchEditor.newErrorMap());
            assertEquals(
                    url + ": Connection refused",
                    assertThrows(IOException.class, () -> transport.open(url, Optional.empty(), editor))
                            .getMessage());
        }
    }

    @Test
    void pingsAreAnsweredFragmentsJoinAndAMaskedFrameIsAProtocolError() throws Exception {
        Map<String, AtomicLong> errors = BenchEditor.newErrorMap();
        try (ServerSocket listener = listen();
                NioTransport transport = new NioTransport(1)) {
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> serve(listener, (in, out) -> {
                accept(in, out);
                assertEquals(
                        "{\"type\":\"join\",\"doc\":\"d\",\"session\":\"s\",\"user\":{\"name\":\"s\"},\"accept\":[\"ops\"]}",
                        new String(readFrame(in, 0x81), StandardCharsets.UTF_8));
                out.write(frame(0x01, "{\"type\":\"joined\",\"doc\":\"d\",\"version\":3,"));
                out.write(frame(0x89, "abc"));
                out.write(frame(0x80, "\"content\":\"héllo 😀\",\"clientId\":\"c1\",\"role\":\"admin\",\"peers\":[]}"));
                out.flush();
                assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), readFrame(in, 0x8A));
                // A server must not mask: the client fails the connection with 1002.
                out.write(new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2});
                out.flush();
                assertArrayEquals(new byte[] {0x03, (byte) 0xEA}, readFrame(in, 0x88));
                assertEquals(-1, in.read());
            }));
            BenchEditor editor = new BenchEditor("d", "s", BenchEditor.Mode.CLOSED_LOOP, 1, 1, errors);
            editor.connect(transport, url(listener), Optional.empty());
            assertEquals(3, editor.version());
            assertEquals("héllo 😀", editor.text());
            script.get(10, TimeUnit.SECONDS);
        }
        assertEquals(Map.of("protocol-error: masked server frame", 1L), counts(errors));
    }

    @Test
    void aCloseFromTheServerIsAnsweredAndCounted() throws Exception {
        Map<String, AtomicLong> errors = BenchEditor.newErrorMap();
        try (ServerSocket listener = listen();
                NioTransport transport = new NioTransport(1)) {
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> serve(listener, (in, out) -> {
                accept(in, out);
                readFrame(in, 0x81);
                out.write(
                        frame(
                                0x81,
                                "{\"type\":\"joined\",\"doc\":\"d\",\"version\":0,\"content\":\"\",\"clientId\":\"c1\",\"role\":\"admin\",\"peers\":[]}"));
                out.write(frame(0x88, new byte[] {0x03, (byte) 0xE9, 'b', 'y', 'e'}));
                out.flush();
                assertArrayEquals(new byte[] {0x03, (byte) 0xE9}, readFrame(in, 0x88));
                assertEquals(-1, in.read());
            }));
            BenchEditor editor = new BenchEditor("d", "s", BenchEditor.Mode.CLOSED_LOOP, 1, 1, errors);
            editor.connect(transport, url(listener), Optional.empty());
            script.get(10, TimeUnit.SECONDS);
        }
        assertEquals(Map.of("closed-by-server: 1001", 1L), counts(errors));
    }

    @Test
    void closingSendsACloseFrameAfterWhatWasQueued() throws Exception {
        Map<String, AtomicLong> errors = BenchEditor.newErrorMap();
        try (ServerSocket listener = listen();
                NioTransport transport = new NioTransport(1)) {
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> serve(listener, (in, out) -> {
                accept(in, out);
                readFrame(in, 0x81);
                out.write(
                        frame(
                                0x81,
                                "{\"type\":\"joined\",\"doc\":\"d\",\"version\":0,\"content\":\"\",\"clientId\":\"c1\",\"role\":\"admin\",\"peers\":[]}"));
                out.flush();
                // Seed 1's first edit inserts "p" into the empty text.
                assertEquals(
                        "{\"type\":\"op\",\"doc\":\"d\",\"version\":0,\"seq\":1,\"op\":[\"p\"]}",
                        new String(readFrame(in, 0x81), StandardCharsets.UTF_8));
                byte[] close = readFrame(in, 0x88);
                assertEquals("\u0003\u00e8bench done", new String(close, StandardCharsets.ISO_8859_1));
                out.write(frame(0x88, close));
                out.flush();
                assertEquals(-1, in.read());
            }));
            BenchEditor editor = new BenchEditor("d", "s", BenchEditor.Mode.CLOSED_LOOP, 1, 1, errors);
            editor.connect(transport, url(listener), Optional.empty());
            // Both from this thread, not bench-io: handed over in order.
            editor.start();
            editor.close();
            script.get(10, TimeUnit.SECONDS);
        }
        assertEquals(Map.of(), counts(errors));
    }

    /** Reads one client frame, checks its first byte and that it is masked, and unmasks its payload. */
    private static byte[] readFrame(InputStream stream, int b0) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        assertEquals(b0, in.readUnsignedByte(), "first byte");
        int b1 = in.readUnsignedByte();
        assertEquals(0x80, b1 & 0x80, "mask bit");
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] key = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= key[i % 4];
        }
        return payload;
    }

    private static byte[] frame(int b0, String payload) {
        return frame(b0, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** An unmasked server frame of at most 125 bytes. */
    private static byte[] frame(int b0, byte[] payload) {
        byte[] f = new byte[2 + payload.length];
        f[0] = (byte) b0;
        f[1] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 2, payload.length);
        return f;
    }

    private static Map<String, Long> counts(Map<String, AtomicLong> errors) {
        return errors.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }
}
