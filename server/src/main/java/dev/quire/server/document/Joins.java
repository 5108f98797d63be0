package dev.quire.server.document;

import dev.quire.ot.Selection;
import dev.quire.server.protocol.ServerMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The joins of one live document's {@link Roster}, from the join to its answer: a join is
 * answered at the version applied when it arrived, once that version is durable, in the order
 * they came. The answer is {@code joined} with the other editors (this node's and the
 * neighbours') at that version, what follows it for that editor ({@link Roster.JoinExtras}, then
 * what was sent to it while it waited), and the others are told of the newcomer. The roster keeps
 * the editors; this keeps the joins not answered yet.
 *
 * <p>Runs in the document's mailbox, like its roster.
 */
final class Joins {
    /**
     * A join waiting for its version to be durable; {@code joined} is called when it is sent (a
     * catch-up from the op log is read then, when every op up to {@code version} is in the log).
     */
    private record Pending(Editor editor, int version, Supplier<ServerMessage.Joined> joined, Answer answer) {}

    /**
     * Makes the answer to one join at the document's version when it is called: the supplier of
     * {@code joined}, called once that version is durable. Called at the join, and again when the
     * version the join waits for is given up ({@link #rewound}).
     */
    interface Answer {
        Supplier<ServerMessage.Joined> make();
    }

    private final String docId;
    private final Roster roster;
    private final Roster.SelectionMover mover;
    private final Roster.JoinExtras extras;
    private final Fanout fanout;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    Joins(String docId, Roster roster, Roster.SelectionMover mover, Roster.JoinExtras extras, Fanout fanout) {
        this.docId = docId;
        this.roster = roster;
        this.mover = mover;
        this.extras = extras;
        this.fanout = fanout;
    }

    /**
     * Answers the join of {@code editor} at {@code version}, the document's version now, with what
     * {@code answer} makes now: at once if that version is durable, else once it is.
     */
    void add(Editor editor, int version, Answer answer, int published) {
        Pending p = new Pending(editor, version, answer.make(), answer);
        if (published >= version) {
            answer(p, published);
        } else {
            pending.add(p);
        }
    }

    /** Answers the joins waiting for versions up to {@code published}. */
    void answerUpTo(int published) {
        while (!pending.isEmpty() && pending.peekFirst().version() <= published) {
            answer(pending.removeFirst(), published);
        }
    }

    /**
     * The document went back to {@code version} and took the ops another node committed (a
     * conflict, decision 037): the versions the waiting joins were promised were given up — each
     * waits for a version after the last durable one, else it would have been answered — and their
     * answers, made then, may hold ops that were abandoned. Each is made again at {@code version},
     * the document's version now (every op up to it durable, nothing in flight yet), and answered
     * at the next {@link #answerUpTo}; from then on its editor is sent the ops after it. Kept as
     * they were, an answer at a version the winners went past was sent with the winners flushed to
     * everyone else, and the joiner missed the versions between (OwnershipIT: a catch-up ending at
     * 182, then version 184).
     */
    void rewound(int version) {
        List<Pending> waiting = List.copyOf(pending);
        pending.clear();
        for (Pending p : waiting) {
            Editor e = p.editor();
            e.startVersion = version;
            if (e.selectionVersion > version) {
                // A selection at a version given up (only the join's own, empty): none.
                e.selection = List.of();
                e.selectionVersion = version;
            }
            pending.add(new Pending(e, version, p.answer().make(), p.answer()));
        }
    }

    /** {@code editor} left: its join, if it still waits, is not answered. */
    void forget(Editor editor) {
        pending.removeIf(p -> p.editor() == editor);
    }

    /** The editors whose joins still wait, in the order they came; none waits any more. */
    List<Editor> drain() {
        List<Editor> waiting = pending.stream().map(Pending::editor).toList();
        pending.clear();
        return waiting;
    }

    /** Every waiting join is dropped (its editor was removed). */
    void clear() {
        pending.clear();
    }

    private void answer(Pending p, int published) {
        roster.flush();
        List<ServerMessage.Peer> peers = new ArrayList<>();
        for (Editor other : roster.joined()) {
            List<Selection.Range> at = mover.move(other.selection, other.selectionVersion, published);
            peers.add(new ServerMessage.Peer(other.clientId, other.user, at));
        }
        peers.addAll(roster.neighbours().peersAt(published));
        ServerMessage.Joined j;
        try {
            j = p.joined().get();
        } catch (RuntimeException e) {
            roster.refuse(p.editor(), e);
            return;
        }
        Editor e = p.editor();
        e.joinedSent = true;
        e.sink.send(j.to(peers, e.role, Optional.of(e.user)));
        extras.after(e, j.version()).forEach(e.sink::send);
        e.deferred.forEach(e.sink::send);
        e.deferred.clear();
        // The others learn of the newcomer at once, not at its first cursor move or op. A selection it
        // sent while its join waited is at its own version: moved to the one announced (the text may
        // have shrunk under it since; the fuzzer found a position 48 in a text of 45).
        List<Selection.Range> at = mover.move(e.selection, e.selectionVersion, published);
        fanout.presence(new ServerMessage.Presence(docId, e.clientId, e.user, published, at));
        roster.neighbours().presence(e);
    }
}
