package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import dev.quire.ot.server.Applied;
import dev.quire.ot.server.InFlight;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Model;
import dev.quire.ot.testing.Property;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvergenceSimulationTest} with pipelining (docs/decisions/039): each {@link Client} keeps
 * a window of 1 to 8 ops in flight ({@link Client#withWindow}), and the server places each op with
 * {@link ServerDocument#submit(int, long, TextOperation, InFlight, java.util.function.IntToLongFunction,
 * long, int)} — the plain transform when its session has nothing of its own after the op's version,
 * the bridge otherwise — keeping one {@link InFlight} per session, as the real server does. The
 * same network: random delays, reordering across connections, drops, reconnects, half-closed
 * sockets delivering late, resends of every op in flight exactly as first sent.
 *
 * <p>Checked at the end: every replica's text and version are the server's; the server's log
 * replays from the initial text to its text; every op of every session was placed exactly once,
 * in seq order (the clients' {@code serverAck} throws on an ack out of order).
 */
class PipelinedConvergenceTest {
    sealed interface Up permits Join, Submit {}

    record Join(int version) implements Up {}

    record Submit(Outgoing outgoing) implements Up {}

    sealed interface Down permits Joined, Ack, Op {}

    /** One op of a catch-up: {@code seq} is 0 unless the op came from the joining session. */
    record Entry(int version, TextOperation op, int seq) {}

    record Logged(int version, TextOperation op, int session, int seq) {}

    record Joined(List<Entry> ops) implements Down {}

    record Ack(int seq, int version) implements Down {}

    record Op(int version, TextOperation op) implements Down {}

    static final class Connection {
        final int session;
        final ArrayDeque<Up> up = new ArrayDeque<>();
        final ArrayDeque<Down> down = new ArrayDeque<>();
        boolean alive = true;

        Connection(int session) {
            this.session = session;
        }
    }

    /** The server: a ServerDocument plus exactly-once bookkeeping and routing, no I/O. */
    static final class Server {
        final ServerDocument doc;
        final List<Logged> log = new ArrayList<>(); // log.get(v - 1) produced version v
        final Map<Integer, Integer> lastSeq = new HashMap<>();
        final Map<Long, Logged> committed = new HashMap<>(); // (session, seq) -> entry
        final Map<Long, Outgoing> committedAs = new HashMap<>();
        final Map<Integer, Connection> live = new HashMap<>();
        int reAcks;

        Server(String content) {
            doc = new ServerDocument(content, 0);
        }

        void receive(Connection from, Up message) {
            if (message instanceof Join join) {
                if (!from.alive) {
                    return;
                }
                List<Entry> ops = new ArrayList<>();
                for (int v = join.version() + 1; v <= doc.version(); v++) {
                    Logged l = log.get(v - 1);
                    ops.add(new Entry(v, l.op(), l.session() == from.session ? l.seq() : 0));
                }
                live.put(from.session, from);
                from.down.add(new Joined(ops));
                return;
            }
            Outgoing out = ((Submit) message).outgoing();
            int session = from.session;
            long key = ((long) session << 32) | out.seq();
            int last = lastSeq.getOrDefault(session, 0);
            if (out.seq() <= last) {
                // A resend of a committed op: same content, so acknowledge it again, never re-apply.
                assertEquals(committedAs.get(key), out, "seq-reused");
                reAcks++;
                route(session, new Ack(out.seq(), committed.get(key).version()));
                return;
            }
            assertEquals(last + 1, out.seq(), "seq-gap");
            Applied applied = place(session, out);
            Logged entry = new Logged(applied.version(), applied.op(), session, out.seq());
            log.add(entry);
            lastSeq.put(session, out.seq());
            committed.put(key, entry);
            committedAs.put(key, out);
            route(session, new Ack(out.seq(), applied.version()));
            for (Connection c : live.values()) {
                if (c.session != session) {
                    c.down.add(new Op(applied.version(), applied.op()));
                }
            }
        }

        final Map<Integer, InFlight> inFlight = new HashMap<>();
        final Map<Integer, Integer> newestVersion = new HashMap<>();
        int bridged;

        /** The real server's choice: the plain transform unless the session has ops after the base. */
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

        void route(int session, Down message) {
            Connection c = live.get(session);
            if (c != null) {
                c.down.add(message);
            }
        }
    }

    /** One editor: its text, its Client and its current connection, if any. */
    static final class Peer {
        final int session;
        String text;
        Client client;
        Connection connection;
        boolean joined;
        int edits;
        int catchUpAcks;

        Peer(int session, String text, int window) {
            this.session = session;
            this.text = text;
            this.client = Client.at(0).withWindow(window);
        }

        void connect(List<Connection> all) {
            connection = new Connection(session);
            all.add(connection);
            joined = false;
            connection.up.add(new Join(client.version()));
        }

        void edit(Random r) {
            List<String> doc = Model.codePoints(text);
            TextOperation op = Model.randomEdit(r, doc).toOperation(doc);
            text = op.apply(text);
            edits++;
            send(client.applyClient(op));
        }

        private void send(Transition t) {
            client = t.client();
            t.apply().ifPresent(op -> text = op.apply(text));
            if (connection != null && joined) {
                t.send().ifPresent(out -> connection.up.add(new Submit(out)));
            }
        }

        void receive(Down message) {
            if (message instanceof Joined catchUp) {
                for (Entry e : catchUp.ops()) {
                    // Sends are held back during the catch-up: resend() below sends what is in flight.
                    if (e.seq() > 0) {
                        catchUpAcks++;
                    }
                    Transition t = e.seq() > 0
                            ? client.serverAck(e.seq(), e.version())
                            : client.applyServer(e.version(), e.op());
                    client = t.client();
                    t.apply().ifPresent(op -> text = op.apply(text));
                }
                joined = true;
                for (Outgoing out : client.inFlight()) {
                    connection.up.add(new Submit(out));
                }
            } else if (message instanceof Ack ack) {
                if (client.sent().isEmpty() || ack.seq() < client.sent().get().seq()) {
                    return; // a re-ack of an op already acknowledged
                }
                send(client.serverAck(ack.seq(), ack.version()));
            } else {
                Op op = (Op) message;
                send(client.applyServer(op.version(), op.op()));
            }
        }
    }

    /** What happened over a run, to show the interesting paths were taken. */
    static final class Stats {
        int cases;
        int edits;
        int drops;
        int reAcks;
        int catchUpAcks;
        int bridged;
        int mostInFlight;

        @Override
        public String toString() {
            return cases + " cases, " + edits + " edits, " + drops + " drops, " + catchUpAcks + " acks in catch-ups, "
                    + reAcks + " re-acks of resent committed ops, " + bridged + " ops placed through a bridge, at most "
                    + mostInFlight + " in flight";
        }
    }

    @Test
    void allReplicasConvergeThroughDelaysDropsAndReconnects() {
        Stats stats = new Stats();
        Property.check("pipelined convergence", 150, r -> simulate(r, 2 + r.nextInt(7), 300, stats));
        System.out.println("[pipelined] " + stats);
        if (stats.cases >= 100) {
            assertTrue(
                    stats.drops > 0
                            && stats.catchUpAcks > 0
                            && stats.reAcks > 0
                            && stats.bridged > 100
                            && stats.mostInFlight >= 5,
                    stats.toString());
        }
    }

    @Test
    void manyClientsLongRun() {
        Stats stats = new Stats();
        Property.check("pipelined convergence, 8 clients", 5, r -> simulate(r, 8, 3000, stats));
        System.out.println("[pipelined] " + stats);
    }

    static void simulate(Random r, int peerCount, int steps, Stats stats) {
        stats.cases++;
        String initial = Model.text(Model.randomDoc(r, 10));
        Server server = new Server(initial);
        List<Connection> connections = new ArrayList<>();
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < peerCount; i++) {
            Peer p = new Peer(i + 1, initial, 1 + r.nextInt(8));
            p.connect(connections);
            peers.add(p);
        }
        int dropPercent = 1 + r.nextInt(5);
        for (int step = 0; step < steps; step++) {
            int action = r.nextInt(100);
            Peer peer = peers.get(r.nextInt(peerCount));
            if (action < 35) {
                peer.edit(r);
                stats.mostInFlight =
                        Math.max(stats.mostInFlight, peer.client.inFlight().size());
            } else if (action < 45 && peer.connection == null) {
                peer.connect(connections);
            } else if (action >= 100 - dropPercent && peer.connection != null) {
                stats.drops++;
                drop(r, server, peer);
            } else {
                deliverOne(r, server, connections, peers);
            }
        }
        // Heal: everyone reconnects, then the network drains.
        for (Peer p : peers) {
            if (p.connection == null) {
                p.connect(connections);
            }
        }
        int guard = 0;
        while (deliverOne(r, server, connections, peers)) {
            if (++guard > 1_000_000) {
                fail("the network never went quiet");
            }
        }
        String expected = server.doc.content();
        for (Peer p : peers) {
            assertTrue(p.client.isSynchronized(), "peer " + p.session + " synchronized: " + p.client);
            assertEquals(server.doc.version(), p.client.version(), "peer " + p.session + " version");
            assertEquals(expected, p.text, "peer " + p.session + " text");
            // Exactly once: every op the peer sent was committed once, in seq order.
            assertEquals(p.client.nextSeq() - 1, (int) server.lastSeq.getOrDefault(p.session, 0));
        }
        assertEquals(server.log.size(), server.doc.version());
        String replayed = initial;
        for (Logged l : server.log) {
            replayed = l.op().apply(replayed);
        }
        assertEquals(expected, replayed, "the log replays to the server's text");
        stats.reAcks += server.reAcks;
        stats.bridged += server.bridged;
        for (Peer p : peers) {
            stats.edits += p.edits;
            stats.catchUpAcks += p.catchUpAcks;
        }
    }

    static void drop(Random r, Server server, Peer peer) {
        Connection c = peer.connection;
        c.alive = false;
        c.down.clear();
        if (r.nextBoolean()) {
            c.up.clear(); // lost; otherwise still delivered later, its replies going nowhere
        }
        if (server.live.get(peer.session) == c) {
            server.live.remove(peer.session);
        }
        peer.connection = null;
    }

    /** Delivers the head of one random non-empty queue; false when every queue is empty. */
    static boolean deliverOne(Random r, Server server, List<Connection> connections, List<Peer> peers) {
        connections.removeIf(c -> !c.alive && c.up.isEmpty());
        List<Object> ready = new ArrayList<>();
        for (Connection c : connections) {
            // A half-closed connection's last messages are slow to arrive.
            if (!c.up.isEmpty() && (c.alive || r.nextInt(4) == 0)) {
                ready.add(c.up);
            }
            if (c.alive && !c.down.isEmpty()) {
                ready.add(c);
            }
        }
        if (ready.isEmpty()) {
            return connections.stream().anyMatch(c -> !c.up.isEmpty());
        }
        Object pick = ready.get(r.nextInt(ready.size()));
        if (pick instanceof Connection c) {
            Peer peer = peers.get(c.session - 1);
            peer.receive(c.down.poll());
        } else {
            for (Connection c : connections) {
                if (c.up == pick) {
                    server.receive(c, c.up.poll());
                    break;
                }
            }
        }
        return true;
    }
}
