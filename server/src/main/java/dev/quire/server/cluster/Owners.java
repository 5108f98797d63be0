package dev.quire.server.cluster;

import dev.quire.server.protocol.ServerMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * Which node commits a document's ops (decision 043): the one that holds the document's lease,
 * taken by a node with editors of it and renewed while it has them; the other nodes hand their
 * editors' submissions to it ({@link Forward}) and hear the committed op back on the bus. The
 * lease is a performance device only: the store's unique keys on (document, version) and
 * (document, session, seq) stay the only guards, so two nodes that both think they own a document
 * merely conflict, as without leases (decision 037).
 *
 * <p>Implementations are thread-safe; the listener is called on the bus's threads and must not
 * block.
 */
public interface Owners {
    /** No leases (one node, {@code --bus local}): every node commits what its editors send. */
    Owners NONE = new Owners() {
        @Override
        public String nodeId() {
            return "local";
        }

        @Override
        public void start(Listener listener) {}

        @Override
        public void interested(String docId) {}

        @Override
        public void notInterested(String docId) {}

        @Override
        public Optional<String> ownerElsewhere(String docId) {
            return Optional.empty();
        }

        @Override
        public void forward(String nodeId, Forward submission, Runnable undelivered) {}

        @Override
        public void reply(String nodeId, Reply reply) {}

        @Override
        public void unresponsive(String nodeId) {}
    };

    /** What a node hears on its own request channel. */
    interface Listener {
        /** Another node's editor submitted an op of a document this node owns. */
        void forwarded(Forward submission);

        /** The owner answered a submission this node forwarded (an ack of a resend, or a refusal). */
        void replied(Reply reply);
    }

    /**
     * An editor's submission, as the editor sent it (the owner transforms it from its base
     * version, and checks its (session, seq) for exactly-once).
     *
     * @param fromNode the node the editor is connected to, where replies go
     * @param clientId the editor's client id on that node (its author in the op log)
     * @param opJson   the op as the editor made it, before any transform
     */
    record Forward(
            String docId,
            String fromNode,
            String clientId,
            String session,
            long seq,
            int baseVersion,
            String opJson,
            String author,
            String userId) {
        public Forward {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(fromNode, "fromNode");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(opJson, "opJson");
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(userId, "userId");
        }
    }

    /**
     * The owner's answer to a forwarded submission other than its committed op (which comes on the
     * bus): an {@link ServerMessage.Ack} of a resend, or an {@link ServerMessage.Error} with its
     * code, for the editor {@code clientId}.
     */
    record Reply(String docId, String clientId, ServerMessage message) {
        public Reply {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(clientId, "clientId");
            if (!(message instanceof ServerMessage.Ack) && !(message instanceof ServerMessage.Error)) {
                throw new IllegalArgumentException("a reply is an ack or an error, was " + message);
            }
        }
    }

    /** This node's id ({@code --node-id}): where the owner's replies go. */
    String nodeId();

    /** Starts delivering to {@code listener}; called once, before anything else. */
    void start(Listener listener);

    /** This node has editors of {@code docId}: it takes the lease if nobody holds it, and renews it while it does. */
    void interested(String docId);

    /** This node has no editors of {@code docId} left: it gives the lease up if it holds it. */
    void notInterested(String docId);

    /**
     * The node to forward {@code docId}'s submissions to: the lease's holder when it is another
     * node that answers; empty when this node holds it, nobody does, or it is not known (yet).
     */
    Optional<String> ownerElsewhere(String docId);

    /**
     * Sends a submission to the owner {@code nodeId}; runs {@code undelivered} (on the bus's
     * thread) when it surely did not arrive: the bus failed, or nobody listens on that node's
     * channel (it died). A lost one that is not noticed so is found by the forwarder's timeout.
     */
    void forward(String nodeId, Forward submission, Runnable undelivered);

    /** Sends an answer back to the node a submission came from. */
    void reply(String nodeId, Reply reply);

    /** A submission forwarded to {@code nodeId} got no answer in time: forward nothing to it for a lease's time. */
    void unresponsive(String nodeId);

    /** Lease acquisitions by this node since it started. */
    default long acquisitions() {
        return 0;
    }

    /** Leases this node held and found another node holding (expired under it: a pause, a partition). */
    default long losses() {
        return 0;
    }

    /** Documents whose lease this node holds now. */
    default int owned() {
        return 0;
    }

    /** Documents this node knows another node to own now (it forwards their submissions). */
    default int ownedElsewhere() {
        return 0;
    }
}
