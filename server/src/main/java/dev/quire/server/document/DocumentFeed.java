package dev.quire.server.document;

import dev.quire.ot.Selection;
import dev.quire.server.cluster.Bus;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import dev.quire.server.storage.ChatRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One live document's side of the bus (decision 022): subscribed while the document has editors
 * on this node, it publishes their presence and hears the other nodes' — their committed ops (to
 * {@link StoreSync#heard}, which keeps versions in order and reads gaps from the store) and their
 * editors (kept here as remote peers, sent to the editors of this node like local ones).
 *
 * <p>Runs in the document's mailbox. Only created for a bus other than {@link Bus#LOCAL}.
 */
final class DocumentFeed implements Neighbours {
    /** An editor on another node: its selection moved to {@code version}. */
    private record RemotePeer(String nodeId, User user, List<Selection.Range> selection, int version) {}

    private final String docId;
    private final Bus bus;
    private final SerialExecutor mailbox;
    private final Roster roster;
    private final OpPipeline pipeline;
    private final StoreSync sync;
    private final Map<String, RemotePeer> peers = new LinkedHashMap<>();
    private boolean subscribed;
    /** Where a chat message another node stored goes (the document's {@link ChatFlow}). */
    private Consumer<ChatRecord> chatHeard = message -> {};

    DocumentFeed(String docId, Bus bus, SerialExecutor mailbox, Roster roster, OpPipeline pipeline, StoreSync sync) {
        this.docId = docId;
        this.bus = bus;
        this.mailbox = mailbox;
        this.roster = roster;
        this.pipeline = pipeline;
        this.sync = sync;
    }

    /** Subscribes when the first editor of this node joined, unsubscribes when the last one left. */
    void editorsChanged() {
        if (!roster.isEmpty() && !subscribed) {
            subscribed = true;
            bus.subscribe(docId);
        } else if (roster.isEmpty() && subscribed) {
            subscribed = false;
            bus.unsubscribe(docId);
            peers.values().forEach(p -> roster.colours().release(p.user().color()));
            peers.clear();
        }
    }

    /**
     * The channel is subscribed, for the first time or again after Redis came back: what was
     * published before may be lost, so the store is read, this node's editors are announced again
     * (Redis may have lost their stored presence) and the other nodes' editors are read.
     */
    void onSubscribed() {
        if (!subscribed) {
            return;
        }
        sync.mayBeBehind();
        for (Editor e : roster.joined()) {
            bus.publish(docId, presenceOf(e));
        }
        bus.peers(docId)
                .thenAccept(list -> mailbox.execute(() -> {
                    for (BusMessage.Peer p : list) {
                        if (!peers.containsKey(p.presence().clientId())) {
                            presence(p.nodeId(), p.presence());
                        }
                    }
                }));
    }

    /** Hands the chat messages other nodes store to {@code heard} (in this document's mailbox). */
    void onChat(Consumer<ChatRecord> heard) {
        this.chatHeard = heard;
    }

    void onReceived(String nodeId, BusMessage message) {
        if (!subscribed) {
            return;
        }
        if (message instanceof BusMessage.Committed c) {
            sync.heard(c.op());
        } else if (message instanceof BusMessage.Presence p) {
            presence(nodeId, p);
        } else if (message instanceof BusMessage.Left l && peers.containsKey(l.clientId())) {
            roster.colours().release(peers.remove(l.clientId()).user().color());
            roster.sendToAll(new ServerMessage.Left(docId, l.clientId()));
        } else if (message instanceof BusMessage.Chat c) {
            chatHeard.accept(c.message());
        }
    }

    /** Those nodes are gone: their editors leave, for this node's editors and in Redis. */
    void onNodesGone(Set<String> nodeIds) {
        List<String> gone = new ArrayList<>();
        peers.entrySet().removeIf(e -> {
            if (nodeIds.contains(e.getValue().nodeId())) {
                gone.add(e.getKey());
                roster.colours().release(e.getValue().user().color());
                return true;
            }
            return false;
        });
        for (String clientId : gone) {
            roster.sendToAll(new ServerMessage.Left(docId, clientId));
        }
        bus.forget(docId, gone);
    }

    private void presence(String nodeId, BusMessage.Presence p) {
        if (p.version() > pipeline.published()) {
            // Its op came through the store or is still on its way: read it first, if nothing is in flight.
            pipeline.catchUp();
        }
        int published = pipeline.published();
        List<Selection.Range> at = p.version() <= published ? move(p.selection(), p.version(), published) : List.of();
        RemotePeer before = peers.put(p.clientId(), new RemotePeer(nodeId, p.user(), at, published));
        if (before != null) {
            roster.colours().release(before.user().color());
        }
        roster.colours().heard(p.user().color()); // counted for this node's next joiner (decision 041)
        roster.sendToAll(new ServerMessage.Presence(docId, p.clientId(), p.user(), published, at));
    }

    private List<Selection.Range> move(List<Selection.Range> ranges, int from, int to) {
        try {
            return pipeline.history().moveSelection(ranges, from, to);
        } catch (RuntimeException beyondTheText) {
            return List.of(); // another node's mistake must not stop this document
        }
    }

    private BusMessage.Presence presenceOf(Editor e) {
        return new BusMessage.Presence(e.clientId, e.user, e.selectionVersion, e.selection);
    }

    @Override
    public List<ServerMessage.Peer> peersAt(int published) {
        List<ServerMessage.Peer> out = new ArrayList<>(peers.size());
        peers.forEach((clientId, p) -> out.add(new ServerMessage.Peer(
                clientId,
                p.user(),
                p.version() <= published ? move(p.selection(), p.version(), published) : List.of())));
        return out;
    }

    /** Tells the other nodes of a committed change of the document itself (a title, a comment, a delete). */
    void publish(BusMessage message) {
        bus.publish(docId, message);
    }

    @Override
    public void presence(Editor e) {
        bus.publish(docId, presenceOf(e));
    }

    @Override
    public void left(String clientId) {
        bus.publish(docId, new BusMessage.Left(clientId));
    }
}
