package dev.quire.server.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A scripted WebSocket server for the tests of the bench's own client ({@link NioTransportTest},
 * {@link NioHandshakeTest}): a real socket on a loopback port, one connection, and a script that
 * reads and writes its bytes, for what Quire's server never does.
 */
final class ScriptedServer {
    private ScriptedServer() {}

    /** One scripted connection: its input and output streams. */
    interface Script {
        void run(InputStream in, OutputStream out) throws Exception;
    }

    /** A listener on a free loopback port. */
    static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /** The {@code ws://} URL of {@code listener}'s {@code /ws}. */
    static URI url(ServerSocket listener) {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/ws");
    }

    /** Accepts one connection and runs {@code script} on it (reads time out after 10 s). */
    static void serve(ServerSocket listener, Script script) {
        try (Socket s = listener.accept()) {
            s.setSoTimeout(10_000);
            script.run(s.getInputStream(), s.getOutputStream());
        } catch (Exception e) {
            throw new AssertionError("script failed: " + e, e);
        }
    }

    /** Reads the request head and answers it as RFC 6455 says. */
    static void accept(InputStream in, OutputStream out) throws IOException {
        String key = key(readHead(in));
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + WsHandshake.accept(key) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The {@code Sec-WebSocket-Key} of a request head. */
    static String key(String head) {
        return head.lines()
                .filter(l -> l.startsWith("Sec-WebSocket-Key: "))
                .findFirst()
                .orElseThrow()
                .substring("Sec-WebSocket-Key: ".length());
    }

    /** Reads a request head, up to and with its blank line. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream in the request head");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
