package dev.quire.server.bench;

import dev.quire.server.bench.WsFrames.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One editor's WebSocket over a non-blocking {@link SocketChannel}, driven by the
 * {@link NioTransport} loop: connect, opening handshake ({@link NioHandshake}), server frames in
 * ({@link WsFrameReader}), masked client frames out ({@link WsFrames}), closing handshake.
 *
 * <pre>
 *   CONNECTING --connected--> HANDSHAKE --101 checked--> OPEN --close sent--> CLOSING --+
 *        |                        |                        |                            |
 *        +------------------------+-- failure -------------+-- close received ----------+--> CLOSED
 * </pre>
 *
 * <p>{@code in} holds what was read and not yet decoded (an incomplete frame stays at its start;
 * the buffer doubles when one frame needs more room); the {@link NioOutbox} holds what was queued
 * and not yet written, and {@code OP_WRITE} is registered only while it is not empty. A failure before
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
    private static final int MAX_MESSAGE_BYTES = 64 << 20;

    private enum State {
        CONNECTING,
        HANDSHAKE,
        OPEN,
        CLOSING,
        CLOSED
    }

    private final NioTransport loop;
    private final NioHandshake handshake;
    private final InetSocketAddress address;
    private final BenchEditor editor;
    private final NioOutbox outbox;

    private final WsFrameReader reader = new WsFrameReader(MAX_MESSAGE_BYTES);
    private SocketChannel channel;
    private SelectionKey key;
    private int interest;
    private ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES);
    private State state = State.CONNECTING;
    /** Close the channel as soon as the outbox is written: the closing handshake is over. */
    private boolean closeWhenFlushed;

    /** When the bytes being decoded were read: every message in them counts as received then. */
    private long readAt;

    NioConnection(NioTransport loop, WsHandshake.Target target, InetSocketAddress address, BenchEditor editor) {
        this.loop = loop;
        this.handshake = new NioHandshake(target);
        this.address = address;
        this.editor = editor;
        this.outbox = new NioOutbox(loop, this);
    }

    /** Completes when the server's 101 response was checked; fails with the reason otherwise. */
    CompletableFuture<Void> opened() {
        return handshake.opened();
    }

    @Override
    public void send(String text) {
        if (loop.inLoop()) {
            takeHandedOver();
            queue(WsFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
        } else {
            outbox.handOver(text);
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

    /** Writes as much of the outbox as the socket takes. Loop thread. */
    void flush() {
        if (state == State.CONNECTING || state == State.CLOSED) {
            outbox.clean();
            return;
        }
        boolean remaining;
        try {
            remaining = outbox.writeTo(channel);
        } catch (IOException e) {
            fail("socket-error: " + e.getClass().getSimpleName(), e);
            return;
        }
        if (remaining) {
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
        boolean report = handshake.ended() && !outbox.closeSent();
        handshake.fail(cause);
        closeChannel();
        if (report) {
            editor.onFailure(code, cause);
        }
    }

    @Override
    public void onText(String text) {
        editor.onFrame(text, readAt);
    }

    /** Decodes through the transport's {@link KnownFrames}: a batch is checked and parsed once. */
    @Override
    public void onText(byte[] a, int from, int length) throws ProtocolException {
        loop.frames().deliver(a, from, length, editor, readAt);
    }

    @Override
    public void onPing(byte[] payload) {
        outbox.frame(WsFrames.PONG, payload);
    }

    @Override
    public void onClose(int status, String reason) {
        if (!outbox.closeSent()) {
            // Echo the status (RFC 6455 5.5.1); 1005 says there was none, and is never sent.
            outbox.close(status == WsFrames.NO_STATUS ? new byte[0] : WsFrames.closePayload(status, ""));
        }
        state = State.CLOSING;
        closeWhenFlushed = true;
        outbox.markDirty();
        editor.onClose(status);
    }

    private void connected() {
        outbox.raw(handshake.request(loop.random()));
        state = State.HANDSHAKE;
        interest(SelectionKey.OP_READ);
    }

    private void read() throws IOException, ProtocolException {
        if (channel.read(in) < 0) {
            if (outbox.closeSent()) {
                closeChannel();
            } else {
                fail(
                        "socket-error: EOFException",
                        new EOFException("the server closed the connection without a close frame"));
            }
            return;
        }
        readAt = System.nanoTime();
        in.flip();
        try {
            if (state == State.HANDSHAKE && handshake.readResponse(in)) {
                state = State.OPEN;
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

    /** RFC 6455 7.1.7: fail the connection, telling the server why as well as the editor. */
    private void protocolError(ProtocolException e) {
        if (!outbox.closeSent()) {
            outbox.close(WsFrames.closePayload(e.closeCode(), ""));
        }
        closeWhenFlushed = true;
        flush();
        closeChannel();
        editor.onFailure("protocol-error: " + e.getMessage(), e);
    }

    private void takeHandedOver() {
        outbox.takeHandedOver(text -> queue(WsFrames.TEXT, text.getBytes(StandardCharsets.UTF_8)));
    }

    private void closeNormally() {
        takeHandedOver();
        if (state == State.OPEN) {
            outbox.close(WsFrames.closePayload(WsFrames.NORMAL_CLOSURE, "bench done"));
            state = State.CLOSING;
        } else if (state != State.CLOSING) {
            closeChannel();
        }
    }

    /** Queues a data frame; none may follow a close frame. */
    private void queue(int opcode, byte[] payload) {
        if (state == State.OPEN) {
            outbox.frame(opcode, payload);
        }
    }

    private void interest(int ops) {
        if (ops != interest) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    private void closeChannel() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        handshake.fail(new IOException("closed before the handshake completed"));
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
