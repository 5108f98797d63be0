package dev.quire.server.document;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is editing one live document: each editor's join, its selection (presence) and what it is
 * sent. An editor that joins is answered at the version applied when it arrived, once that
 * version is durable ({@link Joins}); from then on it is sent every durable op after that
 * version, in order.
 *
 * <p>Runs in the document's mailbox.
 */
final class Roster {
    private static final Logger log = LoggerFactory.getLogger(Roster.class);

    /** Moves a selection between two versions of the document (empty if too old). */
    interface SelectionMover {
        List<Selection.Range> move(List<Selection.Range> ranges, int from, int to);
    }

    /** What follows a {@code joined} for an editor that asked for more than ops and presence. */
    interface JoinExtras {
        /** The messages sent right after the {@code joined} at {@code version} to {@code editor}. */
        List<ServerMessage> after(Editor editor, int version);
    }

    private final String docId;
    private final LinkedHashMap<String, Editor> editors = new LinkedHashMap<>();
    private final SelectionMover mover;
    private final DocumentMeters meters;
    private Neighbours neighbours = Neighbours.NONE;
    private final Fanout fanout;
    private final Joins joins;
    private final PresenceColours colours = new PresenceColours();
    private java.util.function.BiConsumer<String, ServerMessage> away = (clientId, message) -> {};

    /**
     * {@code extras} are what follows a {@code joined}; {@code mailbox} runs the flushes of what
     * is published ({@link Fanout}); {@code timer} delays those of a busy document.
     */
    Roster(
            String docId,
            SelectionMover mover,
            DocumentMeters meters,
            JoinExtras extras,
            Executor mailbox,
            ScheduledExecutorService timer) {
        this.docId = docId;
        this.mover = mover;
        this.meters = meters;
        this.fanout = new Fanout(docId, mailbox, timer, this::flush, meters);
        this.joins = new Joins(docId, this, mover, extras, fanout);
    }

    /** Tells {@code n} of this node's editors, and asks it for the others' (only with a bus). */
    void connect(Neighbours n) {
        this.neighbours = n;
    }

    /** The other nodes' editors ({@link Neighbours#NONE} without a bus). */
    Neighbours neighbours() {
        return neighbours;
    }

    /** The colours its editors hold, this node's and the other nodes' it has heard of. */
    PresenceColours colours() {
        return colours;
    }

    /** The editors that have been sent their {@code joined}. */
    List<Editor> joined() {
        return editors.values().stream().filter(e -> e.joinedSent).toList();
    }

    /**
     * Sends every op and selection published and not yet sent. Runs as a mailbox task, and before
     * any message sent to one editor directly, which must come after the ops published before it.
     */
    void flush() {
        fanout.flush(editors.values(), mover);
    }

    Optional<Editor> editor(String clientId) {
        return Optional.ofNullable(editors.get(clientId));
    }

    boolean isEmpty() {
        return editors.isEmpty();
    }

    /**
     * Adds an editor whose answer is at {@code version}, the document's version now, as
     * {@code answer} makes it now, with the presence colour the document gives it ({@link
     * PresenceColours}); it is sent {@code joined} once {@code published} reaches that version.
     */
    void join(Editor editor, int version, Joins.Answer answer, int published) {
        editors.put(editor.clientId, editor);
        editor.user = new User(editor.user.name(), colours.join(editor.session));
        meters.editorJoined(docId, editor.clientId, editor.user.name());
        editor.startVersion = version;
        editor.selectionVersion = version;
        joins.add(editor, version, answer, published);
    }

    /**
     * The document went back to its durable version and applied another node's winners, up to
     * {@code version}: the joins still waiting are answered at it instead ({@link Joins#rewound}).
     */
    void rewound(int version) {
        joins.rewound(version);
    }

    /** Sends the joined messages waiting for versions up to {@code published}. */
    void sendJoinsUpTo(int published) {
        joins.answerUpTo(published);
    }

    /** The answer to a join could not be made (the op log could not be read): the editor is removed, and told. */
    void refuse(Editor e, RuntimeException cause) {
        ServerMessage.Error error;
        if (cause instanceof ProtocolException p) {
            error = p.toMessage();
        } else {
            String correlation = Correlation.next();
            log.error("[{}] could not answer the join of {} to {}", correlation, e.clientId, docId, cause);
            error = new ServerMessage.Error(
                    ErrorCode.INTERNAL,
                    "internal error " + correlation + "; rejoin the document",
                    Optional.of(docId),
                    Optional.empty());
        }
        flush();
        editors.remove(e.clientId);
        colours.leave(e.session, e.user.color());
        e.sink.send(error);
        e.sink.removed(docId, e.clientId);
    }

