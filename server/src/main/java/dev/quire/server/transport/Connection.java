package dev.quire.server.transport;

import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.session.Outbound;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one WebSocket: a bounded queue drained by asynchronous sends, one frame in
 * flight at a time, so a slow client never blocks a document. When the queue overflows, the
 * connection is closed (1013, try again later); the client can rejoin and catch up.
 * Thread-safe.
 */
final class Connection implements Outbound {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final int MAX_INLINE_DEPTH = 16;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private sealed interface Item permits Text, Close {}

    private record Text(String text) implements Item {}

    private record Close(int code, String reason) implements Item {}

    private final Session session;
    private final EncodeCache codec;
    private final int queueLimit;
    private final Executor executor;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastSeen = System.nanoTime();

    Connection(Session session, EncodeCache codec, int queueLimit, Executor executor) {
        this.session = session;
        this.codec = codec;
        this.queueLimit = queueLimit;
        this.executor = executor;
    }

    @Override
    public void send(ServerMessage message) {
        if (closing.get()) {
            return;
        }
        if (size.incrementAndGet() > queueLimit) {
            size.decrementAndGet();
            overflow();
            return;
        }
        queue.add(new Text(codec.encode(message)));
        pump();
    }

    @Override
    public void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            size.incrementAndGet();
            queue.add(new Close(code, reason));
            pump();
        }
    }

    private void overflow() {
        if (closing.compareAndSet(false, true)) {
            log.info("closing connection {}: send queue over {} messages", session.getId(), queueLimit);
            closeNow(CloseReason.CloseCodes.TRY_AGAIN_LATER.getCode(), "send queue overflow");
        }
    }

    /** Sends the next queued item unless one is in flight. */
    private void pump() {
        int[] depth = DEPTH.get();
        if (depth[0] >= MAX_INLINE_DEPTH) {
            // A send that completes synchronously calls back into pump(): bound the recursion.
            executor.execute(this::pump);
            return;
        }
        depth[0]++;
        try {
            while (sending.compareAndSet(false, true)) {
                Item item = queue.poll();
                if (item == null) {
                    sending.set(false);
                    if (queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                size.decrementAndGet();
                if (item instanceof Close c) {
                    closeNow(c.code(), c.reason());
                    return;
                }
                sendText(((Text) item).text());
                return;
            }
        } finally {
            depth[0]--;
        }
    }

    private void sendText(String text) {
        try {
            session.getAsyncRemote().sendText(text, result -> {
                sending.set(false);
                if (result.isOK()) {
                    pump();
                } else {
                    closing.set(true);
                    queue.clear();
                }
            });
        } catch (RuntimeException e) {
            sending.set(false);
            closing.set(true);
            queue.clear();
        }
    }

    private void closeNow(int code, String reason) {
        queue.clear();
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            log.debug("close of {} failed", session.getId(), e);
        }
    }

    /** Any frame from the peer (message or pong) shows it is alive. */
    void seen() {
        lastSeen = System.nanoTime();
    }

    long lastSeenNanos() {
        return lastSeen;
    }

    void ping() {
        if (closing.get() || !session.isOpen()) {
            return;
        }
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.wrap(new byte[] {'q'}));
        } catch (IOException | RuntimeException e) {
            log.debug("ping of {} failed", session.getId(), e);
        }
    }

    void closeDead() {
        if (closing.compareAndSet(false, true)) {
            log.info("closing connection {}: no frame from the peer within the timeout", session.getId());
            closeNow(CloseReason.CloseCodes.GOING_AWAY.getCode(), "peer timed out");
        }
    }

    boolean isClosing() {
        return closing.get();
    }
}
