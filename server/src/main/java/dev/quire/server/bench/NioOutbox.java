package dev.quire.server.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * A {@link NioConnection}'s send side: the bytes queued and not yet written (masked client frames,
 * each with a fresh mask, and before them the handshake request), and the texts other threads
 * handed over for the loop to frame in order. Once a close frame is queued, no other frame
 * follows it (RFC 6455 5.5.1). Queuing marks the connection dirty, so the loop flushes it once
 * after its current round of events.
 *
 * <p>Thread-safety: {@link #handOver} may be called from any thread; everything else runs on
 * {@code bench-io}.
 */
final class NioOutbox {
    private static final int BUFFER_BYTES = 16 * 1024;

    private final NioTransport loop;
    private final NioConnection owner;
    /** Messages sent from other threads, in order, until the loop takes them. */
    private final ConcurrentLinkedQueue<String> handedOver = new ConcurrentLinkedQueue<>();

    private ByteBuffer out = ByteBuffer.allocate(BUFFER_BYTES);
    private boolean closeSent;
    private boolean dirty;

    NioOutbox(NioTransport loop, NioConnection owner) {
        this.loop = loop;
        this.owner = owner;
    }

    /** Any thread: keeps {@code text} for the loop, behind what was handed over before. */
    void handOver(String text) {
        handedOver.add(text);
    }

    /** Gives every handed-over text, oldest first, to {@code sink}. */
    void takeHandedOver(Consumer<String> sink) {
        for (String text; (text = handedOver.poll()) != null; ) {
            sink.accept(text);
        }
    }

    /** Queues bytes as they are (the handshake request). */
    void raw(byte[] bytes) {
        out = WsFrames.ensure(out, bytes.length);
        out.put(bytes);
        markDirty();
    }

    /** Queues a data or pong frame, unless a close frame was queued. */
    void frame(int opcode, byte[] payload) {
        if (!closeSent) {
            out = WsFrames.append(out, opcode, payload, loop.random().nextInt());
            markDirty();
        }
    }

    /** Queues the close frame; nothing is queued after it. */
    void close(byte[] payload) {
        out = WsFrames.append(out, WsFrames.CLOSE, payload, loop.random().nextInt());
        closeSent = true;
        markDirty();
    }

    boolean closeSent() {
        return closeSent;
    }

    /** Writes as much as the channel takes; true when bytes remain. */
    boolean writeTo(SocketChannel channel) throws IOException {
        dirty = false;
        out.flip();
        channel.write(out);
        out.compact();
        return out.position() > 0;
    }

    /** The loop flushes a dirty connection once it has handled the current events. */
    void clean() {
        dirty = false;
    }

    /** Asks the loop for a flush even with nothing new queued (to finish a closing handshake). */
    void markDirty() {
        if (!dirty) {
            dirty = true;
            loop.dirty(owner);
        }
    }
}
