package dev.quire.server.cluster;

import dev.quire.ot.Selection;
import dev.quire.server.protocol.User;
import dev.quire.server.storage.ChatRecord;
import dev.quire.server.storage.OpRecord;
import java.util.List;
import java.util.Objects;

/**
 * What one node tells the others about a document. Each message is published on the document's
 * channel by the node that made it, after the fact it reports (an op only once it is committed).
 */
public sealed interface BusMessage {
    /**
     * An op this node committed: its op-log row, with everything a receiver needs to apply it in
     * order (version), to recognise a resend (session, seq, digest) and to ack the author's
     * session if it has a socket on the receiver.
     */
    record Committed(OpRecord op) implements BusMessage {
        public Committed {
            Objects.requireNonNull(op, "op");
        }
    }

    /**
     * An editor of this node joined (an empty selection), moved its selection, or renamed itself.
     *
     * @param version the document version the selection is at
     */
    record Presence(String clientId, User user, int version, List<Selection.Range> selection) implements BusMessage {
        public Presence {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(user, "user");
            selection = List.copyOf(selection);
        }
    }

    /** An editor of this node left the document (or its connection closed). */
    record Left(String clientId) implements BusMessage {
        public Left {
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /** A chat message this node stored (issue 17, decision 032), for the other nodes' editors. */
    record Chat(ChatRecord message) implements BusMessage {
        public Chat {
            Objects.requireNonNull(message, "message");
        }
    }

    /** This node set the document's title (committed). */
    record Titled(String title) implements BusMessage {
        public Titled {
            Objects.requireNonNull(title, "title");
        }
    }

    /** This node committed a change to the comment {@code id} (a new comment, a reply, an edit, a resolve, a delete). */
    record CommentChanged(long id) implements BusMessage {}

    /**
     * This node committed a change to the suggestion {@code id} (a new or merged suggestion, an
     * edit, an accept — after its op — or a reject).
     */
    record SuggestionChanged(long id) implements BusMessage {}

    /** This node deleted the document (committed): editors elsewhere are removed, as here. */
    record Deleted() implements BusMessage {}

    /** A presence another node stored for one of its editors, with that node's id. */
    record Peer(String nodeId, Presence presence) {
        public Peer {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(presence, "presence");
        }
    }
}
