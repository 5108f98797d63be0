package dev.quire.client;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.ClientState;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One joined document's protocol state: ot-core's {@link Client}, the local text, the session and
 * its seqs, the futures of unacknowledged edits, the peers. It follows the web editor's
 * {@code DocConnection}: join and catch-up (entries carrying our seq are our acks), resend of the
 * op in flight with its original seq and base version after every rejoin, {@code rate-limited}
 * retries after {@code retryAfterMs}, and a resync with a fresh session when the server cannot
 * merge what we hold. Internal.
 *
 * <p>Confined to the client's event thread; other threads read {@link #view()}.
 */
final class DocumentSession {
    private static final System.Logger LOG = System.getLogger(DocumentSession.class.getName());
    private static final int MAX_RETRY_MS = 60_000;

    private final String docId;
    private final Connection connection;
    private final Listeners listeners;
    private final Peers peers;
    private final EditWaiters waiters = new EditWaiters();
    private final CompletableFuture<DocumentHandle> firstJoin = new CompletableFuture<>();
    private String session = Sessions.random();
    private Client client = Client.at(0);
    private String text = "";
    /** Our id in the document, from the last joined: batch entries carrying it are our acks. */
    private String clientId = "";

    private boolean joined;
    private boolean everJoined;
    private boolean closed;
    private final OwnSelection selection = new OwnSelection();
    private ScheduledFuture<?> retry;
    private volatile View view = new View("", 0, 0, false);

    /** What other threads may read: the text, version and pending count after the last event. */
    record View(String text, int version, int pending, boolean joined) {}

    DocumentSession(String docId, Connection connection, DocumentListener listener, DocumentHandle handle) {
        this.docId = docId;
        this.connection = connection;
        this.listeners = new Listeners(listener, handle);
        this.peers = new Peers(listeners);
    }

    String docId() {
        return docId;
    }

    View view() {
        return view;
    }

    CompletableFuture<DocumentHandle> firstJoin() {
        return firstJoin;
    }

    /** The socket is open: join, from our version when we were joined before (catch-up). */
    void connected() {
        OptionalInt from = everJoined ? OptionalInt.of(client.version()) : OptionalInt.empty();
        connection.send(ClientMessages.join(docId, session, from, connection.userName()));
    }

    /** The socket is gone: nothing is sent until the next joined; peers are unknown. */
    void disconnected() {
        joined = false;
        cancelRetry();
        peers.clear();
        publish();
    }

    void receive(ServerMessage m) {
        switch (m.type()) {
            case "joined" -> joined(m);
            case "ack" -> {
                if (joined) {
                    ack(m.integer("seq"), m.integer("version"));
                }
            }
            case "op" -> {
                if (joined) {
                    remote(
                            m.integer("version"),
                            m.op("op"),
                            m.optionalString("clientId").orElse(""));
                }
            }
            case "ops" -> {
                if (joined) {
                    batch(m);
                }
            }
            case "presence" -> {
                if (joined) {
                    peers.put(m.string("clientId"), m.object("user"), m.selection(), client);
                }
            }
            case "left" -> peers.remove(m.string("clientId"));
            case "error" -> error(m);
            default -> LOG.log(System.Logger.Level.DEBUG, "[{0}] ignored message type {1}", docId, m.type());
        }
        publish();
    }

