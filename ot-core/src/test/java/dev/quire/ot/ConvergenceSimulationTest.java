package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.SimulatedNetwork.Peer;
import dev.quire.ot.SimulatedNetwork.Server;
import dev.quire.ot.SimulatedNetwork.Stats;
import dev.quire.ot.client.Client;
import dev.quire.ot.testing.Property;
import org.junit.jupiter.api.Test;

/**
 * A {@link dev.quire.ot.server.ServerDocument} and 2–8 {@link Client}s, one op in flight each, on
 * the in-memory network of {@link SimulatedNetwork}: random delays, reordering across
 * connections, drops, reconnects, half-closed sockets delivering late, so the server sees both
 * resends of ops it already committed and ops it never got. The server places each op with the
 * plain transform; a client resends after a catch-up with {@link Client#resend()}.
 */
class ConvergenceSimulationTest {
    /** One op in flight per client, the plain transform on the server. */
    static final SimulatedNetwork.Kind PLAIN = new SimulatedNetwork.Kind(
            Server::new, (session, initial, r) -> new Peer(session, initial, Client.at(0)), server -> {});

    @Test
    void allReplicasConvergeThroughDelaysDropsAndReconnects() {
        Stats stats = new Stats();
        Property.check(
                "convergence simulation", 150, r -> SimulatedNetwork.simulate(r, 2 + r.nextInt(7), 300, stats, PLAIN));
        System.out.println("[convergence] " + stats);
        if (stats.cases >= 100) {
            assertTrue(stats.drops > 0 && stats.catchUpAcks > 0 && stats.reAcks > 0, stats.toString());
        }
    }

    @Test
    void manyClientsLongRun() {
        Stats stats = new Stats();
        Property.check(
                "convergence simulation, 8 clients", 5, r -> SimulatedNetwork.simulate(r, 8, 3000, stats, PLAIN));
        System.out.println("[convergence] " + stats);
    }
}
