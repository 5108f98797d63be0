package dev.quire.server.bench;

import dev.quire.ot.TextBuffer;
import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One editor's replica of a document: the local text in ot-core's gap buffer and ot-core's
 * {@link Client}, with two shortcuts that give the same text for less work per remote op
 * (decision 054), since the load generator takes a million of them a second:
 *
 * <ul>
 *   <li>synchronized (nothing in flight or buffered): the client would transform nothing, so a
 *       remote op applies to the text as it is and the client only moves to the next version;
 *   <li>deferred: from an edit sent while synchronized until its ack, with nothing else sent or
 *       buffered, the remote ops wait unapplied. If the ack comes first, with the op the server
 *       applied (a batch's own entry), the edit is undone, the waiting ops and the server's op are
 *       applied as they are: the text is then the server's text at the ack's version, as the
 *       client's transforms would have made it. Anything that needs the text or the client before
 *       ({@link #text()}, {@link #client()}, a local edit, a single {@code ack}) first feeds the
 *       waiting ops through the client, as if they had been applied on arrival.
 * </ul>
 *
 * <p>Not thread-safe: one owner (the editor state).
 */
final class Replica {
    private TextBuffer text = new TextBuffer("");
    private Client client = Client.at(0);
    private int window = 1;
    /** Deferred: the inverse of the edit in flight, applying to the text as it is; else null. */
    private TextOperation undo;
    /** Deferred: the remote ops since the edit was sent, versions client.version() + 1 on. */
    private final List<TextOperation> waiting = new ArrayList<>();

    /** The local text, with every remote op received applied. */
    TextBuffer text() {
        catchUp();
        return text;
    }

    /** ot-core's client, with every remote op received given to it. */
    Client client() {
        catchUp();
        return client;
    }

    int window() {
        return window;
    }

    void window(int window) {
        client = client().withWindow(window);
        this.window = window;
    }

    /** How many local ops are sent and not yet acknowledged (deferred remote ops change nothing). */
    int inFlight() {
        return client.inFlight().size();
    }

    /** Nothing in flight or buffered, and the text is at {@code version}: the server's text then. */
    boolean synchronizedAt(int version) {
        return undo == null && client.isSynchronized() && client.version() == version;
    }

    boolean isSynchronized() {
        return undo == null && client.isSynchronized();
    }

    /** A fresh text at {@code version} (a join's); the session's seq goes on. */
    void reset(String content, int version) {
        catchUp();
        text = new TextBuffer(content);
        client = resumed(version);
    }

    /** A local edit of the text as it is; returns the op to send, if any. */
    Optional<Outgoing> local(TextOperation op) {
        catchUp();
        TextOperation inverse = client.isSynchronized() ? op.invert(text.toString()) : null;
        text.apply(op);
        Optional<Outgoing> send = apply(client.applyClient(op));
        if (inverse != null && send.isPresent() && client.inFlight().size() == 1) {
            undo = inverse;
        }
        return send;
    }

    /**
     * Another editor's op, which produced {@code version}.
     *
     * @throws IllegalStateException if the version is not the next one
     */
    Optional<Outgoing> remote(int version, TextOperation op) {
        if (undo != null) {
            next("applyServer", client.version() + waiting.size(), version);
            waiting.add(op);
            return Optional.empty();
        }
        if (client.isSynchronized()) {
            next("applyServer", client.version(), version);
            text.apply(op);
            client = resumed(version);
            return Optional.empty();
        }
        return apply(client.applyServer(version, op));
    }

    /**
     * The ack of this editor's op {@code seq}, which produced {@code version} as {@code applied}
     * (the op the server applied, from a batch entry; empty from a single {@code ack}).
     */
    Optional<Outgoing> ack(int seq, int version, Optional<TextOperation> applied) {
        if (undo != null
                && applied.isPresent()
                && client.inFlight().get(0).seq() == seq
                && version == client.version() + waiting.size() + 1) {
            text.apply(undo);
            waiting.forEach(text::apply);
            text.apply(applied.get());
            waiting.clear();
            undo = null;
            client = resumed(version);
            return Optional.empty();
        }
        return apply(client().serverAck(seq, version));
    }

    /** Feeds the deferred remote ops through the client, as on arrival. */
    private void catchUp() {
        if (undo == null) {
            return;
        }
        undo = null;
        int version = client.version();
        for (TextOperation op : waiting) {
            apply(client.applyServer(++version, op));
        }
        waiting.clear();
    }

    private Optional<Outgoing> apply(Transition t) {
        client = t.client();
        t.apply().ifPresent(text::apply);
        return t.send();
    }

    private Client resumed(int version) {
        Client c = Client.resume(version, client.nextSeq());
        return window == 1 ? c : c.withWindow(window);
    }

    private static void next(String function, int current, int version) {
        if (version != current + 1) {
            throw new IllegalStateException(function + ": expected version " + (current + 1) + ", found " + version);
        }
    }
}