    /** A message that does not fit our state (a gap, an op that does not apply): start over. */
    void lostTrack(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "[" + docId + "] resync after an unexpected message", e);
        resync(new QuireException("resync", "the client lost track of the document: " + e.getMessage(), text));
    }

    /**
     * An {@code ops} batch: each entry in order, ours (our client id, with a seq) as the ack of
     * that seq, the others as remote ops; then the selections, at the version of the last entry,
     * except our own.
     */
    private void batch(ServerMessage m) {
        for (ServerMessage entry : m.objects("ops")) {
            OptionalInt seq = entry.optionalInt("seq");
            String author = entry.optionalString("clientId").orElse("");
            if (seq.isPresent() && author.equals(clientId)) {
                ack(seq.getAsInt(), entry.integer("version"));
            } else {
                remote(entry.integer("version"), entry.op("op"), author);
            }
        }
        if (m.has("presence")) {
            for (ServerMessage p : m.objects("presence")) {
                if (!p.string("clientId").equals(clientId)) {
                    peers.put(p.string("clientId"), p.object("user"), p.selection(), client);
                }
            }
        }
    }

    private void joined(ServerMessage m) {
        boolean reload = false;
        clientId = m.string("clientId");
        if (m.has("ops") && everJoined) {
            for (ServerMessage entry : m.objects("ops")) {
                OptionalInt seq = entry.optionalInt("seq");
                Optional<Outgoing> sent = client.sent();
                if (seq.isPresent() && sent.isPresent() && sent.get().seq() == seq.getAsInt()) {
                    ack(seq.getAsInt(), entry.integer("version"));
                } else {
                    remote(
                            entry.integer("version"),
                            entry.op("op"),
                            entry.optionalString("clientId").orElse(""));
                }
            }
        } else {
            if (everJoined && client.pendingCount() > 0) {
                // No catch-up (the server no longer has history from our version): whether the op
                // in flight was committed is unknown, so nothing can be merged safely.
                // With "compacted", the server's history retention folded the ops after our version.
                resync(
                        m.has("compacted")
                                ? new QuireException(
                                        "history-compacted",
                                        "the server keeps its history from version " + m.integer("compacted")
                                                + " only: the unacknowledged edits cannot be merged",
                                        text)
                                : new QuireException(
                                        "resync", "the server could not merge the unacknowledged edits", text));
                return;
            }
            String content = m.optionalString("content").orElse("");
            client = Client.resume(m.integer("version"), client.nextSeq());
            reload = !everJoined || !content.equals(text);
            text = content;
        }
        joined = true;
        everJoined = true;
        connection.joinedOne();
        peers.reset(m.has("peers") ? m.objects("peers") : List.of(), client);
        client.resend().send().ifPresent(this::sendOp);
        selection.rejoined();
        flushPresence();
        publish();
        if (reload) {
            // Last, so that an edit made in the callback is sent at once.
            listeners.text(text);
        }
        firstJoin.complete(listeners.handle());
    }

    private void ack(int seq, int version) {
        Transition t = client.serverAck(seq, version);
        client = t.client();
        t.send().ifPresent(this::sendOp);
        flushPresence();
        publish();
        waiters.acked(seq, version);
    }

    private void remote(int version, TextOperation op, String clientId) {
        Transition t = client.applyServer(version, op);
        client = t.client();
        TextOperation applied = t.apply().orElseThrow();
        text = applied.apply(text);
        peers.move(applied);
        publish();
        listeners.change(new Change(applied, text, version, clientId));
    }

    /** A local edit of the current text; its future completes with the version that made it durable. */
    CompletableFuture<Integer> edit(TextOperation op) {
        if (closed) {
            return CompletableFuture.failedFuture(new QuireException("closed", "document " + docId + " is closed"));
        }
        if (!everJoined) {
            // Only after a resync, until the server's text arrives: this text is about to go.
            return CompletableFuture.failedFuture(new QuireException(
                    "resync", "document " + docId + " is rejoining after a resync; edit again after onText", text));
        }
        if (op.baseLength() != text.length()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "submit: op.baseLength " + op.baseLength() + " != text length " + text.length()));
        }
        if (op.isNoop()) {
            return synced();
        }
        CompletableFuture<Integer> done = waiters.add(client.nextSeq());
        Transition t = client.applyClient(op);
        client = t.client();
        text = op.apply(text);
        peers.move(op);
        t.send().ifPresent(this::sendOp);
        publish();
        return done;
    }

    /** Completes once every edit so far is acknowledged, with the version then. */
    CompletableFuture<Integer> synced() {
        if (client.isSynchronized()) {
            return CompletableFuture.completedFuture(client.version());
        }
        // The buffer, when there is one, goes out with nextSeq; else the op in flight is the last.
        boolean buffered = client.state() instanceof ClientState.AwaitingWithBuffer;
        return waiters.add(buffered ? client.nextSeq() : client.nextSeq() - 1);
    }

    String text() {
        return text;
    }

    void select(Optional<Selection> wanted) {
        selection.set(wanted);
        flushPresence();
    }

    private void flushPresence() {
        selection.due(docId, joined, client).ifPresent(connection::send);
    }

    List<Peer> peers() {
        return peers.list();
    }

    private void error(ServerMessage m) {
        String code = m.string("code");
        String message = m.optionalString("message").orElse("");
        OptionalInt seq = m.optionalInt("seq");
        switch (ErrorAction.of(code, seq.isPresent())) {
            case RETRY_LATER -> retryLater(seq, m.optionalInt("retryAfterMs"));
            case HALT -> halt(new QuireException(code, message, text));
            case RESYNC -> resync(new QuireException(code, message, text));
            case REPORT -> listeners.error(new QuireException(code, message));
        }
    }

    /** Our op was refused for speed and not applied: send it again, unchanged, when told. */
    private void retryLater(OptionalInt seq, OptionalInt retryAfterMs) {
        Optional<Outgoing> sent = client.sent();
        if (seq.isEmpty() || sent.isEmpty() || sent.get().seq() != seq.getAsInt()) {
            return;
        }
        int delay = Math.min(Math.max(retryAfterMs.orElse(1000), 0), MAX_RETRY_MS);
        int retrySeq = seq.getAsInt();
        cancelRetry();
        retry = connection.schedule(
                () -> {
                    retry = null;
                    client.resend().send().filter(o -> o.seq() == retrySeq).ifPresent(this::sendOp);
                },
                delay);
    }

    /**
     * Our state no longer fits the server's: fail the unacknowledged edits (handing back the
     * text), then join afresh with a new session (no seq of the old one is safe any more).
     */
    private void resync(QuireException cause) {
        boolean pending = client.pendingCount() > 0;
        // All state first: the listener and the futures' dependents may edit (and are refused).
        session = Sessions.random();
        client = Client.at(0);
        everJoined = false;
        joined = false;
        cancelRetry();
        peers.clear();
        publish();
        if (pending) {
            listeners.error(cause);
        }
        waiters.failAll(cause);
        if (connection.isOpen() && !closed) {
            connected();
        }
    }

    /** The server refused the document for good: stop, and tell whoever waits. */
    void halt(QuireException cause) {
        if (!closed && stop(cause)) {
            listeners.error(cause);
        }
    }

    /** The program closed the document: leave it; unacknowledged edits fail with {@code closed}. */
    void leave() {
        if (!closed) {
            if (joined) {
                connection.send(ClientMessages.leave(docId));
            }
            stop(new QuireException("closed", "document " + docId + " was closed", text));
        }
    }

    /** Stops for good; whether the first join had completed (else its future now fails). */
    private boolean stop(QuireException cause) {
        closed = true;
        joined = false;
        publish();
        cancelRetry();
        peers.clear();
        waiters.failAll(cause);
        connection.remove(this);
        return !firstJoin.completeExceptionally(cause);
    }

    private void sendOp(Outgoing o) {
        if (joined) {
            connection.send(ClientMessages.op(docId, o.baseVersion(), o.seq(), o.op()));
        }
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private void publish() {
        view = new View(text, client.version(), client.pendingCount(), joined);
    }
}
