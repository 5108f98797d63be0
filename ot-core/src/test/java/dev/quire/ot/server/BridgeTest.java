package dev.quire.ot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.TextOperation;
import dev.quire.ot.TransformAgainstTest;
import dev.quire.ot.Transformed;
import dev.quire.ot.testing.Model;
import dev.quire.ot.testing.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Bridge#move} (one side of the last op's transforms, runs of other authors' ops in one
 * go; decision 055) against the plain bridge it replaced: every op in flight transformed against
 * every other author's op, both sides, one step at a time.
 */
class BridgeTest {
    /** The bridge before decision 055, kept as the reference. */
    static List<InFlight.Sent> reference(
            List<InFlight.Sent> ops, List<TextOperation> log, Map<Integer, Long> own, int from) {
        List<InFlight.Sent> bridge = new ArrayList<>(ops);
        for (int i = 0; i < log.size(); i++) {
            long seq = own.getOrDefault(from + i + 1, 0L);
            if (seq != 0) {
                assertEquals(seq, bridge.get(0).seq());
                bridge.remove(0);
                continue;
            }
            TextOperation remote = log.get(i);
            for (int j = 0; j < bridge.size(); j++) {
                Transformed t = TextOperation.transform(bridge.get(j).op(), remote);
                bridge.set(j, new InFlight.Sent(bridge.get(j).seq(), t.a()));
                remote = t.b();
            }
        }
        return bridge;
    }

    @Test
    void movesOpsInFlightAsThePlainBridgeDoes() {
        int[] shapes = new int[3]; // cases ending with 0, 1, more ops left
        Property.check("Bridge.move vs the plain bridge", 1000, r -> {
            int from = r.nextInt(5);
            List<String> start = Model.randomDoc(r, r.nextInt(3) == 0 ? 60 : 8);
            List<String> client = start;
            // The client's ops in flight, each on the document the one before it left.
            List<InFlight.Sent> ops = new ArrayList<>();
            for (int j = 0, k = 1 + r.nextInt(4); j < k; j++) {
                TextOperation op = TransformAgainstTest.randomOp(r, client);
                ops.add(new InFlight.Sent(10 + j, op));
                client = Model.codePoints(op.apply(Model.text(client)));
            }
            // The server's log: other authors' ops on its text, and the session's own ops placed in
            // order, each as the plain bridge had moved it by then.
            List<String> server = start;
            List<TextOperation> log = new ArrayList<>();
            Map<Integer, Long> own = new HashMap<>();
            int placed = 0;
            for (int i = 0, n = r.nextInt(14); i < n; i++) {
                if (placed < ops.size() && r.nextInt(4) == 0) {
                    List<InFlight.Sent> now = reference(ops, log, own, from);
                    TextOperation op = now.get(0).op();
                    own.put(from + log.size() + 1, now.get(0).seq());
                    log.add(op);
                    server = Model.codePoints(op.apply(Model.text(server)));
                    placed++;
                    continue;
                }
                TextOperation op = r.nextInt(3) == 0
                        ? TransformAgainstTest.randomOp(r, server)
                        : Model.randomEdit(r, server).toOperation(server);
                log.add(op);
                server = Model.codePoints(op.apply(Model.text(server)));
            }
            List<InFlight.Sent> expected = reference(ops, log, own, from);
            List<InFlight.Sent> moved = Bridge.move(ops, log, from, v -> own.getOrDefault(v, 0L));
            assertEquals(expected, moved);
            shapes[Math.min(2, expected.size())]++;
        });
        System.out.println("[bridge] ops left: none " + shapes[0] + ", one " + shapes[1] + ", more " + shapes[2]);
        assertTrue(shapes[0] > 0 && shapes[1] > 0 && shapes[2] > 0);
    }
}