    /** Sends to an editor; before its {@code joined}, the message waits so that {@code joined} comes first. */
    private static void deliver(Editor e, ServerMessage message) {
        if (e.joinedSent) {
            e.sink.send(message);
        } else {
            e.deferred.add(message);
        }
    }

    /** Removes an editor; the others are told it left. */
    void leave(String clientId) {
        Editor e = editors.remove(clientId);
        if (e == null) {
            return;
        }
        meters.editorLeft(docId, clientId);
        colours.leave(e.session, e.user.color());
        joins.forget(e);
        fanout.forget(clientId);
        if (e.joinedSent) {
            sendToJoined(new ServerMessage.Left(docId, clientId));
            neighbours.left(clientId);
        }
    }

    /**
     * The editor's selection, already moved to {@code published}, and its new name if it renamed
     * itself: kept for later joiners and sent to the others.
     */
    void presence(Editor e, List<Selection.Range> selection, int published, Optional<String> name) {
        if (name.isPresent()) {
            e.user = new User(User.cleanName(name), e.user.color());
            meters.editorJoined(docId, e.clientId, e.user.name()); // the admin page shows the new name
        }
        e.selection = selection;
        e.selectionVersion = published;
        fanout.presence(new ServerMessage.Presence(docId, e.clientId, e.user, published, selection));
        neighbours.presence(e);
    }

    /**
     * The op that produced {@code version} is durable (at {@code durableNanos}): it goes out with
     * the next flush, to its author as the ack, to every other editor joined before it as the op.
     * The same session on another connection (it rejoined while the op was still on its old,
     * half-dead socket) gets an ack too: as an op it would apply its own text twice.
     */
    void published(int version, TextOperation op, Origin origin, Optional<String> checksum, long durableNanos) {
        fanout.op(new Fanout.Published(version, op, origin, checksum, durableNanos));
    }

    /** Sends a message to one editor, if it is still here; else to {@link #elsewhere}'s handler. */
    void send(String clientId, ServerMessage message) {
        Editor e = editors.get(clientId);
        if (e != null) {
            flush();
            deliver(e, message);
        } else {
            away.accept(clientId, message);
        }
    }

    /** Where a message for an editor not on this node goes (a forwarded op's, decision 043); nowhere by default. */
    void elsewhere(java.util.function.BiConsumer<String, ServerMessage> handler) {
        this.away = handler;
    }

    /** Sends a message (a title, another node's editor's presence or leave) to every joined editor. */
    void sendToAll(ServerMessage message) {
        sendToJoined(message);
    }

    /**
     * Sends a {@code comment}, {@code chat} or {@code suggestion} to every editor whose
     * {@code joined} was sent and who asked for that {@code kind} at join, after the ops published
     * before it; one still waiting for its {@code joined} gets the change in what follows its
     * {@code joined} (its comment list, {@code chat-history} or suggestion list).
     */
    void sendTo(Editor.Accept kind, ServerMessage message) {
        flush();
        for (Editor e : editors.values()) {
            if (e.joinedSent && e.accepts(kind)) {
                e.sink.send(message);
            }
        }
    }

    private void sendToJoined(ServerMessage message) {
        flush();
        for (Editor other : editors.values()) {
            if (other.joinedSent) {
                other.sink.send(message);
            }
        }
    }

    /** Removes the editors still waiting for their joined message, telling each why. */
    void dropPendingJoins(ServerMessage reason) {
        flush();
        for (Editor e : joins.drain()) {
            editors.remove(e.clientId);
            meters.editorLeft(docId, e.clientId);
            colours.leave(e.session, e.user.color());
            e.sink.send(reason);
            e.sink.removed(docId, e.clientId);
        }
    }

    /** Removes every editor, telling each why. */
    void removeAll(ServerMessage reason) {
        flush();
        for (Editor e : editors.values()) {
            meters.editorLeft(docId, e.clientId);
            colours.leave(e.session, e.user.color());
            if (e.joinedSent) {
                neighbours.left(e.clientId);
            }
            e.sink.send(reason);
            e.sink.removed(docId, e.clientId);
        }
        editors.clear();
        joins.clear();
    }
}
