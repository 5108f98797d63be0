package dev.quire.server.session;

import dev.quire.server.protocol.ClientMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Coalesces one connection's presence per document: at most one is forwarded every
 * {@value #INTERVAL_MS} ms, and it is always the newest. A presence arriving sooner waits (the
 * one it replaces is dropped) and is forwarded when the interval is over, so the last selection
 * is never lost, only the intermediate ones (and a rename in a dropped one is carried forward). A selection moves dozens of times a second while
 * someone drags the mouse; every other editor would otherwise receive each one.
 *
 * <p>Thread-safe: {@link #offer} from the connection's handler, flushes from the JDK's delayed
 * executor.
 */
final class PresenceThrottle {
    static final long INTERVAL_MS = 50;
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);

    private static final class Slot {
        long lastSent = System.nanoTime() - INTERVAL_NANOS;
        ClientMessage.Presence pending;
        boolean scheduled;
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Consumer<ClientMessage.Presence> forward;

    PresenceThrottle(Consumer<ClientMessage.Presence> forward) {
        this.forward = forward;
    }

    void offer(ClientMessage.Presence presence) {
        Slot slot = slots.computeIfAbsent(presence.docId(), d -> new Slot());
        synchronized (slot) {
            long now = System.nanoTime();
            long since = now - slot.lastSent;
            if (slot.scheduled || since < INTERVAL_NANOS) {
                // A rename waiting here is kept: only the selection of the replaced presence is stale.
                slot.pending = presence.name().isEmpty()
                                && slot.pending != null
                                && slot.pending.name().isPresent()
                        ? new ClientMessage.Presence(
                                presence.docId(), presence.version(), presence.selection(), slot.pending.name())
                        : presence;
                if (!slot.scheduled) {
                    slot.scheduled = true;
                    long delay = Math.max(1, INTERVAL_NANOS - since);
                    CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS)
                            .execute(() -> flush(presence.docId(), slot));
                }
                return;
            }
            slot.lastSent = now;
        }
        forward.accept(presence);
    }

    private void flush(String docId, Slot slot) {
        ClientMessage.Presence p;
        synchronized (slot) {
            p = slot.pending;
            slot.pending = null;
            slot.scheduled = false;
            slot.lastSent = System.nanoTime();
        }
        if (p != null && slots.get(docId) == slot) {
            forward.accept(p);
        }
    }

    /** The connection left the document: a presence still waiting is dropped. */
    void forget(String docId) {
        slots.remove(docId);
    }
}
