package dev.quire.server.cluster;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The channel between the nodes that share a store: each document has one, a node is subscribed
 * to it while it has editors of the document, and publishes on it what they need to hear
 * (decision 022). Delivery is at most once and may stop for a while (a restart of the bus): a
 * receiver orders ops by their version and reads what it missed from the store, so the bus only
 * makes things fast, never correct.
 *
 * <p>Implementations are thread-safe; the listener is called on the bus's own threads and must
 * not block.
 */
public interface Bus extends AutoCloseable {
    /** One node ({@code --bus local}): publishes nowhere, hears nothing, costs nothing. */
    Bus LOCAL = new Bus() {
        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public void start(Listener listener) {}

        @Override
        public void subscribe(String docId) {}

        @Override
        public void unsubscribe(String docId) {}

        @Override
        public void publish(String docId, BusMessage message) {}

        @Override
        public void forget(String docId, List<String> clientIds) {}

        @Override
        public CompletableFuture<List<BusMessage.Peer>> peers(String docId) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public void close() {}
    };

    /** What a node hears on the bus. */
    interface Listener {
        /** Another node published {@code message} about {@code docId}. */
        void received(String docId, String nodeId, BusMessage message);

        /**
         * The node is (again) subscribed to {@code docId}'s channel: anything published before,
         * or while the bus was unreachable, was missed and must be read from the store.
         */
        void subscribed(String docId);

        /** These nodes stopped refreshing their liveness on the bus: their editors are gone. */
        void nodesGone(Set<String> nodeIds);
    }

    /** Whether this is {@link #LOCAL} (nothing to publish, nobody to hear). */
    boolean isLocal();

    /** Starts delivering to {@code listener}; called once, before anything else. */
    void start(Listener listener);

    /** Counts one more holder of {@code docId}'s subscription (subscribes on the first). */
    void subscribe(String docId);

    /** Counts one holder less (unsubscribes after the last). */
    void unsubscribe(String docId);

    /** Publishes to the other nodes subscribed to {@code docId}; a failure is logged, not thrown (the store heals gaps). */
    void publish(String docId, BusMessage message);

    /** Deletes the stored presences of these editors of another node that is gone. */
    void forget(String docId, List<String> clientIds);

    /** Who commits which document (decision 043); {@link Owners#NONE} without leases. */
    default Owners owners() {
        return Owners.NONE;
    }

    /** The presences other live nodes keep for their editors of {@code docId} (empty if the bus cannot say). */
    CompletableFuture<List<BusMessage.Peer>> peers(String docId);

    @Override
    void close();
}
