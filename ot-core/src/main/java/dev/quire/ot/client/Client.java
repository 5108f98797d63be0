package dev.quire.ot.client;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.ot.Transformed;
import dev.quire.ot.client.ClientState.AwaitingConfirm;
import dev.quire.ot.client.ClientState.AwaitingWithBuffer;
import dev.quire.ot.client.ClientState.Synchronized;
import java.util.Objects;
import java.util.Optional;

/**
 * One client's view of a shared document, as in ot.js: at most one operation in flight, later
 * local edits buffered, remote operations transformed over both before they reach the editor.
 *
 * <pre>
 *   Synchronized --local--&gt; AwaitingConfirm --local--&gt; AwaitingWithBuffer
 *        ^                      |     ^                       |
 *        +-------- ack ---------+     +--------- ack ---------+ (the buffer is sent)
 * </pre>
 *
 * <p>Immutable: each event returns a {@link Transition} with the next client, what to send and
 * what to apply to the local document. Every operation sent gets the next sequence number and
 * keeps it: {@link #resend()} after a reconnect returns it unchanged, so the server applies it at
 * most once.
 *
 * <p>Remote operations and acknowledgements must arrive in the server's version order (each one
 * producing {@link #version()} + 1). When a remote operation and a pending local one insert at the
 * same place, the local text comes first, as the server decides when it transforms the local
 * operation against the remote one.
 */
public final class Client {
    private static final Synchronized SYNCHRONIZED = new Synchronized();

    private final int version;
    private final int nextSeq;
    private final ClientState state;

