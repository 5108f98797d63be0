package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.SimulatedNetwork.Logged;
import dev.quire.ot.SimulatedNetwork.Peer;
import dev.quire.ot.SimulatedNetwork.Server;
import dev.quire.ot.SimulatedNetwork.Stats;
import dev.quire.ot.SimulatedNetwork.Submit;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.server.Applied;
import dev.quire.ot.server.InFlight;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Property;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvergenceSimulationTest} with pipelining (docs/decisions/039): each {@link Client} keeps
 * a window of 1 to 8 ops in flight ({@link Client#withWindow}), and the server places each op with
 * {@link ServerDocument#submit(int, long, TextOperation, InFlight, java.util.function.IntToLongFunction,
 * long, int)} — the plain transform when its session has nothing of its own after the op's version,
 * the bridge otherwise — keeping one {@link InFlight} per session, as the real server does. The
 * same network ({@link SimulatedNetwork}): random delays, reordering across connections, drops,
 * reconnects, half-closed sockets delivering late, resends of every op in flight exactly as first
 * sent.
 *
 * <p>Checked at the end: every replica's text and version are the server's; the server's log
 * replays from the initial text to its text; every op of every session was placed exactly once,
 * in seq order (the clients' {@code serverAck} throws on an ack out of order).
 */
class PipelinedConvergenceTest {
    /** The server of a pipelining client: the plain transform or the bridge, one InFlight per session. */
    static final class PipelinedServer extends Server {
        final Map<Integer, InFlight> inFlight = new HashMap<>();
        final Map<Integer, Integer> newestVersion = new HashMap<>();

        PipelinedServer(String content) {
            super(content);
        }

        /** The real server's choice: the plain transform unless the session has ops after the base. */
        @Override
        Applied place(int session, Outgoing out) {
            InFlight held = inFlight.getOrDefault(session, InFlight.none(0));
            Applied applied;
            if (newestVersion.getOrDefault(session, 0) <= out.baseVersion()) {
                applied = doc.submit(out.baseVersion(), out.op());
                inFlight.put(session, new InFlight(out.baseVersion(), List.of(new InFlight.Sent(out.seq(), out.op()))));
            } else {
                bridged++;
                var p = doc.submit(
                        out.baseVersion(),
                        out.seq(),
                        out.op(),
                        held,
                        v -> log.get(v - 1).session() == session
                                ? log.get(v - 1).seq()
                                : 0,
                        Long.MAX_VALUE,
                        32);
                applied = p.applied();
                inFlight.put(session, p.inFlight());
            }
            newestVersion.put(session, applied.version());
            return applied;
        }
    }

    /** A client with a window: after a catch-up it sends every op in flight again, as first sent. */
    static final class PipelinedPeer extends Peer {
        PipelinedPeer(int session, String text, int window) {
            super(session, text, Client.at(0).withWindow(window));
        }

        @Override
        void resend() {
            for (Outgoing out : client.inFlight()) {
                connection.up.add(new Submit(out));
            }
        }
    }

    static final SimulatedNetwork.Kind PIPELINED = new SimulatedNetwork.Kind(
            PipelinedServer::new,
            (session, initial, r) -> new PipelinedPeer(session, initial, 1 + r.nextInt(8)),
            PipelinedConvergenceTest::logReplays);

    /** The server's log replays from the initial text to its text. */
    private static void logReplays(Server server) {
        String replayed = server.initial;
        for (Logged l : server.log) {
            replayed = l.op().apply(replayed);
        }
        assertEquals(server.doc.content(), replayed, "the log replays to the server's text");
    }

    private static String described(Stats stats) {
        return stats + ", " + stats.bridged + " ops placed through a bridge, at most " + stats.mostInFlight
                + " in flight";
    }

    @Test
    void allReplicasConvergeThroughDelaysDropsAndReconnects() {
        Stats stats = new Stats();
        Property.check(
                "pipelined convergence",
                150,
                r -> SimulatedNetwork.simulate(r, 2 + r.nextInt(7), 300, stats, PIPELINED));
        System.out.println("[pipelined] " + described(stats));
        if (stats.cases >= 100) {
            assertTrue(
                    stats.drops > 0
                            && stats.catchUpAcks > 0
                            && stats.reAcks > 0
                            && stats.bridged > 100
                            && stats.mostInFlight >= 5,
                    described(stats));
        }
    }

    @Test
    void manyClientsLongRun() {
        Stats stats = new Stats();
        Property.check(
                "pipelined convergence, 8 clients", 5, r -> SimulatedNetwork.simulate(r, 8, 3000, stats, PIPELINED));
        System.out.println("[pipelined] " + described(stats));
    }
}
