package dev.quire.ot.client;

import static dev.quire.ot.client.ClientTest.assertState;
import static dev.quire.ot.client.ClientTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Selection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Client}'s window ({@link Client#withWindow}, pipelining, docs/decisions/039): local edits
 * are sent at once, each based on the same version, until the window is full, the rest buffered
 * and sent at the next acknowledgement; a remote operation moves through every operation in
 * flight and the buffer; a window of 1 is ot.js's client. The transitions with one operation in
 * flight are in {@link ClientTest}, the window's size after each round trip in
 * {@link AdaptiveWindowTest}.
 */
class ClientWindowTest {
    @Test
    void aWindowSendsEditsAtOnceUntilItIsFullThenBuffers() {
        Client c = Client.at(5).withWindow(2);
        Transition first = c.applyClient(op("a"));
        assertEquals(Optional.of(new Outgoing(1, 5, op("a"))), first.send());
        Transition second = first.client().applyClient(op(1, "b"));
        // Sent at once, based on the same version: it follows seq 1 (decision 039).
        assertEquals(Optional.of(new Outgoing(2, 5, op(1, "b"))), second.send());
        Transition third = second.client().applyClient(op(2, "c"));
        assertEquals(Optional.empty(), third.send());
        Client full = third.client();
        assertEquals(3, full.pendingCount());
        assertEquals(List.of(new Outgoing(1, 5, op("a")), new Outgoing(2, 5, op(1, "b"))), full.inFlight());
        ClientState.Pipelined state = (ClientState.Pipelined) full.state();
        assertEquals(Optional.of(op(2, "c")), state.buffer());
        // The ack of seq 1 frees a place: the buffer goes, based on the version acked.
        Transition acked = full.serverAck(1, 6);
        assertEquals(Optional.of(new Outgoing(3, 6, op(2, "c"))), acked.send());
        assertEquals(2, acked.client().inFlight().size());
        assertEquals(2, acked.client().pendingCount());
    }

    @Test
    void aRemoteOpMovesThroughEveryOpInFlightAndTheBuffer() {
        Client c = Client.at(0).withWindow(2);
        c = c.applyClient(op("a")).client();
        c = c.applyClient(op(1, "b")).client();
        c = c.applyClient(op(2, "c")).client();
        // Another author inserted "X" into the empty document: it lands after "abc" (ours first on a tie).
        Transition t = c.applyServer(1, op("X"));
        assertEquals(Optional.of(op(3, "X")), t.apply());
        assertEquals(
                List.of(op("a", 1), op(1, "b", 1)),
                ((ClientState.Pipelined) t.client().state())
                        .inFlight().stream()
                                .map(ClientState.AwaitingConfirm::outstanding)
                                .toList());
        assertEquals(Selection.cursor(4), t.client().transformSelection(Selection.cursor(1)));
    }

    @Test
    void aWindowOfOneIsOtJs() {
        Client c = Client.at(0).withWindow(1);
        Transition first = c.applyClient(op("a"));
        Transition second = first.client().applyClient(op(1, "b"));
        assertEquals(Optional.empty(), second.send());
        assertTrue(second.client().state() instanceof ClientState.AwaitingWithBuffer);
        assertState("serverAck: expected ack for seq 1, found seq 2", () -> second.client()
                .serverAck(2, 1));
        assertEquals(
                "window: expected 1 to 32, found 33",
                assertThrows(IllegalArgumentException.class, () -> c.withWindow(33))
                        .getMessage());
    }
}