    private Client(int version, int nextSeq, ClientState state) {
        this.version = version;
        this.nextSeq = nextSeq;
        this.state = state;
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
     * @return the client
     * @throws IllegalArgumentException if version or nextSeq is out of range
     */
    public static Client resume(int version, int nextSeq) {
        if (version < 0) {
            throw new IllegalArgumentException("version: expected >= 0, found " + version);
        }
        if (nextSeq < 1) {
            throw new IllegalArgumentException("nextSeq: expected >= 1, found " + nextSeq);
        }
        return new Client(version, nextSeq, SYNCHRONIZED);
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
     * Where the client stands.
     *
     * @return the state
     */
    public ClientState state() {
        return state;
    }

    /**
     * Whether every local edit has been acknowledged.
     *
     * @return true when nothing is in flight or buffered
     */
    public boolean isSynchronized() {
        return state instanceof Synchronized;
    }

    /**
     * How many local edits are not yet acknowledged by the server: every {@link #applyClient} counts
     * one, also when it was composed into the outstanding op or the buffer (for the "N edits
     * waiting" indicator). The name is web-editor's {@code OtClient.pendingCount}, which counts the
     * same way.
     *
     * <p>An acknowledgement subtracts the edits composed into the acknowledged op; {@link
     * #applyServer} and {@link #resend()} change nothing. It is 0 exactly when {@link
     * #isSynchronized()}; how many <em>operations</em> wait (none, one in flight, or one in flight
     * plus a buffer) is {@link #state()}.
     *
     * @return the number of unacknowledged local edits
     */
    public int pendingCount() {
        if (state instanceof AwaitingConfirm awaiting) {
            return awaiting.outstandingEdits();
        }
        if (state instanceof AwaitingWithBuffer awaiting) {
            return awaiting.outstandingEdits() + awaiting.bufferEdits();
        }
        return 0;
    }

    /**
     * The user edited the local document: send the operation now if nothing is in flight, else
     * buffer it.
     *
     * @param op the local edit, applying to the local document
     * @return the next client and what to send, if anything
     */
    public Transition applyClient(TextOperation op) {
        Objects.requireNonNull(op, "op");
        if (state instanceof AwaitingConfirm awaiting) {
            return stay(new Client(
                    version,
                    nextSeq,
                    new AwaitingWithBuffer(
                            awaiting.sent(), awaiting.outstanding(), awaiting.outstandingEdits(), op, 1)));
        }
        if (state instanceof AwaitingWithBuffer awaiting) {
            return stay(new Client(
                    version,
                    nextSeq,
                    new AwaitingWithBuffer(
                            awaiting.sent(),
                            awaiting.outstanding(),
                            awaiting.outstandingEdits(),
                            awaiting.buffer().compose(op),
                            awaiting.bufferEdits() + 1)));
        }
        Outgoing send = new Outgoing(nextSeq, version, op);
        return new Transition(
                new Client(version, nextSeq + 1, new AwaitingConfirm(send, op, 1)),
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
     * @throws IllegalStateException if the seq was never sent, or is not the one in flight, or the
     *     version is not the next one
     */
    public Transition serverAck(int seq, int version) {
        Optional<Outgoing> inFlight = sent();
        int firstUnacknowledged = inFlight.map(Outgoing::seq).orElse(nextSeq);
        if (seq >= 1 && seq < firstUnacknowledged) {
            return stay(this);
        }
        Outgoing sent = inFlight.orElseThrow(
                () -> new IllegalStateException("serverAck: no operation in flight, received ack for seq " + seq));
        if (sent.seq() != seq) {
            throw new IllegalStateException("serverAck: expected ack for seq " + sent.seq() + ", found seq " + seq);
        }
        checkNext("serverAck", version);
        if (state instanceof AwaitingWithBuffer awaiting) {
            Outgoing next = new Outgoing(nextSeq, version, awaiting.buffer());
            return new Transition(
                    new Client(
                            version, nextSeq + 1, new AwaitingConfirm(next, awaiting.buffer(), awaiting.bufferEdits())),
                    Optional.of(next),
                    Optional.empty());
        }
        return stay(new Client(version, nextSeq, SYNCHRONIZED));
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
        if (state instanceof AwaitingConfirm awaiting) {
            Transformed t = TextOperation.transform(awaiting.outstanding(), op);
            return new Transition(
                    new Client(
                            version, nextSeq, new AwaitingConfirm(awaiting.sent(), t.a(), awaiting.outstandingEdits())),
                    Optional.empty(),
                    Optional.of(t.b()));
        }
        if (state instanceof AwaitingWithBuffer awaiting) {
            Transformed overOutstanding = TextOperation.transform(awaiting.outstanding(), op);
            Transformed overBuffer = TextOperation.transform(awaiting.buffer(), overOutstanding.b());
            return new Transition(
                    new Client(
                            version,
                            nextSeq,
                            new AwaitingWithBuffer(
                                    awaiting.sent(),
                                    overOutstanding.a(),
                                    awaiting.outstandingEdits(),
                                    overBuffer.a(),
                                    awaiting.bufferEdits())),
                    Optional.empty(),
                    Optional.of(overBuffer.b()));
        }
        return new Transition(new Client(version, nextSeq, state), Optional.empty(), Optional.of(op));
    }

    /**
     * After a reconnect (and after the catch-up has been fed through {@link #applyServer} and
     * {@link #serverAck}): the operation still in flight, exactly as first sent, if any.
     *
     * @return this client and the operation to send again, if any
     */
    public Transition resend() {
        return new Transition(this, sent(), Optional.empty());
    }

    /**
     * The operation in flight, exactly as it was sent, if any.
     *
     * @return the operation in flight, or empty
     */
    public Optional<Outgoing> sent() {
        if (state instanceof AwaitingConfirm awaiting) {
            return Optional.of(awaiting.sent());
        }
        if (state instanceof AwaitingWithBuffer awaiting) {
            return Optional.of(awaiting.sent());
        }
        return Optional.empty();
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
        if (state instanceof AwaitingConfirm awaiting) {
            return selection.transform(awaiting.outstanding());
        }
        if (state instanceof AwaitingWithBuffer awaiting) {
            return selection.transform(awaiting.outstanding()).transform(awaiting.buffer());
        }
        return selection;
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
        return "Client[version=" + version + ", nextSeq=" + nextSeq + ", state=" + state + "]";
    }
}
