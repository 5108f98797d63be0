package dev.quire.server.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.TextOperation;
import dev.quire.ot.server.Applied;
import dev.quire.ot.server.ServerDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which path {@link InFlightOps} takes and what it keeps: a session with nothing of its own after
 * its op's version keeps only that op; a pipelined one keeps its ops in flight; a session whose
 * ops fell out of the history in memory is dropped at the next sweep.
 */
class InFlightOpsTest {
    private final ServerDocument doc = new ServerDocument("", 0, 8);
    private final Origins origins = new Origins();
    private final InFlightOps inFlight = new InFlightOps();

    private Applied place(String session, long seq, int base, TextOperation op) {
        Origin.Session origin = new Origin.Session("c-" + session, session, seq, session);
        Applied applied = inFlight.place(
                doc, new Submission(base, op, origin), origin, origins.newestVersion(session), origins, Long.MAX_VALUE);
        origins.add(new Origins.Entry(applied.version(), origin, base, 0));
        return applied;
    }

    private static TextOperation insert(int at, String text, int length) {
        return TextOperation.builder()
                .retain(at)
                .insert(text)
                .retain(length - at)
                .build();
    }

    @Test
    void aSessionWithNothingAfterItsVersionKeepsOnlyItsLastOp() {
        place("ada", 1, 0, insert(0, "a", 0));
        place("ada", 2, 1, insert(1, "b", 1));
        assertEquals(List.of(insert(1, "b", 1)), inFlight.held("ada"));
        assertEquals("ab", doc.content());
    }

    @Test
    void aPipelinedSessionKeepsItsOpsInFlightAsItsClientHeldThem() {
        place("ada", 1, 0, insert(0, "a", 0));
        place("bo", 1, 0, insert(0, "Z", 0)); // the op submitted last comes first on a tie: "Za"
        // Ada's seq 2 at version 0 follows her seq 1: "ab" on her screen.
        place("ada", 2, 0, insert(1, "b", 1));
        assertEquals("Zab", doc.content());
        assertEquals(List.of(insert(0, "a", 0), insert(1, "b", 1)), inFlight.held("ada"));
    }

    @Test
    void aSessionWhoseOpsFellOutOfTheHistoryInMemoryIsDroppedAtTheNextSweep() {
        place("ada", 1, 0, insert(0, "a", 0));
        assertEquals(1, inFlight.sessions());
        for (int seq = 1; seq < InFlightOps.SWEEP_EVERY; seq++) {
            place("bo", seq, doc.version(), insert(0, "x", doc.length()));
        }
        assertEquals(List.of(), inFlight.held("ada"));
        assertEquals(1, inFlight.sessions());
    }
}
