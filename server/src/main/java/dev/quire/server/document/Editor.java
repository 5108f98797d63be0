package dev.quire.server.document;

import dev.quire.ot.Selection;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import java.util.ArrayList;
import java.util.List;

/**
 * One client's join of one document. Owned by the live document's mailbox: only its tasks
 * touch the mutable fields.
 */
final class Editor {
    /** How the editor is sent the ops and selections of others (its join's {@code accept}). */
    enum Delivery {
        /** One {@code op}, {@code ack} or {@code presence} message each: every client reads them. */
        MESSAGES,
        /** {@code ops} batches (docs/protocol.md), for a client that joined with {@code "accept":["ops"]}. */
        BATCHES
    }

    /** What else than ops and presence a client may ask for in its join's {@code accept}. */
    enum Accept {
        /** {@code comment} messages ({@code "accept":["comments"]}). */
        COMMENTS,
        /** {@code chat} messages ({@code "accept":["chat"]}). */
        CHAT,
        /** {@code suggestion} messages ({@code "accept":["suggestions"]}). */
        SUGGESTIONS
    }

    final String clientId;
    final String session;
    /** Replaced by a rename (a presence with a name). */
    User user;

    final EditorSink sink;
    /** The user id of the connection's principal ({@code ""} with authentication off). */
    final String userId;
    /** The role sent in {@code joined}: read, write or admin. */
    final String role;

    final Delivery delivery;
    /** The version the joined message is (or will be) at; ops up to it are never sent. */
    int startVersion;

    /** Who this editor is for comments: the hash that owns what it writes (see {@link Commenter}). */
    String owner() {
        return Commenter.ownerOf(userId, session);
    }
    /** Whether the client asked for comments at join: only then is it sent {@code comment} messages. */
    boolean wantsComments;
    /** Whether the client asked for chat at join: only then is it sent {@code chat} messages. */
    boolean wantsChat;
    /** Whether the client asked for suggestions at join: only then is it sent {@code suggestion} messages. */
    boolean wantsSuggestions;

    /** Whether the client asked for {@code kind} at join. */
    boolean accepts(Accept kind) {
        return switch (kind) {
            case COMMENTS -> wantsComments;
            case CHAT -> wantsChat;
            case SUGGESTIONS -> wantsSuggestions;
        };
    }

    boolean joinedSent;
    /** Messages for this editor that arrived before its {@code joined} was sent (acks of pipelined resends). */
    final List<ServerMessage> deferred = new ArrayList<>(0);

    List<Selection.Range> selection = List.of();
    int selectionVersion;

    Editor(String clientId, String session, User user, EditorSink sink) {
        this(clientId, session, user, sink, "", "admin", Delivery.MESSAGES);
    }

    Editor(String clientId, String session, User user, EditorSink sink, String userId, String role, Delivery delivery) {
        this.delivery = delivery;
        this.clientId = clientId;
        this.session = session;
        this.user = user;
        this.sink = sink;
        this.userId = userId;
        this.role = role;
    }
}
