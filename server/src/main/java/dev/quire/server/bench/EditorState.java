package dev.quire.server.bench;

import dev.quire.ot.TextBuffer;
import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.TextChecksum;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The protocol state of one editor on one document, without a transport: ot-core's {@link Client},
 * the local text, and the op messages to send. The load generator's {@link BenchEditor} adds
 * timing and its socket; the end-to-end tests' editor adds a {@code java.net.http} WebSocket.
 *
 * <pre>
 *   state.join(name)            -> send it
 *   state.receive(serverMessage) -> the ops to send (an ack frees the next one; a catch-up resends)
 *   state.edit(random)          -> maybe an op to send (at most {@link #window} in flight)
 * </pre>
 *
 * <p>Random edits (the load generator's measured mix): mostly one-character inserts of
 * {@code a}–{@code z}, about one insert in twenty an emoji (most of them a surrogate pair, the flag
 * two), some deletes of a character or a short run; deletes grow likelier past 400 characters so
 * the text stays small. An edit never splits a surrogate pair.
 *
 * <p>Not thread-safe: one owner (the bench editor under its lock, or one test thread).
 */
public final class EditorState {
    /** The text length the random edits drift towards, so client-side work stays bounded. */
    private static final int TARGET_LENGTH = 400;

    private static final String[] EMOJI = {"😀", "🎉", "👍", "🚀", "❤️", "🇫🇷"};

    private final String docId;
    private final String session;
    /** What the joins accept: batches, unless made with {@link #singleMessages}. */
    private final Set<String> accept;

    private Client client = Client.at(0);
    /** This editor's client id in the document, from the last {@code joined}. */
    private String clientId = "";

    /**
     * The local text (see {@link #text()}), in ot-core's gap buffer: applied in place per op (where
     * {@code op.apply(String)} would copy the whole text), allocated per growth.
     */
    private TextBuffer text = new TextBuffer("");
    /** How many ops this editor keeps in flight (decision 039); 1 is ot.js's client. */
    private int window = 1;

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
        client = client.withWindow(window);
        this.window = window;
        return this;
    }

    /** The most ops this editor keeps in flight. */
    public int window() {
        return window;
    }

    /** How many of this editor's ops are sent and not yet acknowledged. */
    public int inFlight() {
        return client.inFlight().size();
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
        return new ClientMessage.Join(docId, session, OptionalInt.of(client.version()), name, accept);
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
            if (!client.isSynchronized()) {
                throw new IllegalStateException("joined " + docId + ": expected a catch-up for " + client.pendingCount()
                        + " unacknowledged edits, found the text");
            }
            text = new TextBuffer(m.content().get());
            client = Client.resume(m.version(), client.nextSeq()).withWindow(window);
            return List.of();
        } else if (message instanceof ServerMessage.Ack m) {
            Optional<ClientMessage.Op> next = apply(client.serverAck(Math.toIntExact(m.seq()), m.version()));
            check(m.version(), m.checksum());
            return next.stream().toList();
        } else if (message instanceof ServerMessage.Op m) {
            Optional<ClientMessage.Op> next = apply(client.applyServer(m.version(), m.op()));
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
     * A batch: each entry of this editor's own is the ack of its op, the others go through
     * ot-core's client, in order. An ack may free the buffer, sent then, based on the version of
     * that ack and transformed by the entries after it like any op in flight.
     */
    private List<ClientMessage.Op> batch(ServerMessage.Ops m) {
        List<ClientMessage.Op> next = new ArrayList<>(1);
        for (ServerMessage.CatchUpOp entry : m.ops()) {
            Optional<ClientMessage.Op> send = isOwn(entry)
                    ? apply(client.serverAck(Math.toIntExact(entry.seq().get()), entry.version()))
                    : apply(client.applyServer(entry.version(), entry.op()));
            check(entry.version(), entry.checksum());
            send.ifPresent(next::add);
        }
        return next;
    }

    /**
     * A checksum of the server's text at {@code version} can be compared only while nothing of
     * ours is unacknowledged: then the local text is the server's text at that version.
     */
    private void check(int version, Optional<String> checksum) {
        if (checksum.isPresent()
                && client.isSynchronized()
                && client.version() == version
                && !TextChecksum.of(text.toString()).equals(checksum.get())) {
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
            Optional<Integer> inFlight = client.sent().map(Outgoing::seq);
            if (entry.seq().isPresent() && inFlight.isPresent() && entry.seq().get() == (long) inFlight.get()) {
                // An op sent from the buffer on this ack is in flight now, and resent below.
                client = client.serverAck(inFlight.get(), entry.version()).client();
            } else {
                apply(client.applyServer(entry.version(), entry.op()));
            }
        }
        List<ClientMessage.Op> resend = new ArrayList<>();
        for (Outgoing out : client.inFlight()) {
            resend.add(new ClientMessage.Op(docId, out.baseVersion(), out.seq(), out.op()));
        }
        return resend;
    }

    /** One random local edit (see the class comment); returns the op to send, if any. */
    public Optional<ClientMessage.Op> edit(RandomGenerator random) {
        return edit(random, EditorState::benchInsert);
    }

    /**
     * One random local edit whose inserts are drawn from {@code pieces} (each inserted whole, so a
     * piece may hold surrogate pairs, line breaks or several characters); deletes as in
     * {@link #edit(RandomGenerator)}.
     */
    public Optional<ClientMessage.Op> edit(RandomGenerator random, List<String> pieces) {
        List<String> copy = List.copyOf(pieces);
        if (copy.isEmpty() || copy.contains("")) {
            throw new IllegalArgumentException("pieces: expected non-empty strings, found " + pieces);
        }
        return edit(random, r -> copy.get(r.nextInt(copy.size())));
    }

    private static String benchInsert(RandomGenerator random) {
        return random.nextInt(20) == 0
                ? EMOJI[random.nextInt(EMOJI.length)]
                : String.valueOf((char) ('a' + random.nextInt(26)));
    }

    private Optional<ClientMessage.Op> edit(RandomGenerator random, Function<RandomGenerator, String> inserts) {
        int len = text.length();
        boolean delete = len > 0 && random.nextInt(100) < (len >= TARGET_LENGTH ? 70 : 25);
        int at = boundary(random.nextInt(len + 1));
        TextOperation op;
        if (delete) {
            at = Math.min(at, boundary(len - 1));
            int end = at;
            int chars = random.nextInt(10) == 0 ? 1 + random.nextInt(8) : 1;
            for (int i = 0; i < chars && end < len; i++) {
                end += Character.isHighSurrogate(text.charAt(end)) && end + 1 < len ? 2 : 1;
            }
            end = boundary(end);
            if (end == at) {
                return Optional.empty();
            }
            op = TextOperation.builder()
                    .retain(at)
                    .delete(end - at)
                    .retain(len - end)
                    .build();
        } else {
            String insert = inserts.apply(random);
            op = TextOperation.builder()
                    .retain(at)
                    .insert(insert)
                    .retain(len - at)
                    .build();
        }
        text.apply(op);
        return apply(client.applyClient(op));
    }

    /** A local insert of {@code piece} at {@code at}; returns the op to send, if any. */
    public Optional<ClientMessage.Op> insert(int at, String piece) {
        TextOperation op = TextOperation.builder()
                .retain(at)
                .insert(piece)
                .retain(text.length() - at)
                .build();
        text.apply(op);
        return apply(client.applyClient(op));
    }

    private Optional<ClientMessage.Op> apply(Transition t) {
        client = t.client();
        t.apply().ifPresent(text::apply);
        return t.send().map(out -> new ClientMessage.Op(docId, out.baseVersion(), out.seq(), out.op()));
    }

    /** Moves {@code at} back off the middle of a surrogate pair. */
    private int boundary(int at) {
        if (at > 0
                && at < text.length()
                && Character.isLowSurrogate(text.charAt(at))
                && Character.isHighSurrogate(text.charAt(at - 1))) {
            return at - 1;
        }
        return Math.max(at, 0);
    }

    public String docId() {
        return docId;
    }

    public String session() {
        return session;
    }

    /** The local text: the server's text with this editor's unacknowledged edits applied. */
    public String text() {
        return text.toString();
    }

    /** The last server version this editor has seen. */
    public int version() {
        return client.version();
    }

    /** True when no op of this editor is in flight or buffered. */
    public boolean isSynchronized() {
        return client.isSynchronized();
    }
}
