package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import dev.quire.ot.server.Applied;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Model;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The seeded harness of the convergence simulations ({@link ConvergenceSimulationTest},
 * {@link PipelinedConvergenceTest}): a {@link ServerDocument} and 2–8 {@link Client}s on an
 * in-memory network. Every connection is a pair of FIFO queues, and a random scheduler picks which
 * queue delivers next (random delays, reordering across connections, never within one).
 * Connections drop and come back: what was queued towards the client is lost; what was queued
 * towards the server is either lost or still delivered later (a half-closed socket), so the server
 * sees both resends of ops it already committed and ops it never got.
 *
 * <p>The simulated server does what the real one does (protocol v1): ops are exactly-once by
 * (session, seq) — a resent committed seq is re-acknowledged with its original version, never
 * re-applied; acks are routed to the session's live connection; a join replies with the ops since
 * the client's version, flagging the joining session's own ops with their seq. The client feeds
 * that catch-up through {@link Client#serverAck}/{@link Client#applyServer}, then resends what is
 * in flight; it ignores an ack for a seq it has already seen acknowledged.
 *
 * <p>What a simulation varies — how the server places an op ({@link Server#place}), how a client
 * resends after a catch-up ({@link Peer#resend}), the client's window — is a {@link Kind}. Every
 * random choice comes from the {@link Random} given, in a fixed order, so a seed replays a case.
 */
final class SimulatedNetwork {
    private SimulatedNetwork() {}

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

    /** How a peer is made: peer {@code session}, on {@code initial}; may draw from {@code r} (its window). */
    interface PeerFactory {
        Peer peer(int session, String initial, Random r);
    }

    /**
     * The server and the clients of one simulation, and what a case checks of the server beyond
     * what every case does.
     */
    record Kind(Function<String, Server> server, PeerFactory peer, Consumer<Server> check) {}

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
    static class Server {
        final String initial;
        final ServerDocument doc;
        final List<Logged> log = new ArrayList<>(); // log.get(v - 1) produced version v
        final Map<Integer, Integer> lastSeq = new HashMap<>();
        final Map<Long, Logged> committed = new HashMap<>(); // (session, seq) -> entry
        final Map<Long, Outgoing> committedAs = new HashMap<>();
        final Map<Integer, Connection> live = new HashMap<>();
        int reAcks;
        /** Ops {@link #place} put through a bridge over the session's own ops. */
        int bridged;

        Server(String content) {
            initial = content;
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

        /** Places a new op of {@code session}: here the plain transform from its base version. */
        Applied place(int session, Outgoing out) {
            return doc.submit(out.baseVersion(), out.op());
        }

        void route(int session, Down message) {
            Connection c = live.get(session);
            if (c != null) {
                c.down.add(message);
            }
        }
    }

    /** One editor: its text, its Client and its current connection, if any. */
    static class Peer {
        final int session;
        String text;
        Client client;
        Connection connection;
        boolean joined;
        int edits;
        int catchUpAcks;

        Peer(int session, String text, Client client) {
            this.session = session;
            this.text = text;
            this.client = client;
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

        void send(Transition t) {
            client = t.client();
            t.apply().ifPresent(op -> text = op.apply(text));
            if (connection != null && joined) {
                t.send().ifPresent(out -> connection.up.add(new Submit(out)));
            }
        }

        /** After a catch-up: sends what is in flight, here by {@link Client#resend()}. */
        void resend() {
            send(client.resend());
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
                resend();
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
                    + reAcks + " re-acks of resent committed ops";
        }
    }

    /**
     * One case: {@code peerCount} peers, {@code steps} random steps (edit, reconnect, drop,
     * deliver), then everyone reconnects and the network drains. Asserts every replica holds the
     * server's text and version, synchronized, and every op each peer sent was committed once, in
     * seq order, and what the {@code kind} checks; then adds what happened to {@code stats}.
     */
    static void simulate(Random r, int peerCount, int steps, Stats stats, Kind kind) {
        stats.cases++;
        String initial = Model.text(Model.randomDoc(r, 10));
        Server server = kind.server().apply(initial);
        List<Connection> connections = new ArrayList<>();
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < peerCount; i++) {
            Peer p = kind.peer().peer(i + 1, initial, r);
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
        kind.check().accept(server);
        count(stats, server, peers);
    }

    /** Adds what {@code server} and {@code peers} did over a case to {@code stats}. */
    private static void count(Stats stats, Server server, List<Peer> peers) {
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
