package dev.quire.ot.client;

import static dev.quire.ot.client.ClientTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AdaptiveWindowTest {
    private static final long MS = 1_000_000L;

    /** The window after each round trip, in milliseconds. */
    private static List<Integer> windows(AdaptiveWindow start, long... roundTripsMs) {
        List<Integer> out = new ArrayList<>();
        AdaptiveWindow w = start;
        for (long rt : roundTripsMs) {
            w = w.afterAck(rt * MS);
            out.add(w.window());
        }
        return out;
    }

    @Test
    void startsAtItsMaximumWithNoRoundTripSeen() {
        AdaptiveWindow w = AdaptiveWindow.of(4);
        assertEquals(4, w.window());
        assertEquals(4, w.max());
        assertEquals(100 * MS, w.lagBoundNanos());
        assertEquals(OptionalLong.empty(), w.shortestRoundTripNanos());
        assertEquals(
                "AdaptiveWindow[window=4, max=4, lagBoundNanos=100000000, shortestRoundTripNanos=OptionalLong.empty]",
                w.toString());
    }

    @Test
    void fallsToOneAfterASlowAckAndGrowsByOnePerQuickAckUpToItsMaximum() {
        assertEquals(
                List.of(4, 4, 1, 1, 2, 3, 4, 4, 1, 2),
                windows(AdaptiveWindow.of(4), 2, 5, 250, 900, 3, 2, 4, 1, 102, 60));
    }

    @Test
    void measuresLagAboveTheShortestRoundTripSoALongPathKeepsItsWindow() {
        // A far server: every round trip about 300 ms, none more than 100 ms above the shortest.
        AdaptiveWindow far = AdaptiveWindow.of(4);
        assertEquals(List.of(4, 4, 4, 4), windows(far, 320, 300, 390, 400));
        // A queue growing on the same path: 401 ms is 101 ms above the 300 ms floor.
        assertEquals(List.of(4, 4, 1, 2), windows(far, 320, 300, 401, 310));
        assertEquals(
                OptionalLong.of(300 * MS),
                far.afterAck(320 * MS).afterAck(300 * MS).shortestRoundTripNanos());
    }

    @Test
    void aLagOfExactlyTheBoundIsNotLate() {
        AdaptiveWindow w = AdaptiveWindow.of(3, 10);
        assertEquals(3, w.afterAck(5).afterAck(15).window());
        assertEquals(1, w.afterAck(5).afterAck(16).window());
    }

    @Test
    void theFirstAckIsNeverLateItSetsTheFloor() {
        assertEquals(List.of(2, 2, 1), windows(AdaptiveWindow.of(2), 5_000, 5_050, 5_101));
    }

    @Test
    void aWindowOfOneStaysOne() {
        assertEquals(List.of(1, 1, 1), windows(AdaptiveWindow.of(1), 1, 500, 1));
    }

    @Test
    void sameRoundTripsSameWindows() {
        AdaptiveWindow a =
                AdaptiveWindow.of(4).afterAck(3 * MS).afterAck(400 * MS).afterAck(3 * MS);
        AdaptiveWindow b =
                AdaptiveWindow.of(4).afterAck(3 * MS).afterAck(400 * MS).afterAck(3 * MS);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(2, a.window());
        assertNotEquals(a, b.afterAck(3 * MS));
    }

    @Test
    void refusesWhatIsOutOfRangeNamingTheArgument() {
        assertEquals(
                "AdaptiveWindow.of: max: expected 1 to 32, found 0",
                assertThrows(IllegalArgumentException.class, () -> AdaptiveWindow.of(0))
                        .getMessage());
        assertEquals(
                "AdaptiveWindow.of: max: expected 1 to 32, found 33",
                assertThrows(IllegalArgumentException.class, () -> AdaptiveWindow.of(33))
                        .getMessage());
        assertEquals(
                "AdaptiveWindow.of: lagBoundNanos: expected > 0, found 0",
                assertThrows(IllegalArgumentException.class, () -> AdaptiveWindow.of(4, 0))
                        .getMessage());
        assertEquals(
                "afterAck: roundTripNanos: expected >= 0, found -1",
                assertThrows(IllegalArgumentException.class, () -> AdaptiveWindow.of(4)
                                .afterAck(-1))
                        .getMessage());
    }

    /**
     * The owner's order: the window after the ack is given to the client before it takes the ack.
     * A slow ack then keeps the buffer until nothing is in flight (one op in flight, as ot.js); quick
     * acks open the window again.
     */
    @Test
    void aClientTakingTheWindowBeforeEachAckFallsBackToOneInFlightAndRecovers() {
        AdaptiveWindow w = AdaptiveWindow.of(3);
        Client c = Client.at(0).withWindow(w.window());
        c = c.applyClient(op("a")).client();
        c = c.applyClient(op(1, "b")).client();
        c = c.applyClient(op(2, "c")).client();
        Transition buffered = c.applyClient(op(3, "d"));
        assertEquals(Optional.empty(), buffered.send());
        c = buffered.client();
        assertEquals(3, c.inFlight().size());

        w = w.afterAck(2 * MS).afterAck(300 * MS); // seq 1's ack came 298 ms above the floor
        Transition slow = c.withWindow(w.window()).serverAck(1, 1);
        assertEquals(Optional.empty(), slow.send(), "the buffer waits: the window is 1");
        c = slow.client().applyClient(op(4, "e")).client();
        w = w.afterAck(200 * MS);
        c = c.withWindow(w.window()).serverAck(2, 2).client();
        w = w.afterAck(150 * MS);
        Transition last = c.withWindow(w.window()).serverAck(3, 3);
        // Nothing in flight: the buffer ("d" and "e" composed) goes, one op.
        assertEquals(Optional.of(new Outgoing(4, 3, op(3, "de"))), last.send());
        c = last.client();
        assertEquals(1, w.window());

        w = w.afterAck(4 * MS);
        c = c.withWindow(w.window()).serverAck(4, 4).client();
        assertEquals(2, c.window());
        Transition f = c.applyClient(op(5, "f"));
        Transition g = f.client().applyClient(op(6, "g"));
        Transition h = g.client().applyClient(op(7, "h"));
        assertEquals(Optional.of(new Outgoing(5, 4, op(5, "f"))), f.send());
        assertEquals(Optional.of(new Outgoing(6, 4, op(6, "g"))), g.send(), "pipelined again");
        assertEquals(Optional.empty(), h.send());
    }
}
