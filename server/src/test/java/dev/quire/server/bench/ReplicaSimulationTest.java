package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.TextBuffer;
import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Replicas against a central history (the server's transform, as OpLog does), with random delays
 * both ways: each replica ends with the server's text, and sends exactly what ot-core's client
 * alone sends.
 */
class ReplicaSimulationTest {
    private record Entry(int version, TextOperation op, int author, int seq) {}

    private record Sent(int base, int seq, TextOperation op) {}

    private static final class Reference {
        TextBuffer text = new TextBuffer("");
        Client client = Client.at(0);

        Optional<Outgoing> apply(Transition t) {
            client = t.client();
            t.apply().ifPresent(text::apply);
            return t.send();
        }
    }

    @Test
    void replicasMatchTheClientAndEndWithTheServersText() {
        for (long seed = 1; seed <= 40; seed++) {
            run(seed);
        }
    }

    private static void run(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 3;
        List<TextOperation> history = new ArrayList<>();
        TextBuffer server = new TextBuffer("");
        List<Replica> replicas = new ArrayList<>();
        List<Reference> refs = new ArrayList<>();
        List<ArrayDeque<Sent>> up = new ArrayList<>();
        List<ArrayDeque<Entry>> down = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replicas.add(new Replica());
            refs.add(new Reference());
            up.add(new ArrayDeque<>());
            down.add(new ArrayDeque<>());
        }
        for (int step = 0; step < 3000 || !quiet(up, down); step++) {
            int c = random.nextInt(n);
            int action = step < 3000 ? random.nextInt(10) : 1 + random.nextInt(9);
            if (action == 0) {
                Optional<TextOperation> op =
                        RandomEdits.BENCH.next(replicas.get(c).text(), random);
                if (op.isPresent()) {
                    Optional<Outgoing> a = replicas.get(c).local(op.get());
                    refs.get(c).text.apply(op.get());
                    Optional<Outgoing> b = refs.get(c).apply(refs.get(c).client.applyClient(op.get()));
                    assertEquals(b, a, "seed " + seed);
                    a.ifPresent(o -> up.get(c).add(new Sent(o.baseVersion(), o.seq(), o.op())));
                }
            } else if (action < 4 && !up.get(c).isEmpty()) {
                Sent s = up.get(c).poll();
                TextOperation moved = s.op();
                for (int v = s.base(); v < history.size(); v++) {
                    moved = TextOperation.transform(moved, history.get(v)).a();
                }
                history.add(moved);
                server.apply(moved);
                Entry e = new Entry(history.size(), moved, c, s.seq());
                down.forEach(d -> d.add(e));
            } else if (!down.get(c).isEmpty()) {
                for (int k = 1 + random.nextInt(5); k > 0 && !down.get(c).isEmpty(); k--) {
                    Entry e = down.get(c).poll();
                    Optional<Outgoing> a;
                    Optional<Outgoing> b;
                    Reference ref = refs.get(c);
                    if (e.author() == c) {
                        a = replicas.get(c).ack(e.seq(), e.version(), Optional.of(e.op()));
                        b = ref.apply(ref.client.serverAck(e.seq(), e.version()));
                    } else {
                        a = replicas.get(c).remote(e.version(), e.op());
                        b = ref.apply(ref.client.applyServer(e.version(), e.op()));
                    }
                    assertEquals(b, a, "seed " + seed);
                    a.ifPresent(o -> up.get(c).add(new Sent(o.baseVersion(), o.seq(), o.op())));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(server.toString(), replicas.get(i).text().toString(), "seed " + seed + " replica " + i);
            assertEquals(server.toString(), refs.get(i).text.toString(), "seed " + seed + " reference " + i);
            assertEquals(history.size(), replicas.get(i).client().version());
        }
    }

    private static boolean quiet(List<ArrayDeque<Sent>> up, List<ArrayDeque<Entry>> down) {
        return up.stream().allMatch(ArrayDeque::isEmpty) && down.stream().allMatch(ArrayDeque::isEmpty);
    }
}
