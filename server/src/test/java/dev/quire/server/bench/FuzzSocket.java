package dev.quire.server.bench;

import dev.quire.server.bench.WsFrames.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The fuzzer's raw WebSocket client: a blocking {@link Socket} that writes whatever
 * {@link FuzzFrame}s it is given, and a reader thread that decodes the server's frames with the
 * load generator's strict {@link WsFrameReader} (so a server frame RFC 6455 forbids is caught),
 * answers pings, echoes the close frame and hands each text message to its {@link Listener}.
 *
 * <p>Thread-safety: {@link #write} and {@link #close} may be called from any thread (writes are
 * serialised, so a pong never lands inside a frame); the listener is called on the reader thread.
 */
final class FuzzSocket implements AutoCloseable {
    /** What the server says. Called on this socket's reader thread. */
    interface Listener {
        void onText(FuzzSocket socket, String text);

        /** The server broke RFC 6455 (or the handshake's promises) on this connection. */
        void onViolation(FuzzSocket socket, String what);
    }

    /** The status of the server's close frame; {@code -1} if the connection ended without one. */
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private final Socket socket;
    private final OutputStream out;
    private final Listener listener;
    private final Object writeLock = new Object();
    private final String name;
    private volatile long writeStartedNanos;
    private boolean closeSent;

    private FuzzSocket(Socket socket, String name, Listener listener) throws IOException {
        this.socket = socket;
        this.name = name;
        this.out = socket.getOutputStream();
        this.listener = listener;
    }

    /**
     * Connects to {@code /ws} and completes the opening handshake with {@code headers} (each
     * {@code "Name: value"}) added to the request.
     *
     * @throws IOException if the connection or the handshake fails; a refused handshake says the
     *                     status line: {@code expected HTTP/1.1 101, found "HTTP/1.1 401 Unauthorized"}
     */
    static FuzzSocket open(InetSocketAddress address, String name, List<String> headers, Random random, Listener l)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, 10_000);
            socket.setSoTimeout(30_000);
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            String key = WsHandshake.key(nonce);
            URI url = URI.create("ws://" + address.getHostString() + ":" + address.getPort() + "/ws");
            String request = new String(WsHandshake.request(url, key), StandardCharsets.US_ASCII);
            StringBuilder extra = new StringBuilder();
            headers.forEach(h -> extra.append(h).append("\r\n"));
            request = request.substring(0, request.length() - 2) + extra + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            InputStream input = socket.getInputStream();
            while (true) {
                int n = input.read(in.array(), in.position(), in.remaining());
                if (n < 0) {
                    throw new IOException("closed during the handshake");
                }
                in.position(in.position() + n);
                in.flip();
                if (WsHandshake.readResponse(in, key)) {
                    break;
                }
                in.position(in.limit());
                in.limit(in.capacity());
            }
            socket.setSoTimeout(0);
            FuzzSocket s = new FuzzSocket(socket, name, l);
            in.compact();
            Thread reader = new Thread(() -> s.readLoop(in), "fuzz-read-" + name);
            reader.setDaemon(true);
            reader.start();
            return s;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Writes {@code bytes}; false if the connection is gone (it is then closed). */
    boolean write(byte[] bytes) {
        synchronized (writeLock) {
            if (socket.isClosed()) {
                return false;
            }
            writeStartedNanos = System.nanoTime();
            try {
                out.write(bytes);
                return true;
            } catch (IOException e) {
                abort();
                return false;
            } finally {
                writeStartedNanos = 0;
            }
        }
    }

    /** Writes a frame; false if the connection is gone. A close frame is remembered as sent. */
    boolean write(FuzzFrame frame) {
        synchronized (writeLock) {
            if (frame.opcode() == WsFrames.CLOSE) {
                closeSent = true;
            }
            return write(frame.bytes());
        }
    }

    /** How long the write in progress has been blocked, in nanoseconds; 0 if none is. */
    long writeBlockedNanos() {
        long started = writeStartedNanos;
        return started == 0 ? 0 : System.nanoTime() - started;
    }

    boolean isOpen() {
        return !socket.isClosed() && !closeCode.isDone();
    }

    String name() {
        return name;
    }

    /** Drops the TCP connection at once, without a closing handshake. */
    void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            // Gone either way.
        }
    }

    @Override
    public void close() {
        abort();
    }

    private void readLoop(ByteBuffer in) {
        WsFrameReader reader = new WsFrameReader(64 << 20);
        WsFrameReader.Handler handler = new WsFrameReader.Handler() {
            @Override
            public void onText(String text) {
                listener.onText(FuzzSocket.this, text);
            }

            @Override
            public void onPing(byte[] payload) {
                write(FuzzFrame.of(true, WsFrames.PONG, payload, 0x5a5a5a5a));
            }

            @Override
            public void onClose(int status, String reason) {
                synchronized (writeLock) {
                    if (!closeSent) {
                        byte[] echo = status == WsFrames.NO_STATUS ? new byte[0] : WsFrames.closePayload(status, "");
                        write(FuzzFrame.of(true, WsFrames.CLOSE, echo, 0x01020304));
                    }
                }
                closeCode.complete(status);
            }
        };
        try {
            InputStream input = socket.getInputStream();
            in.flip();
            while (true) {
                reader.read(in, handler);
                if (closeCode.isDone()) {
                    break;
                }
                in.compact();
                if (!in.hasRemaining()) {
                    in = WsFrames.ensure(in, in.capacity());
                }
                int n = input.read(in.array(), in.arrayOffset() + in.position(), in.remaining());
                if (n < 0) {
                    break;
                }
                in.position(in.position() + n);
                in.flip();
            }
        } catch (ProtocolException e) {
            listener.onViolation(this, "server frame breaks RFC 6455: " + e.getMessage());
        } catch (IOException e) {
            // Closed by this side or reset by the server: the connection is over.
        } catch (RuntimeException e) {
            listener.onViolation(this, "reading the server's frames failed: " + e);
        } finally {
            closeCode.complete(-1);
            abort();
        }
    }
}
