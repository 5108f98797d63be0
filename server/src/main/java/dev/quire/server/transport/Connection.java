package dev.quire.server.transport;

import dev.quire.server.logging.LogIds;
import dev.quire.server.metrics.Meters;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.session.Outbound;
import jakarta.websocket.CloseReason;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one connection, whatever its transport: a bounded queue handed to its
 * {@link Link} (a WebSocket's asynchronous sends, or the HTTP fallback's poll buffer), so a slow
 * client never blocks a document. The drain runs where the link says ({@link Link#dispatch}: a
 * WebSocket's on its own I/O thread), and whatever is queued then goes to the link at once (one
 * poll answer carries it);
 * {@code size} counts the frames queued here plus those handed over and not yet taken, and
 * {@code bytes} their characters (the bytes of ASCII JSON; a non-ASCII character costs Java up to
 * two bytes, still one here). When either passes its limit, the connection is closed (1013, try
 * again later); the client can rejoin and catch up. Counting bytes bounds the memory one client
 * that stops reading can hold: a thousand 1 MB messages would be a gigabyte. Thread-safe.
 */
final class Connection implements Outbound {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private sealed interface Item permits Connection.Text, Close {}

    /**
     * A frame; {@code written} runs once the socket took it. It is also what the link tells how
     * the frame ended ({@link Link#sendText}): no callback object per frame.
     */
    private final class Text implements Item, Consumer<Boolean> {
        private final EncodedMessage message;
        private final Runnable written;

        Text(EncodedMessage message, Runnable written) {
            this.message = message;
            this.written = written;
        }

        @Override
        public void accept(Boolean ok) {
            written(ok, message.length(), written);
        }
    }

    private static final Runnable NOTHING = () -> {};

    private record Close(int code, String reason) implements Item {}

    private final Link link;
    private final EncodeCache codec;
    private final int queueLimit;
    private final long bytesLimit;
    /** Characters of the frames counted by {@code size}. */
    private final AtomicLong bytes = new AtomicLong();

    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    /** Frames queued or in flight (handed to Undertow, not yet written). */
    private final AtomicInteger size = new AtomicInteger();

    private final AtomicBoolean draining = new AtomicBoolean();
    /** Whether a drain is dispatched to the link and has not begun: one dispatch per burst. */
    private final AtomicBoolean dispatched = new AtomicBoolean();

    private final Runnable dispatchedDrain = () -> {
        dispatched.set(false); // before draining: whatever is queued from now on dispatches again
        drain();
    };
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastSeen = System.nanoTime();
    private final Meters meters;
    /** This connection's correlation id in the log ({@link LogIds}). */
    final String logId = LogIds.connection();

    Connection(Link link, EncodeCache codec, int queueLimit, long bytesLimit, Meters meters) {
        this.meters = meters;
        this.link = link;
        this.codec = codec;
        this.queueLimit = queueLimit;
        this.bytesLimit = bytesLimit;
    }

    @Override
    public void send(ServerMessage message) {
        send(message, NOTHING);
    }

    @Override
    public void send(ServerMessage message, Runnable written) {
        if (closing.get()) {
            return;
        }
        if (size.incrementAndGet() > queueLimit) {
            size.decrementAndGet();
            overflow("send queue over " + queueLimit + " messages");
            return;
        }
        EncodedMessage encoded = codec.encode(message);
        int length = encoded.length();
        long queued = bytes.addAndGet(length);
        // One message alone always goes (a joined message carries a whole document).
        if (queued > bytesLimit && queued > length) {
            bytes.addAndGet(-length);
            size.decrementAndGet();
            overflow("send queue over " + bytesLimit + " bytes");
            return;
        }
        meters.sendQueueBytes(queued);
        if (message instanceof ServerMessage.Error e) {
            meters.error(e.code()); // counted once queued: an error a closing socket drops was never sent
        }
        queue.add(new Text(encoded, written));
        dispatch();
    }

    @Override
    public void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            queue.add(new Close(code, reason));
            dispatch();
        }
    }

    /**
     * Has the link drain the queue where it sends best (a WebSocket: on its I/O thread), so the
     * sender (a document's mailbox) only queues (decision 035).
     */
    private void dispatch() {
        if (dispatched.compareAndSet(false, true)) {
            link.dispatch(dispatchedDrain);
        }
    }

    private void overflow(String why) {
        if (closing.compareAndSet(false, true)) {
            log.info("closing connection {}: {}", logId, why);
            closeNow(CloseReason.CloseCodes.TRY_AGAIN_LATER.getCode(), "send queue overflow");
        }
    }

    /** Hands everything queued to Undertow, in order; one thread at a time. */
    private void drain() {
        while (draining.compareAndSet(false, true)) {
            try {
                Item item;
                while ((item = queue.poll()) != null) {
                    if (item instanceof Close c) {
                        // After the frames handed over before it: Undertow queues the close frame behind them.
                        closeNow(c.code(), c.reason());
                        return;
                    }
                    if (!sendText((Text) item)) {
                        return;
                    }
                }
            } finally {
                draining.set(false);
            }
            if (queue.isEmpty()) {
                return;
            }
        }
    }

    private boolean sendText(Text item) {
        try {
            link.sendText(item.message, item);
            return true;
        } catch (RuntimeException e) {
            failed();
            return false;
        }
    }

    private void written(boolean ok, int length, Runnable written) {
        size.decrementAndGet();
        bytes.addAndGet(-length);
        if (!ok) {
            failed();
        } else {
            written.run();
        }
    }

    private void failed() {
        closing.set(true);
        queue.clear();
    }

    private void closeNow(int code, String reason) {
        queue.clear();
        link.close(code, reason);
    }

    /** Any frame from the peer (message or pong) shows it is alive. */
    void seen() {
        lastSeen = System.nanoTime();
    }

    long lastSeenNanos() {
        return lastSeen;
    }

    void ping() {
        if (closing.get() || !link.isOpen()) {
            return;
        }
        link.ping();
    }

    void closeDead() {
        if (closing.compareAndSet(false, true)) {
            log.info("closing connection {}: no frame from the peer within the timeout", logId);
            closeNow(CloseReason.CloseCodes.GOING_AWAY.getCode(), "peer timed out");
        }
    }

    /** {@code websocket} or {@code http}. */
    String transport() {
        return link.transport();
    }

    boolean isClosing() {
        return closing.get();
    }
}
