package dev.quire.ot.client;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.ot.Transformed;
import dev.quire.ot.client.ClientState.AwaitingConfirm;
import dev.quire.ot.client.ClientState.AwaitingWithBuffer;
import dev.quire.ot.client.ClientState.Pipelined;
import dev.quire.ot.client.ClientState.Synchronized;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One client's view of a shared document, as in ot.js: at most one operation in flight (or, with
 * {@link #withWindow}, up to a window of them: pipelining, docs/decisions/039), later local edits
 * buffered, remote operations transformed over both before they reach the editor.
 *
 * <pre>
 *   Synchronized --local--&gt; AwaitingConfirm --local--&gt; AwaitingWithBuffer
 *        ^                      |     ^                       |
 *        +-------- ack ---------+     +--------- ack ---------+ (the buffer is sent)
 * </pre>
 *
 * <p>Immutable: each event returns a {@link Transition} with the next client, what to send and
 * what to apply to the local document. Every operation sent gets the next sequence number and
 * keeps it: {@link #resend()} (or {@link #inFlight()} with a window) after a reconnect returns it
 * unchanged, so the server applies it at most once.
 *
 * <p>With a window of W, a local edit is sent at once while fewer than W operations are in flight,
 * each based on {@link #version()} then (the server reads it as following this client's
 * operations in flight, decision 039); once W are in flight, edits are composed into the buffer,
 * sent at the next acknowledgement. A window of 1 is ot.js's client exactly.
 *
 * <p>Remote operations and acknowledgements must arrive in the server's version order (each one
 * producing {@link #version()} + 1). When a remote operation and a pending local one insert at the
 * same place, the local text comes first, as the server decides when it transforms the local
 * operation against the remote one.
 */
public final class Client {
    private final int version;
    private final int nextSeq;
    private final int window;
    /** Oldest first; each one's {@code outstanding} applies after the ones before it. */
    private final List<AwaitingConfirm> inFlight;
    /** Empty unless {@code window} operations are in flight. */
    private final Optional<TextOperation> buffer;

    private final int bufferEdits;

    private Client(
            int version,
            int nextSeq,
            int window,
            List<AwaitingConfirm> inFlight,
            Optional<TextOperation> buffer,
            int bufferEdits) {
        this.version = version;
        this.nextSeq = nextSeq;
        this.window = window;
        this.inFlight = inFlight;
        this.buffer = buffer;
        this.bufferEdits = bufferEdits;
    }

    /**
     * A synchronized client at server {@code version} whose first operation gets seq 1.
     *
     * @param version the server version the client starts at, &gt;= 0
     * @return the client
     */
    public static Client at(int version) {
        return resume(version, 1);
    }

    /**
     * A synchronized client at server {@code version} whose next operation gets {@code nextSeq}
     * (for a session that already sent operations). It has nothing in flight and nothing to
     * resend, so {@link #pendingCount()} is 0: what the session sent before is not this client's.
     *
     * @param version the server version the client starts at, &gt;= 0
     * @param nextSeq the seq of the next operation sent, &gt;= 1
     * @return the client, with a window of 1
     * @throws IllegalArgumentException if version or nextSeq is out of range
     */
    public static Client resume(int version, int nextSeq) {
        if (version < 0) {
            throw new IllegalArgumentException("version: expected >= 0, found " + version);
        }
        if (nextSeq < 1) {
            throw new IllegalArgumentException("nextSeq: expected >= 1, found " + nextSeq);
        }
        return new Client(version, nextSeq, 1, List.of(), Optional.empty(), 0);
    }

    /**
     * This client with a window of {@code window} operations in flight (pipelining, decision
     * 039); 1 is ot.js's one in flight. A smaller window than the operations in flight now
     * takes effect as acknowledgements arrive.
     *
     * @param window the most operations in flight, 1 to {@value #MAX_WINDOW}
     * @return the client with that window
     * @throws IllegalArgumentException if the window is out of range
     */
    public Client withWindow(int window) {
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window: expected 1 to " + MAX_WINDOW + ", found " + window);
        }
        return new Client(version, nextSeq, window, inFlight, buffer, bufferEdits);
    }

    /** The largest window: the server refuses a session's op beyond 32 in flight (decision 039). */
    public static final int MAX_WINDOW = 32;

    /**
     * The most operations this client keeps in flight.
     *
     * @return the window, at least 1
     */
    public int window() {
        return window;
    }

    /**
     * The last server version this client has seen (acknowledged or received).
     *
     * @return the version
     */
    public int version() {
        return version;
    }

    /**
     * The sequence number the next operation sent will get.
     *
     * @return the next seq
     */
    public int nextSeq() {
        return nextSeq;
    }

    /**
     * Where the client stands: {@link Synchronized}, {@link AwaitingConfirm} or
     * {@link AwaitingWithBuffer} when at most one operation is in flight (always, with a window
     * of 1), {@link Pipelined} when more are.
     *
     * @return the state
     */
    public ClientState state() {
        if (inFlight.isEmpty()) {
            return new Synchronized();
        }
        if (inFlight.size() == 1) {
            AwaitingConfirm only = inFlight.get(0);
            return buffer.<ClientState>map(b -> new AwaitingWithBuffer(
                            only.sent(), only.outstanding(), only.outstandingEdits(), b, bufferEdits))
                    .orElse(only);
        }
        return new Pipelined(inFlight, buffer, bufferEdits);
    }

    /**
     * Whether every local edit has been acknowledged.
     *
     * @return true when nothing is in flight or buffered
     */
    public boolean isSynchronized() {
        return inFlight.isEmpty();
    }

    /**
     * How many local edits are not yet acknowledged by the server: every {@link #applyClient} counts
     * one, also when it was composed into an operation in flight or the buffer (for the "N edits
     * waiting" indicator). The name is web-editor's {@code OtClient.pendingCount}, which counts the
     * same way.
     *
     * <p>An acknowledgement subtracts the edits composed into the acknowledged op; {@link
     * #applyServer} and {@link #resend()} change nothing. It is 0 exactly when {@link
     * #isSynchronized()}; how many <em>operations</em> wait is {@link #state()}.
     *
     * @return the number of unacknowledged local edits
     */
    public int pendingCount() {
        int edits = bufferEdits;
        for (AwaitingConfirm a : inFlight) {
            edits += a.outstandingEdits();
        }
        return edits;
    }

    /**
     * The user edited the local document: send the operation now if fewer than {@link #window()}
     * operations are in flight, else buffer it.
     *
     * @param op the local edit, applying to the local document
     * @return the next client and what to send, if anything
     */
    public Transition applyClient(TextOperation op) {
        Objects.requireNonNull(op, "op");
        if (buffer.isPresent() || inFlight.size() >= window) {
            TextOperation composed = buffer.map(b -> b.compose(op)).orElse(op);
            return stay(new Client(version, nextSeq, window, inFlight, Optional.of(composed), bufferEdits + 1));
        }
        return send(inFlight, op, 1);
    }

    /** Sends {@code op} (made of {@code edits} local edits) after {@code before}, based on this version. */
    private Transition send(List<AwaitingConfirm> before, TextOperation op, int edits) {
        Outgoing send = new Outgoing(nextSeq, version, op);
        List<AwaitingConfirm> next = new ArrayList<>(before);
        next.add(new AwaitingConfirm(send, op, edits));
        return new Transition(
                new Client(version, nextSeq + 1, window, List.copyOf(next), Optional.empty(), 0),
                Optional.of(send),
                Optional.empty());
    }

    /**
     * The server acknowledged operation {@code seq}, which produced {@code version}. If edits were
     * buffered meanwhile, they are sent now, and their count moves with them (see {@link
     * #pendingCount()}).
     *
     * <p>An ack for a seq that was already acknowledged changes nothing: after a reconnect the
     * server may acknowledge one operation twice (once for the copy that was still on the old
     * socket, once for the resend), and acks must be idempotent.
     *
     * @param seq the seq of the acknowledged operation
     * @param version the version the operation produced
     * @return the next client and the buffer to send, if any
     * @throws IllegalStateException if the seq was never sent, or is not the oldest in flight, or
     *     the version is not the next one
     */
    public Transition serverAck(int seq, int version) {
        int firstUnacknowledged =
                inFlight.isEmpty() ? nextSeq : inFlight.get(0).sent().seq();
        if (seq >= 1 && seq < firstUnacknowledged) {
            return stay(this);
        }
        if (inFlight.isEmpty()) {
            throw new IllegalStateException("serverAck: no operation in flight, received ack for seq " + seq);
        }
        Outgoing sent = inFlight.get(0).sent();
        if (sent.seq() != seq) {
            throw new IllegalStateException("serverAck: expected ack for seq " + sent.seq() + ", found seq " + seq);
        }
        checkNext("serverAck", version);
        List<AwaitingConfirm> rest = inFlight.subList(1, inFlight.size());
        Client acked = new Client(version, nextSeq, window, List.copyOf(rest), buffer, bufferEdits);
        if (buffer.isPresent() && rest.size() < window) {
            return acked.send(rest, buffer.get(), bufferEdits);
        }
        return stay(acked);
    }

    /**
     * The server broadcast another client's operation, which produced {@code version}. Returns the
     * operation transformed over the pending local edits, to apply to the local document.
     *
     * @param version the version the operation produced
     * @param op the operation, applying to the previous server version
     * @return the next client and the operation to apply locally
     * @throws IllegalStateException if the version is not the next one
     */
    public Transition applyServer(int version, TextOperation op) {
        Objects.requireNonNull(op, "op");
        checkNext("applyServer", version);
        TextOperation remote = op;
        List<AwaitingConfirm> moved = new ArrayList<>(inFlight.size());
        for (AwaitingConfirm a : inFlight) {
            // The local operation first: on a tie its text comes first, as on the server.
            Transformed t = TextOperation.transform(a.outstanding(), remote);
            moved.add(new AwaitingConfirm(a.sent(), t.a(), a.outstandingEdits()));
            remote = t.b();
        }
        Optional<TextOperation> movedBuffer = buffer;
        if (buffer.isPresent()) {
            Transformed t = TextOperation.transform(buffer.get(), remote);
            movedBuffer = Optional.of(t.a());
            remote = t.b();
        }
        return new Transition(
                new Client(version, nextSeq, window, List.copyOf(moved), movedBuffer, bufferEdits),
                Optional.empty(),
                Optional.of(remote));
    }

    /**
     * After a reconnect (and after the catch-up has been fed through {@link #applyServer} and
     * {@link #serverAck}): the oldest operation still in flight, exactly as first sent, if any.
     * With a window, every one of {@link #inFlight()} is to be sent again, in order.
     *
     * @return this client and the operation to send again, if any
     */
    public Transition resend() {
        return new Transition(this, sent(), Optional.empty());
    }

    /**
     * The oldest operation in flight, exactly as it was sent, if any.
     *
     * @return the operation in flight, or empty
     */
    public Optional<Outgoing> sent() {
        return inFlight.isEmpty()
                ? Optional.empty()
                : Optional.of(inFlight.get(0).sent());
    }

    /**
     * Every operation in flight, oldest first, exactly as sent: what to send again, in this order,
     * after a reconnect (the server acknowledges again those it already placed).
     *
     * @return the operations in flight, an unmodifiable list
     */
    public List<Outgoing> inFlight() {
        List<Outgoing> out = new ArrayList<>(inFlight.size());
        for (AwaitingConfirm a : inFlight) {
            out.add(a.sent());
        }
        return List.copyOf(out);
    }

    /**
     * Moves a remote selection, given at this client's {@link #version()}, through the pending
     * local edits, so that it lands on the right character of the local document.
     *
     * @param selection a remote selection at {@link #version()}
     * @return the selection in the local document
     */
    public Selection transformSelection(Selection selection) {
        Objects.requireNonNull(selection, "selection");
        Selection moved = selection;
        for (AwaitingConfirm a : inFlight) {
            moved = moved.transform(a.outstanding());
        }
        return buffer.isPresent() ? moved.transform(buffer.get()) : moved;
    }

    private void checkNext(String function, int version) {
        if (version != this.version + 1) {
            throw new IllegalStateException(
                    function + ": expected version " + (this.version + 1) + ", found " + version);
        }
    }

    private static Transition stay(Client client) {
        return new Transition(client, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "Client[version=" + version + ", nextSeq=" + nextSeq + ", state=" + state() + "]";
    }
}
