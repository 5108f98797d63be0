package dev.quire.ot.server;

import dev.quire.ot.TextOperation;
import dev.quire.ot.Transformed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * The client's side of a pipelined operation, replayed on the server (Jupiter; ot.js's client
 * run over the log). A session's operations in flight are moved through the log as its client
 * moved them: the session's own next operation in the log is its acknowledgement and leaves the
 * bridge; any other operation is transformed through the bridge, each operation in flight first
 * argument ({@code transform(inFlight, remote)}, as the client does), so ties break as they did on
 * the client.
 *
 * <pre>
 *   v0 --p1--> . --p2--> . --n-->        the client's frame: n follows p1, p2
 *   |          |         |
 *   r          r'        r''             r (another author's) moved through the bridge
 *   v          v         v
 *   v1 --p1'-> . --p2'-> . --n'->        n' = transform(n, r'').a
 * </pre>
 */
final class Bridge {
    private Bridge() {}

    /**
     * Moves {@code ops} through the log's operations that produced versions {@code from + 1} ...
     * {@code from + log.size()}.
     *
     * @param sessionSeq the session's seq of the operation that produced a version, 0 if another
     *     author's
     * @throws InFlightUnknownException if a session's own operation in the log is not the oldest
     *     of {@code ops}
     */
    static List<InFlight.Sent> move(
            List<InFlight.Sent> ops, List<TextOperation> log, int from, IntToLongFunction sessionSeq) {
        ArrayList<InFlight.Sent> bridge = new ArrayList<>(ops);
        for (int i = 0; i < log.size(); i++) {
            int version = from + i + 1;
            long own = sessionSeq.applyAsLong(version);
            if (own != 0) {
                if (bridge.isEmpty() || bridge.get(0).seq() != own) {
                    throw new InFlightUnknownException("submit: version " + version + " is the session's seq " + own
                            + ", not among its ops in flight " + seqs(bridge));
                }
                bridge.remove(0);
                continue;
            }
            TextOperation remote = log.get(i);
            for (int j = 0; j < bridge.size(); j++) {
                InFlight.Sent s = bridge.get(j);
                Transformed t = TextOperation.transform(s.op(), remote);
                bridge.set(j, new InFlight.Sent(s.seq(), t.a()));
                remote = t.b();
            }
        }
        return bridge;
    }

    /**
     * Throws when an operation of the session in versions {@code from + 1} ... {@code to} is not
     * in {@code inFlight}: an operation that did not fit followed operations unknown here, rather
     * than being the client's mistake.
     */
    static void checkKnown(InFlight inFlight, int from, int to, IntToLongFunction sessionSeq) {
        for (int v = from + 1; v <= to; v++) {
            long own = sessionSeq.applyAsLong(v);
            if (own != 0 && !inFlight.contains(own)) {
                throw new InFlightUnknownException("submit: version " + v + " is the session's seq " + own
                        + ", not among its ops in flight " + seqs(inFlight.ops()));
            }
        }
    }

    static List<Long> seqs(List<InFlight.Sent> ops) {
        List<Long> out = new ArrayList<>(ops.size());
        for (InFlight.Sent s : ops) {
            out.add(s.seq());
        }
        return out;
    }
}
