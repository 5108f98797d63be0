package dev.quire.server.bench;

import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.TextChecksum;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The protocol state of one editor on one document, without a transport: its {@link Replica}
 * (ot-core's {@link Client} and the local text), and the op messages to send. The load generator's {@link BenchEditor} adds
 * timing and its socket; the end-to-end tests' editor adds a {@code java.net.http} WebSocket.
 *
 * <pre>
 *   state.join(name)            -> send it
 *   state.receive(serverMessage) -> the ops to send (an ack frees the next one; a catch-up resends)
 *   state.edit(random)          -> maybe an op to send (at most {@link #window} in flight)
 * </pre>
 *
 * <p>Random edits: {@link RandomEdits} (the load generator's measured mix).
 *
 * <p>Not thread-safe: one owner (the bench editor under its lock, or one test thread).
 */
public final class EditorState {
    private final String docId;
    private final String session;
    /** What the joins accept: batches, unless made with {@link #singleMessages}. */
    private final Set<String> accept;

    /** The local text and ot-core's client (with decision 054's shortcuts). */
    private final Replica replica = new Replica();
    /** This editor's client id in the document, from the last {@code joined}. */
    private String clientId = "";

    /** The version whose checksum did not match this text, until the owner takes the report. */
    private OptionalInt diverged = OptionalInt.empty();

    /** An editor of {@code docId} for {@code session} (8–64 characters of {@code [A-Za-z0-9_-]}). */
    public EditorState(String docId, String session) {
        this(docId, session, Set.of(ClientMessage.Join.OPS));
    }

    private EditorState(String docId, String session, Set<String> accept) {
        this.docId = Objects.requireNonNull(docId, "doc");
        this.session = Objects.requireNonNull(session, "session");
        this.accept = accept;
    }

    /** An editor whose joins do not accept batches: the server sends it single op and ack messages. */
    public static EditorState singleMessages(String docId, String session) {
        return new EditorState(docId, session, Set.of());
    }

    /**
     * Keeps up to {@code window} ops in flight from now on (pipelining, decision 039): an edit is
     * sent at once while fewer are, based on the version then.
     *
     * @throws IllegalArgumentException if the window is not 1 to {@link Client#MAX_WINDOW}
     */
    public EditorState window(int window) {
        replica.window(window);
        return this;
    }

    /** The most ops this editor keeps in flight. */
    public int window() {
        return replica.window();
    }

    /** How many of this editor's ops are sent and not yet acknowledged. */
    public int inFlight() {
        return replica.inFlight();
    }

    /** The join to send first; the user's display name when given. */
    public ClientMessage.Join join(Optional<String> name) {
        return new ClientMessage.Join(docId, session, OptionalInt.empty(), name, accept);
    }

    /**
     * The join after a lost connection: it gives the last version seen, so the server answers
     * with the ops missed (its own among them marked with their seq) instead of the text.
     */
    public ClientMessage.Join rejoin(Optional<String> name) {
        return new ClientMessage.Join(
                docId, session, OptionalInt.of(replica.client().version()), name, accept);
    }

    /**
     * Takes one server message: {@code joined} sets the text and version (or, after a
     * {@link #rejoin}, applies the catch-up: its entries with this session's seq acknowledge the op
     * in flight, the others go through ot-core's client, and the ops still in flight are then sent
     * again exactly as first sent); {@code ack} and {@code op} go through ot-core's client. Returns
     * the ops to send next, in order (none, one, or the resends after a catch-up). {@code presence}, {@code left} and {@code error} change nothing
     * here: the owner counts or reports errors.
     *
     * @throws IllegalStateException for a joined with the text while edits are unacknowledged
     *     (they could not be merged), or a catch-up that does not fit this editor's version
     */
    public List<ClientMessage.Op> receive(ServerMessage message) {
        if (message instanceof ServerMessage.Joined m) {
            clientId = m.clientId();
            if (m.content().isEmpty()) {
                return catchUp(m);
            }
            if (!replica.isSynchronized()) {
                throw new IllegalStateException("joined " + docId + ": expected a catch-up for "
                        + replica.client().pendingCount() + " unacknowledged edits, found the text");
            }
            replica.reset(m.content().get(), m.version());
            return List.of();
        } else if (message instanceof ServerMessage.Ack m) {
            Optional<ClientMessage.Op> next = op(replica.ack(Math.toIntExact(m.seq()), m.version(), Optional.empty()));
            check(m.version(), m.checksum());
            return next.stream().toList();
        } else if (message instanceof ServerMessage.Op m) {
            Optional<ClientMessage.Op> next = op(replica.remote(m.version(), m.op()));
            check(m.version(), m.checksum());
            return next.stream().toList();
        } else if (message instanceof ServerMessage.Ops m) {
            return batch(m);
        }
        return List.of();
    }

    /** Whether a batch entry is this editor's own op: the ack of its {@code seq}. */
    public boolean isOwn(ServerMessage.CatchUpOp entry) {
        return entry.seq().isPresent() && entry.clientId().equals(clientId);
    }

    /**
     * A batch: each entry of this editor's own is the ack of its op, the others are other
     * editors' ops, in order. An ack may free the buffer, sent then, based on the version of that
     * ack and transformed by the entries after it like any op in flight.
     */
    private List<ClientMessage.Op> batch(ServerMessage.Ops m) {
        List<ClientMessage.Op> next = List.of();
        for (ServerMessage.CatchUpOp entry : m.ops()) {
            Optional<ClientMessage.Op> send = op(
                    isOwn(entry)
                            ? replica.ack(Math.toIntExact(entry.seq().get()), entry.version(), Optional.of(entry.op()))
                            : replica.remote(entry.version(), entry.op()));
            check(entry.version(), entry.checksum());
            if (send.isPresent()) {
                next = next.isEmpty() ? new ArrayList<>(1) : next;
                next.add(send.get());
            }
        }
        return next;
    }

    /**
     * A checksum of the server's text at {@code version} can be compared only while nothing of
     * ours is unacknowledged: then the local text is the server's text at that version.
     */
    private void check(int version, Optional<String> checksum) {
        if (checksum.isPresent()
                && replica.synchronizedAt(version)
                && !TextChecksum.of(replica.text().toString()).equals(checksum.get())) {
            diverged = OptionalInt.of(version);
        }
    }

    /**
     * The report to send when a checksum did not match this editor's text (it diverged), once.
     * The owner sends it, then joins afresh ({@link #join}): the joined text replaces the local
     * one. Detected only while synchronized, so no edit of this editor is lost by it.
     */
    public Optional<ClientMessage.Diverged> takeDivergence() {
        if (diverged.isEmpty()) {
            return Optional.empty();
        }
        ClientMessage.Diverged report = new ClientMessage.Diverged(docId, diverged.getAsInt());
        diverged = OptionalInt.empty();
        return Optional.of(report);
    }

    private List<ClientMessage.Op> catchUp(ServerMessage.Joined m) {
        for (ServerMessage.CatchUpOp entry : m.ops()) {
            Optional<Integer> inFlight = replica.client().sent().map(Outgoing::seq);
            if (entry.seq().isPresent() && inFlight.isPresent() && entry.seq().get() == (long) inFlight.get()) {
                // An op sent from the buffer on this ack is in flight now, and resent below.
                replica.ack(inFlight.get(), entry.version(), Optional.empty());
            } else {
                replica.remote(entry.version(), entry.op());
            }
        }
        List<ClientMessage.Op> resend = new ArrayList<>();
        for (Outgoing out : replica.client().inFlight()) {
            resend.add(new ClientMessage.Op(docId, out.baseVersion(), out.seq(), out.op()));
        }
        return resend;
    }

    /** One random local edit ({@link RandomEdits}, the bench's mix); returns the op to send, if any. */
    public Optional<ClientMessage.Op> edit(RandomGenerator random) {
        return edit(random, RandomEdits.BENCH);
    }

    /**
     * One random local edit whose inserts are drawn from {@code pieces} (each inserted whole, so a
     * piece may hold surrogate pairs, line breaks or several characters); deletes as in
     * {@link #edit(RandomGenerator)}.
     */
    public Optional<ClientMessage.Op> edit(RandomGenerator random, List<String> pieces) {
        return edit(random, RandomEdits.of(pieces));
    }

    private Optional<ClientMessage.Op> edit(RandomGenerator random, RandomEdits edits) {
        Optional<TextOperation> op = edits.next(replica.text(), random);
        return op.isEmpty() ? Optional.empty() : op(replica.local(op.get()));
    }

    /** A local insert of {@code piece} at {@code at}; returns the op to send, if any. */
    public Optional<ClientMessage.Op> insert(int at, String piece) {
        TextOperation op = TextOperation.builder()
                .retain(at)
                .insert(piece)
                .retain(replica.text().length() - at)
                .build();
        return op(replica.local(op));
    }

    private Optional<ClientMessage.Op> op(Optional<Outgoing> send) {
        return send.map(out -> new ClientMessage.Op(docId, out.baseVersion(), out.seq(), out.op()));
    }

    public String docId() {
        return docId;
    }

    public String session() {
        return session;
    }

    /** The local text: the server's text with this editor's unacknowledged edits applied. */
    public String text() {
        return replica.text().toString();
    }

    /** The last server version this editor has seen. */
    public int version() {
        return replica.client().version();
    }

    /** True when no op of this editor is in flight or buffered. */
    public boolean isSynchronized() {
        return replica.isSynchronized();
    }
}
