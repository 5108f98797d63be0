package dev.quire.ot.server;

import dev.quire.ot.TextOperation;
import java.util.List;
import java.util.Objects;

/**
 * One session's operations in flight as its client holds them at {@code version}: every
 * operation the session had sent and the server had not yet placed at or before that version, in
 * seq order, each transformed over the other authors' operations up to that version as the client
 * transformed it. This is the bridge a pipelined operation (one sent before the acknowledgement
 * of the one before it, docs/decisions/039) follows; {@link ServerDocument#submit(int, long,
 * TextOperation, InFlight, java.util.function.IntToLongFunction, long, int)} takes the one it last
 * returned and returns the next.
 *
 * <p>Immutable. Every operation in it was placed after {@code version} or is not placed yet, so
 * it stays true when the operations after the last durable version are taken back and placed again
 * (decision 037): a client only ever bases an operation on a version it received, and it receives
 * only durable ones.
 *
 * @param version the server version the operations are held at
 * @param ops the operations in flight at that version, oldest (lowest seq) first
 */
public record InFlight(int version, List<Sent> ops) {
    /**
     * One operation in flight.
     *
     * @param seq the session's sequence number of the operation, at least 1
     * @param op the operation as the client holds it at {@link InFlight#version()}
     */
    public record Sent(long seq, TextOperation op) {
        /**
         * Checks the values.
         *
         * @param seq the sequence number, at least 1
         * @param op the operation
         * @throws IllegalArgumentException if seq is below 1
         */
        public Sent {
            Objects.requireNonNull(op, "op");
            if (seq < 1) {
                throw new IllegalArgumentException("seq: expected >= 1, found " + seq);
            }
        }
    }

    /**
     * Checks the values and copies the list.
     *
     * @param version the server version, at least 0
     * @param ops the operations in flight, seqs strictly increasing
     * @throws IllegalArgumentException if version is negative or the seqs do not increase
     */
    public InFlight {
        if (version < 0) {
            throw new IllegalArgumentException("version: expected >= 0, found " + version);
        }
        ops = List.copyOf(ops);
        for (int i = 1; i < ops.size(); i++) {
            if (ops.get(i).seq() <= ops.get(i - 1).seq()) {
                throw new IllegalArgumentException("ops: seq " + ops.get(i).seq() + " after seq "
                        + ops.get(i - 1).seq());
            }
        }
    }

    /**
     * A session that had nothing in flight at {@code version}.
     *
     * @param version the server version
     * @return the empty window at that version
     */
    public static InFlight none(int version) {
        return new InFlight(version, List.of());
    }

    /**
     * Whether the operation of {@code seq} is among these.
     *
     * @param seq a sequence number
     * @return true if an operation here has that seq
     */
    public boolean contains(long seq) {
        for (Sent s : ops) {
            if (s.seq() == seq) {
                return true;
            }
        }
        return false;
    }

    /**
     * The newest seq here, or 0 when nothing is in flight.
     *
     * @return the newest seq, or 0
     */
    public long newestSeq() {
        return ops.isEmpty() ? 0 : ops.get(ops.size() - 1).seq();
    }
}
