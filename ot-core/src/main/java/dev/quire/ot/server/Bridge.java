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
     * {@code from + log.size()}. The remote operation's side of the newest op's transform is
     * never used, so that op moves one-sided ({@link TextOperation#transformAgainst}); once it is
     * the only op left, each run of other authors' operations moves it in one call
     * ({@link TextOperation#transformAgainstAll}; docs/decisions/055).
     *
     * @param sessionSeq the session's seq of the operation that produced a version, 0 if another
     *     author's
     * @throws InFlightUnknownException if a session's own operation in the log is not the oldest
     *     of {@code ops}
     */
    static List<InFlight.Sent> move(
            List<InFlight.Sent> ops, List<TextOperation> log, int from, IntToLongFunction sessionSeq) {
        int n = ops.size();
        TextOperation[] moved = new TextOperation[n];
        for (int j = 0; j < n; j++) {
            moved[j] = ops.get(j).op();
        }
        int first = 0; // ops[first ...] are still in the bridge
        int i = 0;
        while (i < log.size()) {
            int version = from + i + 1;
            long own = sessionSeq.applyAsLong(version);
            if (own != 0) {
                if (first == n || ops.get(first).seq() != own) {
                    throw new InFlightUnknownException("submit: version " + version + " is the session's seq " + own
                            + ", not among its ops in flight " + seqs(ops.subList(first, n)));
                }
                first++;
                i++;
                continue;
            }
            if (first == n - 1) {
                // One op left: nothing needs the other authors' ops moved past it, so the run of them
                // up to the session's next own op moves it in one go (one side of each transform).
                int end = i + 1;
                while (end < log.size() && sessionSeq.applyAsLong(from + end + 1) == 0) {
                    end++;
                }
                moved[first] = TextOperation.transformAgainstAll(moved[first], log.subList(i, end));
                i = end;
                continue;
            }
            TextOperation remote = log.get(i);
            for (int j = first; j < n - 1; j++) {
                Transformed t = TextOperation.transform(moved[j], remote);
                moved[j] = t.a();
                remote = t.b();
            }
            if (first < n) {
                moved[n - 1] = TextOperation.transformAgainst(moved[n - 1], remote);
            }
            i++;
        }
        List<InFlight.Sent> bridge = new ArrayList<>(n - first);
        for (int j = first; j < n; j++) {
            bridge.add(
                    moved[j] == ops.get(j).op()
                            ? ops.get(j)
                            : new InFlight.Sent(ops.get(j).seq(), moved[j]));
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
