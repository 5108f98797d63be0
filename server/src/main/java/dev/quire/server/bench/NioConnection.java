package dev.quire.server.bench;

import dev.quire.server.bench.WsFrames.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One editor's WebSocket over a non-blocking {@link SocketChannel}, driven by the
 * {@link NioTransport} loop: connect, opening handshake ({@link WsHandshake}), server frames in
 * ({@link WsFrameReader}), masked client frames out ({@link WsFrames}), closing handshake.
 *
 * <pre>
 *   CONNECTING --connected--> HANDSHAKE --101 checked--> OPEN --close sent--> CLOSING --+
 *        |                        |                        |                            |
 *        +------------------------+-- failure -------------+-- close received ----------+--> CLOSED
 * </pre>
 *
 * <p>{@code in} holds what was read and not yet decoded (an incomplete frame stays at its start;
 * the buffer doubles when one frame needs more room); {@code out} holds what was queued and not
 * yet written, and {@code OP_WRITE} is registered only while it is not empty. A failure before
 * the handshake completes goes to {@link #opened()}; after it, to the editor's
 * {@link BenchEditor#onFailure} (as {@code socket-error: …}, {@code protocol-error: …} or
 * {@code client-fault: …}), unless this side had already started closing.
 *
 * <p>Thread-safety: {@link #send} and {@link #close} may be called from any thread: called
 * elsewhere than on {@code bench-io}, they hand their work over to it in order. Everything else
 * runs on {@code bench-io}, which owns this object's state.
 */
final class NioConnection implements BenchSocket, WsFrameReader.Handler {
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_MESSAGE_BYTES = 64 << 20;

    private enum State {
        CONNECTING,
        HANDSHAKE,
        OPEN,
        CLOSING,
        CLOSED
    }

    private final NioTransport loop;
    private final URI url;
    private final InetSocketAddress address;
    private final BenchEditor editor;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    /** Messages sent from other threads, in order, until the loop takes them. */
    private final ConcurrentLinkedQueue<String> handedOver = new ConcurrentLinkedQueue<>();

    private final WsFrameReader reader = new WsFrameReader(MAX_MESSAGE_BYTES);
    private SocketChannel channel;
    private SelectionKey key;
    private int interest;
    private ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES);
    private ByteBuffer out = ByteBuffer.allocate(BUFFER_BYTES);
    private String handshakeKey;
    private State state = State.CONNECTING;
    private boolean closeSent;
    /** Close the channel as soon as {@code out} is written: the closing handshake is over. */
    private boolean closeWhenFlushed;

    private boolean dirty;
    /** When the bytes being decoded were read: every message in them counts as received then. */
    private long readAt;

    NioConnection(NioTransport loop, URI url, InetSocketAddress address, BenchEditor editor) {
        this.loop = loop;
        this.url = url;
        this.address = address;
        this.editor = editor;
    }

    /** Completes when the server's 101 response was checked; fails with the reason otherwise. */
    CompletableFuture<Void> opened() {
        return opened;
    }

    @Override
    public void send(String text) {
        if (loop.inLoop()) {
            takeHandedOver();
            queue(WsFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
        } else {
            handedOver.add(text);
            loop.execute(this::takeHandedOver);
        }
    }

    @Override
    public void close() {
        if (loop.inLoop()) {
            closeNormally();
        } else {
            loop.execute(this::closeNormally);
        }
    }

    /** Opens the channel and starts connecting. Loop thread. */
    void connect() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            interest = SelectionKey.OP_CONNECT;
            loop.registered();
            if (channel.connect(address)) {
                connected();
            }
        } catch (IOException e) {
            fail("socket-error: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The selector found the channel ready for {@code key.readyOps()}. Loop thread. */
    void ready(SelectionKey selected) {
        try {
            int ops = selected.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                channel.finishConnect();
                connected();
                return;
            }
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                flush();
            }
            if ((ops & SelectionKey.OP_READ) != 0 && state != State.CLOSED) {
                read();
            }
        } catch (IOException e) {
            fail("socket-error: " + e.getClass().getSimpleName(), e);
        } catch (ProtocolException e) {
            protocolError(e);
        } catch (RuntimeException e) {
            fail("client-fault: " + e, e);
        }
    }

    /** Writes as much of {@code out} as the socket takes. Loop thread. */
    void flush() {
        dirty = false;
        if (state == State.CONNECTING || state == State.CLOSED) {
            return;
        }
        try {
            out.flip();
            channel.write(out);
            out.compact();
        } catch (IOException e) {
            fail("socket-error: " + e.getClass().getSimpleName(), e);
            return;
        }
        if (out.position() > 0) {
            interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else if (closeWhenFlushed) {
            closeChannel();
        } else {
            interest(SelectionKey.OP_READ);
        }
    }

    /** Closes the channel without a closing handshake and without telling the editor. Loop thread. */
    void abort() {
        closeChannel();
    }

    /** Closes the channel; tells the editor, unless this side had started closing. Loop thread. */
    void fail(String code, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        boolean report = opened.isDone() && !closeSent;
        opened.completeExceptionally(cause);
        closeChannel();
        if (report) {
            editor.onFailure(code, cause);
        }
    }

    @Override
    public void onText(String text) {
        editor.onFrame(text, readAt);
    }

    @Override
    public void onPing(byte[] payload) {
        if (!closeSent) {
            out = WsFrames.append(out, WsFrames.PONG, payload, loop.random().nextInt());
            markDirty();
        }
    }

    @Override
    public void onClose(int status, String reason) {
        if (!closeSent) {
            // Echo the status (RFC 6455 5.5.1); 1005 says there was none, and is never sent.
            sendClose(status == WsFrames.NO_STATUS ? new byte[0] : WsFrames.closePayload(status, ""));
        }
        state = State.CLOSING;
        closeWhenFlushed = true;
        markDirty();
        editor.onClose(status);
    }

    private void connected() {
        handshakeKey = WsHandshake.key(randomBytes(16));
        byte[] request = WsHandshake.request(url, handshakeKey);
        out = WsFrames.ensure(out, request.length);
        out.put(request);
        state = State.HANDSHAKE;
        interest(SelectionKey.OP_READ);
        markDirty();
    }

    private void read() throws IOException, ProtocolException {
        if (channel.read(in) < 0) {
            if (closeSent) {
                closeChannel();
            } else {
                fail(
                        "socket-error: EOFException",
                        new EOFException("the server closed the connection without a " + "close frame"));
            }
            return;
        }
        readAt = System.nanoTime();
        in.flip();
        try {
            if (state == State.HANDSHAKE) {
                handshake();
            }
            if (state == State.OPEN || state == State.CLOSING) {
                reader.read(in, this);
            }
        } finally {
            in.compact();
        }
        if (!in.hasRemaining()) {
            in = WsFrames.ensure(in, in.capacity());
        }
    }

    /** Checks the response head once it is whole; the bytes after it are frames. */
    private void handshake() throws IOException {
        int start = in.position();
        int end = headEnd(start);
        if (end < 0) {
            if (in.remaining() > MAX_HEAD_BYTES) {
                throw new IOException("no end of the handshake response within " + MAX_HEAD_BYTES + " bytes");
            }
            return;
        }
        String head = new String(in.array(), in.arrayOffset() + start, end - 4 - start, StandardCharsets.ISO_8859_1);
        in.position(end);
        WsHandshake.check(head, handshakeKey);
        state = State.OPEN;
        opened.complete(null);
    }

    /** The index just after the first CR LF CR LF in {@code in} from {@code start}, or -1. */
    private int headEnd(int start) {
        for (int i = start; i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** RFC 6455 7.1.7: fail the connection, telling the server why as well as the editor. */
    private void protocolError(ProtocolException e) {
        if (!closeSent) {
            sendClose(WsFrames.closePayload(e.closeCode(), ""));
        }
        closeWhenFlushed = true;
        flush();
        closeChannel();
        editor.onFailure("protocol-error: " + e.getMessage(), e);
    }

    private void takeHandedOver() {
        for (String text; (text = handedOver.poll()) != null; ) {
            queue(WsFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void closeNormally() {
        takeHandedOver();
        if (state == State.OPEN) {
            sendClose(WsFrames.closePayload(WsFrames.NORMAL_CLOSURE, "bench done"));
            state = State.CLOSING;
        } else if (state != State.CLOSING) {
            closeChannel();
        }
    }

    /** Queues a data frame; none may follow a close frame. */
    private void queue(int opcode, byte[] payload) {
        if (state == State.OPEN && !closeSent) {
            out = WsFrames.append(out, opcode, payload, loop.random().nextInt());
            markDirty();
        }
    }

    private void sendClose(byte[] payload) {
        out = WsFrames.append(out, WsFrames.CLOSE, payload, loop.random().nextInt());
        closeSent = true;
        markDirty();
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            loop.dirty(this);
        }
    }

    private void interest(int ops) {
        if (ops != interest) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        loop.random().nextBytes(bytes);
        return bytes;
    }

    private void closeChannel() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        opened.completeExceptionally(new IOException("closed before the handshake completed"));
        if (key != null) {
            key.cancel();
            loop.unregistered();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // The connection is gone either way.
            }
        }
    }
}
