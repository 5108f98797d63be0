package dev.quire.server.bench;

import static dev.quire.server.bench.ScriptedServer.key;
import static dev.quire.server.bench.ScriptedServer.listen;
import static dev.quire.server.bench.ScriptedServer.readHead;
import static dev.quire.server.bench.ScriptedServer.serve;
import static dev.quire.server.bench.ScriptedServer.url;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.QuireServer;
import dev.quire.server.config.ConfigParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NioHandshake} over real sockets: its request, read back by a scripted server or answered
 * by Quire's own server; a response that arrives in pieces; a wrong answer.
 */
class NioHandshakeTest {
    @TempDir
    Path data;

    @Test
    void theRequestCarriesAKeyOfSixteenBytesFromTheRandom() {
        WsHandshake.Target target = new WsHandshake.Target(URI.create("ws://127.0.0.1:8080/ws"), Optional.empty());
        byte[] random16 = new byte[16];
        new SplittableRandom(7).nextBytes(random16);
        assertEquals(
                new String(target.request(WsHandshake.key(random16)), StandardCharsets.US_ASCII),
                new String(new NioHandshake(target).request(new SplittableRandom(7)), StandardCharsets.US_ASCII));
    }

    @Test
    void quiresServerAcceptsTheRequest() throws Exception {
        try (QuireServer server = new QuireServer(ConfigParser.parse(
                        List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString()), Map.of()));
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
            NioHandshake handshake = handshake(URI.create("ws://127.0.0.1:" + server.port() + "/ws"));
            channel.write(ByteBuffer.wrap(handshake.request(new SplittableRandom(1))));
            ByteBuffer in = ByteBuffer.allocate(16 * 1024);
            while (!readAndCheck(channel, in, handshake)) {
                assertFalse(handshake.ended(), "ended before the whole head was read");
            }
            assertTrue(handshake.ended());
            assertEquals(null, handshake.opened().get(0, TimeUnit.SECONDS));
            // Nothing follows the head until the client speaks.
            assertEquals(0, in.position());
        }
    }

    @Test
    void aResponseInPiecesIsCheckedOnceWholeAndTheFrameAfterItStays() throws Exception {
        CountDownLatch firstPieceRead = new CountDownLatch(1);
        String firstPiece = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n";
        byte[] frame = {(byte) 0x81, 2, 'h', 'i'};
        try (ServerSocket listener = listen()) {
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> serve(listener, (in, out) -> {
                String key = key(readHead(in));
                out.write(firstPiece.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                firstPieceRead.await(10, TimeUnit.SECONDS);
                out.write(("Connection: Upgrade\r\nSec-WebSocket-Accept: " + WsHandshake.accept(key) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(frame);
                out.flush();
            }));
            try (SocketChannel channel = SocketChannel.open(listener.getLocalSocketAddress())) {
                NioHandshake handshake = handshake(url(listener));
                channel.write(ByteBuffer.wrap(handshake.request(new SplittableRandom(2))));
                ByteBuffer in = ByteBuffer.allocate(16 * 1024);
                while (in.position() < firstPiece.length()) {
                    assertFalse(readAndCheck(channel, in, handshake));
                }
                assertFalse(handshake.ended());
                firstPieceRead.countDown();
                while (!readAndCheck(channel, in, handshake)) {
                    assertFalse(handshake.ended());
                }
                assertTrue(handshake.ended());
                handshake.opened().get(0, TimeUnit.SECONDS);
                while (in.position() < frame.length) {
                    channel.read(in);
                }
                assertArrayEquals(frame, Arrays.copyOf(in.array(), in.position()));
            }
            script.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerThatDoesNotUpgradeFailsTheHandshakeAndSaysWhy() throws Exception {
        try (ServerSocket listener = listen()) {
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> serve(listener, (in, out) -> {
                readHead(in);
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }));
            try (SocketChannel channel = SocketChannel.open(listener.getLocalSocketAddress())) {
                NioHandshake handshake = handshake(url(listener));
                channel.write(ByteBuffer.wrap(handshake.request(new SplittableRandom(3))));
                ByteBuffer in = ByteBuffer.allocate(16 * 1024);
                IOException e = assertThrows(IOException.class, () -> {
                    while (!readAndCheck(channel, in, handshake)) {
                        // until the whole head is in
                    }
                });
                assertEquals("expected HTTP/1.1 101, found \"HTTP/1.1 404 Not Found\"", e.getMessage());
                // The connection fails it, with the reason its opener sees.
                assertFalse(handshake.ended());
                handshake.fail(e);
                assertEquals(
                        e,
                        assertThrows(Exception.class, () -> handshake.opened().get(0, TimeUnit.SECONDS))
                                .getCause());
            }
            script.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aResponseBeforeTheRequestIsAFaultOfTheCaller() {
        NioHandshake handshake = handshake(URI.create("ws://127.0.0.1:8080/ws"));
        assertEquals(
                "readResponse: no request was made",
                assertThrows(IllegalStateException.class, () -> handshake.readResponse(ByteBuffer.allocate(16)))
                        .getMessage());
    }

    @Test
    void aFailureAfterTheOpeningChangesNothing() throws Exception {
        NioHandshake handshake = handshake(URI.create("ws://127.0.0.1:8080/ws"));
        handshake.request(new SplittableRandom(4));
        // The connection's request key, answered as RFC 6455 says.
        byte[] random16 = new byte[16];
        new SplittableRandom(4).nextBytes(random16);
        ByteBuffer in = ByteBuffer.wrap(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                        + WsHandshake.accept(WsHandshake.key(random16)) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertTrue(handshake.readResponse(in));
        handshake.fail(new IOException("closed before the handshake completed"));
        assertEquals(null, handshake.opened().get(0, TimeUnit.SECONDS));
    }

    private static NioHandshake handshake(URI url) {
        return new NioHandshake(new WsHandshake.Target(url, Optional.empty()));
    }

    /** One blocking read into {@code in}, then {@link NioHandshake#readResponse} as the connection calls it. */
    private static boolean readAndCheck(SocketChannel channel, ByteBuffer in, NioHandshake handshake)
            throws IOException {
        if (channel.read(in) < 0) {
            throw new IOException("end of stream before the response head");
        }
        in.flip();
        try {
            return handshake.readResponse(in);
        } finally {
            in.compact();
        }
    }
}
