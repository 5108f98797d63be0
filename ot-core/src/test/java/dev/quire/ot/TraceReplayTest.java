package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quire.ot.client.Client;
import dev.quire.ot.client.ClientState;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import dev.quire.ot.server.Applied;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Traces;
import dev.quire.ot.testing.Traces.Patch;
import dev.quire.ot.testing.Traces.Trace;
import dev.quire.ot.testing.Traces.Txn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the real editing traces of {@code ../shared/traces} (Joseph Gentle's editing-traces,
 * CC BY 4.0; automerge-paper from Martin Kleppmann's automerge-perf, MIT).
 *
 * <p>The two smallest flat traces run in {@code mvn verify}; the others with
 * {@code -Dquire.traces.all=true}. Skipped, with the reason, when the folder is missing.
 */
class TraceReplayTest {
    static Path folder() {
        var folder = Traces.folder();
        assumeTrue(
                folder.isPresent(),
                "traces folder not found (-Dquire.traces=" + System.getProperty("quire.traces")
                        + ", nor ../shared/traces beside the repository)");
        System.out.println(
                "[trace] folder " + folder.get() + " (-Dquire.traces=" + System.getProperty("quire.traces") + ")");
        return folder.get();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sveltecomponent",
                "clownschool_flat",
                "friendsforever_flat",
                "rustcode",
                "seph-blog1",
                "automerge-paper"
            })
    void flatTraceReplaysThroughServerDocumentToEndContent(String name) throws IOException {
        int rank = Traces.FLAT.indexOf(name);
        assumeTrue(
                rank < 2 || Boolean.getBoolean("quire.traces.all"),
                name + " is one of the larger traces: run it with -Dquire.traces.all=true");
        Trace trace = Traces.load(folder(), name);
        ServerDocument doc = new ServerDocument("", 0);
        int length = 0;
        for (Patch p : trace.patches()) {
            TextOperation op = TextOperation.builder()
                    .retain(p.position())
                    .delete(p.delete())
                    .insert(p.insert())
                    .retain(length - p.position() - p.delete())
                    .build();
            Applied applied = doc.submit(doc.version(), op);
            assertEquals(op, applied.op());
            length = op.targetLength();
        }
        assertEquals(trace.patches().size(), doc.version());
        assertEquals(trace.endContent(), doc.content());
    }

    /** A message from the server to one agent, in version order; {@code ackSeq} 0 for an op. */
    record Message(int version, TextOperation op, int from, int txn, int ackSeq) {}

    /** An op on its way to the server, with the transaction it carries. */
    record Sent(Outgoing outgoing, int txn) {}

    /**
     * One typist: a {@link Client} (one op in flight, one buffered) and, in front of it, a queue of
     * later local transactions, each kept whole. ot.js's Client composes everything typed while an
     * op is in flight into one buffer; here another agent may have seen the first of those
     * transactions and not the rest, so each is sent on its own, in order, as acks come back. A
     * queued transaction is transformed over each remote op as the Client's buffer is (local text
     * first on ties) and handed to the Client when the buffer goes out.
     */
    static final class Agent {
        final int id;
        Client client = Client.at(0);
        String text = "";
        int inFlight = -1;
        int buffered = -1;
        final List<TextOperation> queue = new ArrayList<>();
        final List<Integer> queueTxns = new ArrayList<>();
        final ArrayDeque<Sent> outbox = new ArrayDeque<>();
        final ArrayDeque<Message> inbox = new ArrayDeque<>();

        Agent(int id) {
            this.id = id;
        }
    }

    /**
     * The concurrent traces through a ServerDocument and one Client per agent, transactions in file
     * order. The network is lazy: an op reaches the server, and a message reaches an agent, only
     * when some transaction has seen it (its parents' history) — so the server's order is one the
     * recording allows. Every delivery to an agent is checked against what that agent had seen by
     * its next transaction.
     */
    static final class ConcurrentReplay {
        final Trace trace;
        final Agent[] agents;
        final ServerDocument server = new ServerDocument("", 0, Integer.MAX_VALUE); // keeps all: see Branches
        final List<Integer> origins = new ArrayList<>(); // origins.get(v): the agent of version v + 1
        final int[][] seen; // seen[i][h]: the last txn of agent h that txn i had seen (-1: none)
        final int[] nextOwn; // the next txn of the same agent after i, or Integer.MAX_VALUE
        final boolean[] committed;
        final int[] lastReceived; // lastReceived[g * agents + h]: last txn of h that g has received
        int txn; // the transaction being replayed

        ConcurrentReplay(Trace trace) {
            this.trace = trace;
            int n = trace.txns().size();
            int agentCount = trace.txns().stream().mapToInt(Txn::agent).max().orElse(0) + 1;
            agents = new Agent[agentCount];
            for (int g = 0; g < agentCount; g++) {
                agents[g] = new Agent(g);
            }
            committed = new boolean[n];
            lastReceived = new int[agentCount * agentCount];
            Arrays.fill(lastReceived, -1);
            seen = new int[n][];
            int[] lastOwn = new int[agentCount];
            Arrays.fill(lastOwn, -1);
            nextOwn = new int[n];
            Arrays.fill(nextOwn, Integer.MAX_VALUE);
            for (int i = 0; i < n; i++) {
                Txn t = trace.txns().get(i);
                int[] vv = new int[agentCount];
                Arrays.fill(vv, -1);
                for (int p : t.parents()) {
                    for (int h = 0; h < agentCount; h++) {
                        vv[h] = Math.max(vv[h], seen[p][h]);
                    }
                    vv[trace.txns().get(p).agent()] =
                            Math.max(vv[trace.txns().get(p).agent()], p);
                }
                assertEquals(lastOwn[t.agent()], vv[t.agent()], "txn " + i + " saw its agent's last txn");
                seen[i] = vv;
                if (lastOwn[t.agent()] >= 0) {
                    nextOwn[lastOwn[t.agent()]] = i;
                }
                lastOwn[t.agent()] = i;
            }
        }

        void run() {
            List<Txn> txns = trace.txns();
            for (txn = 0; txn < txns.size(); txn++) {
                Txn t = txns.get(txn);
                Agent g = agents[t.agent()];
                for (Agent h : agents) {
                    if (h != g) {
                        int j = seen[txn][h.id];
                        while (lastReceived[g.id * agents.length + h.id] < j) {
                            commit(h, j);
                            deliver(g, txn);
                        }
                    }
                }
                TextOperation op = null;
                for (Patch p : t.patches()) {
                    TextOperation patch = TextOperation.builder()
                            .retain(p.position())
                            .delete(p.delete())
                            .insert(p.insert())
                            .retain(g.text.length() - p.position() - p.delete())
                            .build();
                    g.text = patch.apply(g.text);
                    op = op == null ? patch : op.compose(patch);
                }
                local(g, txn, op);
            }
            // The end: everything reaches the server, then everyone.
            boolean busy = true;
            while (busy) {
                busy = false;
                for (Agent g : agents) {
                    while (!g.outbox.isEmpty()) {
                        submit(g, g.outbox.poll());
                        busy = true;
                    }
                    while (!g.inbox.isEmpty()) {
                        deliver(g, Integer.MAX_VALUE);
                        busy = true;
                    }
                }
            }
        }

        /** Gets transaction j of agent h committed by the server. */
        void commit(Agent h, int j) {
            while (!committed[j]) {
                if (!h.outbox.isEmpty()) {
                    submit(h, h.outbox.poll());
                } else {
                    // j waits in h's buffer or queue: h needs the ack of its op in flight.
                    deliver(h, nextTxnAfterCurrent(h));
                }
            }
        }

        /** The first transaction agent h makes from now on, which must have seen what h gets now. */
        int nextTxnAfterCurrent(Agent h) {
            int last = Math.max(
                    Math.max(h.inFlight, h.buffered),
                    h.queueTxns.isEmpty() ? -1 : h.queueTxns.get(h.queueTxns.size() - 1));
            int next = last < 0 ? firstTxnOf(h) : last;
            while (next < txn) {
                next = nextOwn[next];
            }
            return next;
        }

        int firstTxnOf(Agent h) {
            for (int i = 0; i < trace.txns().size(); i++) {
                if (trace.txns().get(i).agent() == h.id) {
                    return i;
                }
            }
            return Integer.MAX_VALUE;
        }

        void local(Agent g, int i, TextOperation op) {
            if (!g.queue.isEmpty() || g.client.state() instanceof ClientState.AwaitingWithBuffer) {
                g.queue.add(op);
                g.queueTxns.add(i);
                return;
            }
            Transition tr = g.client.applyClient(op);
            g.client = tr.client();
            if (tr.send().isPresent()) {
                g.inFlight = i;
                g.outbox.add(new Sent(tr.send().get(), i));
            } else {
                g.buffered = i;
            }
        }

        /** Delivers g's next message, checking that g's transaction {@code beforeTxn} had seen it. */
        void deliver(Agent g, int beforeTxn) {
            Message m = g.inbox.poll();
            if (m == null) {
                throw new AssertionError("agent " + g.id + " has nothing to receive at txn " + txn);
            }
            if (m.ackSeq() == 0 && beforeTxn < Integer.MAX_VALUE && m.txn() > seen[beforeTxn][m.from()]) {
                throw new AssertionError("agent " + g.id + " would receive txn " + m.txn()
                        + " before it saw it (its txn " + beforeTxn + ", at txn " + txn + ")");
            }
            if (m.ackSeq() > 0) {
                Transition tr = g.client.serverAck(m.ackSeq(), m.version());
                g.client = tr.client();
                if (tr.send().isPresent()) {
                    g.inFlight = g.buffered;
                    g.buffered = -1;
                    g.outbox.add(new Sent(tr.send().get(), g.inFlight));
                    if (!g.queue.isEmpty()) {
                        g.client = g.client.applyClient(g.queue.remove(0)).client();
                        g.buffered = g.queueTxns.remove(0);
                    }
                }
                return;
            }
            lastReceived[g.id * agents.length + m.from()] = m.txn();
            Transition tr = g.client.applyServer(m.version(), m.op());
            g.client = tr.client();
            TextOperation remote = tr.apply().orElseThrow();
            for (int k = 0; k < g.queue.size(); k++) {
                Transformed t = TextOperation.transform(g.queue.get(k), remote);
                g.queue.set(k, t.a());
                remote = t.b();
            }
            g.text = remote.apply(g.text);
        }

        void submit(Agent g, Sent sent) {
            Outgoing out = sent.outgoing();
            Applied applied = server.submit(out.baseVersion(), out.op());
            committed[sent.txn()] = true;
            origins.add(g.id);
            g.inbox.add(new Message(applied.version(), applied.op(), g.id, sent.txn(), out.seq()));
            for (Agent h : agents) {
                if (h != g) {
                    h.inbox.add(new Message(applied.version(), applied.op(), g.id, sent.txn(), 0));
                }
            }
        }
    }

    /**
     * Both concurrent traces converge, every replica to the server's text, and that text is
     * {@code endContent}. friendsforever has one tie (", huh?" typed against " The" near offset
     * 3798) whose endContent needs agent 0's text first, i.e. {@code transform(agent0Op, agent1Op)}.
     * The server's rule is {@code transform(submitted, history)}: here agent 1's " The" keystrokes
     * reach the server first (agent 0 sees them before agent 1 sees its ", hu"), so agent 0's are the
     * submitted ones and go first. A replay that committed agent 0's first would converge to
     * " The, huh?" instead: the tie is decided by server order, not by agent.
     */
    @ParameterizedTest
    @ValueSource(strings = {"concurrent/clownschool", "concurrent/friendsforever"})
    void concurrentTraceConvergesThroughServerAndClients(String name) throws IOException {
        Trace trace = Traces.load(folder(), name);
        ConcurrentReplay replay = new ConcurrentReplay(trace);
        replay.run();
        String server = replay.server.content();
        for (Agent g : replay.agents) {
            assertTrue(g.client.isSynchronized());
            assertEquals(replay.server.version(), g.client.version());
            assertEquals(server, g.text, "agent " + g.id);
        }
        System.out.println("[trace] " + name + ": " + trace.txns().size() + " txns, "
                + replay.server.version() + " server versions, endContent "
                + (server.equals(trace.endContent())
                        ? "reached"
                        : "NOT reached: " + firstDifference(server, trace.endContent())));
        assertEquals(trace.endContent(), server);
    }

    static String firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 20);
        return "at " + i + ": replay \""
                + a.substring(from, Math.min(a.length(), i + 30)).replace("\n", "\\n") + "\" vs endContent \""
                + b.substring(from, Math.min(b.length(), i + 30)).replace("\n", "\\n") + "\"";
    }
}
