package dev.quire.server.document;

import dev.quire.ot.TextOperation;
import dev.quire.ot.server.Applied;
import dev.quire.ot.server.InFlight;
import dev.quire.ot.server.Placed;
import dev.quire.ot.server.ServerDocument;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The ops in flight of each session of one live document, as its client held them (ot-core's
 * {@link InFlight}): what a pipelined op (one sent before the ack of the op before it, decision
 * 039) needs to find its place. An op whose session has nothing of its own after its version takes
 * the plain path, as before pipelining; the others go through ot-core's bridge.
 *
 * <p>Per session it keeps the ops not yet placed at or before the version its client last sent
 * from (at most {@link #MAX}), and after a plain op just that op: an old client (one op in flight)
 * costs one reference to its last op. Kept while the document is loaded, across reconnects (a
 * resend is placed again from it after a store fault or a conflict, decision 037), until its
 * version falls out of the history in memory ({@code --history-limit}): then it could not be
 * used any more, and every {@value #SWEEP_EVERY} ops it is dropped.
 *
 * <p>Runs in the document's mailbox, owned by its {@link LiveHistory}.
 */
final class InFlightOps {
    /**
     * The most ops of one session in flight: 4× the largest window the load generator and the
     * property tests use (8), and a bound on the bridge's work per op (one transform per op in
     * flight per other author's op) and on its memory (32 ops per session).
     */
    static final int MAX = 32;

    /** How many ops are placed between two sweeps of the sessions whose ops are too old to use. */
    static final int SWEEP_EVERY = 1024;

    private final Map<String, InFlight> bySession = new HashMap<>();
    private int placedSinceSweep;

    /**
     * Places a session's op: transformed past every op since its version, following the session's
     * own ops in flight.
     *
     * @param newestOwn the version of the session's newest op in memory, if any
     * @throws dev.quire.ot.server.InFlightUnknownException if it follows ops this server does not hold
     * @throws dev.quire.ot.server.TooManyInFlightException past {@link #MAX}
     */
    Applied place(
            ServerDocument doc,
            Submission s,
            Origin.Session origin,
            OptionalInt newestOwn,
            Origins origins,
            long maxUtf8Length) {
        if (++placedSinceSweep >= SWEEP_EVERY) {
            placedSinceSweep = 0;
            int oldest = doc.oldestVersion();
            bySession.values().removeIf(f -> f.version() < oldest);
        }
        String session = origin.session();
        InFlight held = bySession.getOrDefault(session, InFlight.none(0));
        if (newestOwn.isEmpty() || newestOwn.getAsInt() <= s.baseVersion()) {
            Applied applied = doc.submit(s.baseVersion(), s.op(), maxUtf8Length);
            if (origin.seq() > held.newestSeq()) {
                bySession.put(session, new InFlight(s.baseVersion(), List.of(new InFlight.Sent(origin.seq(), s.op()))));
            }
            return applied;
        }
        int from = Math.max(doc.oldestVersion(), Math.min(held.version(), s.baseVersion()));
        List<Origins.Entry> after = origins.after(from);
        Placed p = doc.submit(
                s.baseVersion(),
                origin.seq(),
                s.op(),
                held,
                v -> seqOf(after, v - from - 1, session),
                maxUtf8Length,
                MAX);
        bySession.put(session, p.inFlight());
        return p.applied();
    }

    private static long seqOf(List<Origins.Entry> after, int index, String session) {
        if (index < 0 || index >= after.size()) {
            return 0;
        }
        return after.get(index).origin() instanceof Origin.Session o
                        && o.session().equals(session)
                ? o.seq()
                : 0;
    }

    /** How many sessions' ops are held (for tests and the memory figures of decision 039). */
    int sessions() {
        return bySession.size();
    }

    /** The ops of a session held now, oldest first (for tests). */
    List<TextOperation> held(String session) {
        return bySession.getOrDefault(session, InFlight.none(0)).ops().stream()
                .map(InFlight.Sent::op)
                .toList();
    }
}
