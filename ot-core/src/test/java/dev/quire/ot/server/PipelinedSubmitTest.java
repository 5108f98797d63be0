package dev.quire.ot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.TextOperation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerDocument}'s pipelined submit (docs/decisions/039): an operation of a session that
 * has earlier operations in flight is placed after them, as its client held them, also when it is
 * placed again after a rewind; a tie with another author's text breaks as on the client; a session
 * past the most operations in flight, or one whose operations in the log are not those it holds in
 * flight, is refused and nothing changes. The plain submit, the history and selections are in
 * {@link ServerDocumentTest}.
 */
class PipelinedSubmitTest {
    private static TextOperation insertAt(int at, String text, int length) {
        return TextOperation.builder()
                .retain(at)
                .insert(text)
                .retain(length - at)
                .build();
    }

    @Test
    void aPipelinedOpFollowsItsSessionsOpsInFlight() {
        // Session 1 (seq 1, 2) and another author both start from "abc" at version 0.
        ServerDocument doc = new ServerDocument("abc", 0);
        long[] owner = new long[8]; // owner[v] = session 1's seq of version v, 0 for another author
        InFlight held = InFlight.none(0);
        var first = doc.submit(0, 1, insertAt(0, "X", 3), held, v -> owner[v], Long.MAX_VALUE, 4);
        owner[1] = 1;
        assertEquals("Xabc", doc.content());
        // The other author's op, based on 0: placed after X.
        doc.submit(0, insertAt(2, "Z", 3));
        assertEquals("XabZc", doc.content());
        // Seq 2 was sent before the ack of seq 1, at version 0: it applies to "Xabc" (after seq 1).
        var second = doc.submit(0, 2, insertAt(4, "Y", 4), first.inFlight(), v -> owner[v], Long.MAX_VALUE, 4);
        assertEquals("XabZcY", doc.content());
        assertEquals(3, second.applied().version());
        assertEquals(0, second.inFlight().version());
        assertEquals(
                List.of(1L, 2L),
                second.inFlight().ops().stream().map(InFlight.Sent::seq).toList());
    }

    @Test
    void aTieBetweenAPipelinedOpAndAnotherAuthorsBreaksAsOnTheClient() {
        // Both insert at position 1 of "ab"; the client puts its own text first (transform(own, remote)).
        ServerDocument doc = new ServerDocument("ab", 0);
        long[] owner = new long[8];
        doc.submit(0, insertAt(1, "R", 2)); // version 1, another author: "aRb"
        var first = doc.submit(0, 1, insertAt(1, "P", 2), InFlight.none(0), v -> owner[v], Long.MAX_VALUE, 4);
        owner[2] = 1;
        assertEquals("aPRb", doc.content());
        var second = doc.submit(0, 2, insertAt(2, "Q", 3), first.inFlight(), v -> owner[v], Long.MAX_VALUE, 4);
        assertEquals("aPQRb", doc.content());
        assertEquals(3, second.applied().version());
    }

    @Test
    void aPlacedAgainOpFollowsTheNewPlaceOfTheOneBeforeIt() {
        // Seq 1 and 2 placed, then taken back (another writer won version 1) and placed again.
        ServerDocument doc = new ServerDocument("ab", 0);
        long[] owner = new long[8];
        var first = doc.submit(0, 1, insertAt(0, "X", 2), InFlight.none(0), v -> owner[v], Long.MAX_VALUE, 4);
        owner[1] = 1;
        var second = doc.submit(0, 2, insertAt(3, "Y", 3), first.inFlight(), v -> owner[v], Long.MAX_VALUE, 4);
        assertEquals("XabY", doc.content());
        doc.rewind(0, "ab");
        owner[1] = 0;
        doc.submit(0, insertAt(2, "W", 2)); // the winner: "abW"
        doc.submit(0, 1, insertAt(0, "X", 2), second.inFlight(), v -> owner[v], Long.MAX_VALUE, 4);
        owner[2] = 1;
        var again = doc.submit(0, 2, insertAt(3, "Y", 3), second.inFlight(), v -> owner[v], Long.MAX_VALUE, 4);
        // Y and W both at the end of "Xab": the session's own text first, as its client did.
        assertEquals("XabYW", doc.content());
        assertEquals(second.inFlight(), again.inFlight());
    }

    @Test
    void aSessionPastTheMostInFlightIsRefusedAndNothingChanges() {
        ServerDocument doc = new ServerDocument("", 0);
        long[] owner = new long[8];
        InFlight held = InFlight.none(0);
        for (int seq = 1; seq <= 2; seq++) {
            held = doc.submit(0, seq, insertAt(seq - 1, "x", seq - 1), held, v -> owner[v], Long.MAX_VALUE, 2)
                    .inFlight();
            owner[seq] = seq;
        }
        InFlight full = held;
        TooManyInFlightException e = assertThrows(
                TooManyInFlightException.class,
                () -> doc.submit(0, 3, insertAt(2, "x", 2), full, v -> owner[v], Long.MAX_VALUE, 2));
        assertEquals("submit: 2 ops of the session in flight at version 0, the most allowed is 2", e.getMessage());
        assertEquals("xx", doc.content());
        assertEquals(2, doc.version());
    }

    @Test
    void aPipelinedOpAfterOpsThisServerDoesNotHoldIsRefused() {
        ServerDocument doc = new ServerDocument("", 0);
        long[] owner = {0, 1};
        doc.submit(0, insertAt(0, "x", 0)); // seq 1 of the session, placed elsewhere
        InFlightUnknownException e = assertThrows(
                InFlightUnknownException.class,
                () -> doc.submit(0, 2, insertAt(1, "y", 1), InFlight.none(0), v -> owner[v], Long.MAX_VALUE, 4));
        assertEquals("submit: version 1 is the session's seq 1, not among its ops in flight []", e.getMessage());
        assertEquals(1, doc.version());
    }
}
