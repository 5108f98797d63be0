package dev.quire.server.document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who waits for which version of one document to become durable (REST submissions, resends, and
 * ops of stale clients that need the op log to hold the versions before theirs): told in version
 * order as the versions become durable, or failed all at once when the ops in flight are
 * abandoned.
 *
 * <p>Owned by the live document's mailbox; not thread-safe.
 */
final class DurableWaiters {
    /** Hears when the op of a version is durable, or that it never will be. */
    interface Waiter {
        void durable();

        /** The op will never be durable, for the reason given; by default nothing is done. */
        default void failed(Throwable fault) {}
    }

    private final Map<Integer, List<Waiter>> byVersion = new HashMap<>();

    /** Adds a waiter for a version not yet durable. */
    void add(int version, Waiter waiter) {
        byVersion.computeIfAbsent(version, v -> new ArrayList<>(1)).add(waiter);
    }

    /** The op of {@code version} is durable: its waiters are told, and forgotten. */
    void durable(int version) {
        List<Waiter> waiting = byVersion.remove(version);
        if (waiting != null) {
            waiting.forEach(Waiter::durable);
        }
    }

    /** None of the versions waited for will be durable: every waiter fails with {@code cause}. */
    void failAll(Throwable cause) {
        List<Waiter> all = new ArrayList<>();
        byVersion.values().forEach(all::addAll);
        byVersion.clear();
        all.forEach(w -> w.failed(cause));
    }
}
