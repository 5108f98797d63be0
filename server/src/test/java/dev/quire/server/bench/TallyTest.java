package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Submit→remote receipt from receipts recorded per frame: a frame's range holds the receiver's
 * own ops (acks) and ops sent outside the window; neither is a receipt.
 */
class TallyTest {
    private static BenchEditor editor(String doc, int i) {
        return new BenchEditor(
                doc, "tally-" + i + "-session", BenchEditor.Mode.OPEN_LOOP, 1, i, BenchEditor.newErrorMap());
    }

    private static void acked(BenchEditor e, int version, long sent, long at) {
        e.ackVersion.add(version);
        e.ackSent.add(sent);
        e.ackAt.add(at);
    }

    @Test
    void aFramesRangeCountsOnlyOtherEditorsOpsSentInTheWindow() {
        BenchEditor a = editor("d", 0);
        BenchEditor b = editor("d", 1);
        BenchEditor c = editor("other", 2);
        acked(a, 1, 100, 150);
        acked(b, 2, 200, 260);
        acked(a, 3, 5_000, 5_050); // sent after the window
        acked(c, 2, 300, 320); // version 2 of another document
        a.receipts.add(1, 3, 300); // v1 own, v2 b's, v3 outside
        b.receipts.add(1, 2, 310); // v1 a's, v2 own
        b.receipts.add(3, 1, 5_100); // v3 outside
        c.receipts.add(2, 1, 320); // own

        BenchResult.Window w = Tally.count(List.of(a, b, c), 0, 1_000);

        assertEquals(3, w.acked());
        assertEquals(2, w.remote().size());
        assertEquals(100, w.remote().summary().p50());
        assertEquals(210, w.remote().summary().max());
        assertEquals(new Latencies.Summary(3, 50, 60, 60, 60), w.ack().summary());
    }

    @Test
    void consecutiveVersionsOfABatchAreOneRangeAndAGapStartsAnother() {
        Receipts r = new Receipts();
        dev.quire.ot.TextOperation op =
                dev.quire.ot.TextOperation.builder().insert("x").build();
        List<dev.quire.server.protocol.ServerMessage.CatchUpOp> ops = List.of(
                new dev.quire.server.protocol.ServerMessage.CatchUpOp(4, op, "c", java.util.Optional.empty()),
                new dev.quire.server.protocol.ServerMessage.CatchUpOp(5, op, "c", java.util.Optional.empty()),
                new dev.quire.server.protocol.ServerMessage.CatchUpOp(7, op, "c", java.util.Optional.empty()));
        r.add(ops, 42);
        r.add(List.of(), 43);
        assertEquals(2, r.size());
        assertEquals(List.of(4, 2, 7, 1), List.of(r.first(0), r.count(0), r.first(1), r.count(1)));
        assertEquals(42, r.at(1));
    }
}
