package dev.quire.ot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientTest {
    static TextOperation op(Object... json) {
        return TextOperation.fromJson(List.of(json));
    }

    static void assertState(String message, Runnable call) {
        assertEquals(
                message, assertThrows(IllegalStateException.class, call::run).getMessage());
    }

    @Test
    void startsSynchronized() {
        Client c = Client.at(4);
        assertEquals(4, c.version());
        assertEquals(1, c.nextSeq());
        assertEquals(new ClientState.Synchronized(), c.state());
        assertTrue(c.isSynchronized());
        assertEquals(0, c.pendingCount());
        assertEquals(Optional.empty(), c.sent());
        assertEquals("Client[version=4, nextSeq=1, state=Synchronized[]]", c.toString());
    }

    @Test
    void resumeKeepsTheSessionsSeq() {
        Client c = Client.resume(7, 3);
        assertEquals(7, c.version());
        assertEquals(3, c.nextSeq());
        assertEquals(
                new Outgoing(3, 7, op("a", 2)), c.applyClient(op("a", 2)).send().orElseThrow());
    }

    @Test
    void invalidStart() {
        assertEquals(
                "version: expected >= 0, found -1",
                assertThrows(IllegalArgumentException.class, () -> Client.at(-1))
                        .getMessage());
        assertEquals(
                "nextSeq: expected >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> Client.resume(0, 0))
                        .getMessage());
    }

    @Test
    void synchronizedLocalOpIsSentAtOnce() {
        Transition t = Client.at(0).applyClient(op("a"));
        Outgoing sent = new Outgoing(1, 0, op("a"));
        assertEquals(Optional.of(sent), t.send());
        assertEquals(Optional.empty(), t.apply());
        assertEquals(
                new ClientState.AwaitingConfirm(sent, op("a"), 1), t.client().state());
        assertEquals(2, t.client().nextSeq());
        assertEquals(0, t.client().version());
        assertEquals(1, t.client().pendingCount());
    }

    @Test
    void awaitingConfirmLocalOpIsBuffered() {
        Client c = Client.at(0).applyClient(op("a")).client();
        Transition t = c.applyClient(op(1, "b"));
        assertEquals(Optional.empty(), t.send());
        assertEquals(Optional.empty(), t.apply());
        assertEquals(
                new ClientState.AwaitingWithBuffer(new Outgoing(1, 0, op("a")), op("a"), 1, op(1, "b"), 1),
                t.client().state());
        assertEquals(2, t.client().nextSeq());
        assertEquals(2, t.client().pendingCount());
    }

    @Test
    void awaitingWithBufferComposesTheBuffer() {
        Client c = Client.at(0)
                .applyClient(op("a"))
                .client()
                .applyClient(op(1, "b"))
                .client();
        Transition t = c.applyClient(op(2, "c"));
        assertEquals(Optional.empty(), t.send());
        ClientState.AwaitingWithBuffer state =
                (ClientState.AwaitingWithBuffer) t.client().state();
        assertEquals(op(1, "bc"), state.buffer());
        assertEquals(2, state.bufferEdits());
        assertEquals(3, t.client().pendingCount());
    }

    @Test
    void ackInAwaitingConfirmSynchronizes() {
        Client c = Client.at(3).applyClient(op("a")).client();
        Transition t = c.serverAck(1, 4);
        assertTrue(t.client().isSynchronized());
        assertEquals(4, t.client().version());
        assertEquals(2, t.client().nextSeq());
        assertEquals(Optional.empty(), t.send());
        assertEquals(Optional.empty(), t.apply());
    }

    @Test
    void ackInAwaitingWithBufferSendsTheBuffer() {
        Client c = Client.at(3)
                .applyClient(op("a"))
                .client()
                .applyClient(op(1, "b"))
                .client();
        Transition t = c.serverAck(1, 4);
        Outgoing next = new Outgoing(2, 4, op(1, "b"));
        assertEquals(Optional.of(next), t.send());
        assertEquals(
                new ClientState.AwaitingConfirm(next, op(1, "b"), 1), t.client().state());
        assertEquals(3, t.client().nextSeq());
        assertEquals(4, t.client().version());
    }

    @Test
    void aSecondAckOfAnAcknowledgedSeqChangesNothing() {
        Client acked =
                Client.at(0).applyClient(op("a")).client().serverAck(1, 1).client();
        Transition again = acked.serverAck(1, 1);
        assertSame(acked, again.client());
        assertEquals(Optional.empty(), again.send());
        assertEquals(Optional.empty(), again.apply());
        Client secondInFlight = acked.applyClient(op(1, "b")).client();
        assertSame(secondInFlight, secondInFlight.serverAck(1, 1).client());
        assertEquals(2, secondInFlight.serverAck(2, 2).client().version());
    }

    @Test
    void ackErrors() {
        assertState("serverAck: no operation in flight, received ack for seq 1", () -> Client.at(0)
                .serverAck(1, 1));
        Client c = Client.at(0).applyClient(op("a")).client();
        assertState("serverAck: expected ack for seq 1, found seq 2", () -> c.serverAck(2, 1));
        assertState("serverAck: expected version 1, found 3", () -> c.serverAck(1, 3));
    }

    @Test
    void remoteOpWhenSynchronizedIsAppliedAsIs() {
        Transition t = Client.at(0).applyServer(1, op("x"));
        assertEquals(Optional.of(op("x")), t.apply());
        assertEquals(Optional.empty(), t.send());
        assertEquals(1, t.client().version());
        assertTrue(t.client().isSynchronized());
    }

    @Test
    void remoteOpWhenAwaitingConfirmIsTransformedLocalTextFirst() {
        Client c = Client.at(0).applyClient(op("a", 2)).client();
        Transition t = c.applyServer(1, op("x", 2));
        // The server will put our "a" before its "x" (submitted op first on ties).
        assertEquals(Optional.of(op(1, "x", 2)), t.apply());
        ClientState.AwaitingConfirm state =
                (ClientState.AwaitingConfirm) t.client().state();
        assertEquals(op("a", 3), state.outstanding());
        assertEquals(new Outgoing(1, 0, op("a", 2)), state.sent());
        assertEquals(1, t.client().version());
    }

    @Test
    void remoteOpWhenAwaitingWithBufferIsTransformedOverBoth() {
        // doc "ab": sent inserts "1" at 0, buffer inserts "2" at the end; remote deletes "a".
        Client c = Client.at(0)
                .applyClient(op("1", 2))
                .client()
                .applyClient(op(3, "2"))
                .client();
        Transition t = c.applyServer(1, op(-1, 1));
        assertEquals(Optional.of(op(1, -1, 2)), t.apply());
        ClientState.AwaitingWithBuffer state =
                (ClientState.AwaitingWithBuffer) t.client().state();
        assertEquals(op("1", 1), state.outstanding());
        assertEquals(op(2, "2"), state.buffer());
        assertEquals(new Outgoing(1, 0, op("1", 2)), state.sent());
        // local: "1ab2" -> remote applied -> "1b2"; server: "b" -> "1b" -> "1b2"
        assertEquals("1b2", t.apply().orElseThrow().apply("1ab2"));
    }

    @Test
    void remoteOpErrors() {
        assertState(
                "applyServer: expected version 1, found 2", () -> Client.at(0).applyServer(2, op("x")));
        assertEquals(
                "op",
                assertThrows(NullPointerException.class, () -> Client.at(0).applyServer(1, null))
                        .getMessage());
    }

    @Test
    void resendGivesTheOperationExactlyAsFirstSent() {
        Client c = Client.at(0).applyClient(op("a", 2)).client();
        c = c.applyServer(1, op("x", 2)).client().applyServer(2, op(-1, 2)).client();
        c = c.applyClient(op(3, "b")).client();
        Transition t = c.resend();
        assertEquals(Optional.of(new Outgoing(1, 0, op("a", 2))), t.send());
        assertEquals(Optional.empty(), t.apply());
        assertSame(c, t.client());
        assertEquals(Optional.empty(), Client.at(0).resend().send());
    }

    @Test
    void seqIsKeptAcrossResendAndAck() {
        Client c = Client.at(0)
                .applyClient(op("a"))
                .client()
                .applyClient(op(1, "b"))
                .client();
        c = c.resend().client();
        Transition acked = c.serverAck(1, 1);
        assertEquals(2, acked.send().orElseThrow().seq());
        Transition again = acked.client().resend();
        assertEquals(Optional.of(new Outgoing(2, 1, op(1, "b"))), again.send());
    }

    /** The TypeScript test "sends the first local op at once with seq 1 and buffers the rest", in Java. */
    @Test
    void pendingCountCountsEditsLikeTheTypeScriptClient() {
        Client c0 = Client.at(4);
        Transition r1 = c0.applyClient(op(3, "a"));
        assertEquals(Optional.of(new Outgoing(1, 4, op(3, "a"))), r1.send());
        assertEquals(1, r1.client().pendingCount());
        Transition r2 = r1.client().applyClient(op(4, "b"));
        assertEquals(Optional.empty(), r2.send());
        assertEquals(2, r2.client().pendingCount());
        Transition r3 = r2.client().applyClient(op(5, "c"));
        assertEquals(
                new ClientState.AwaitingWithBuffer(new Outgoing(1, 4, op(3, "a")), op(3, "a"), 1, op(4, "bc"), 2),
                r3.client().state());
        assertEquals(3, r3.client().pendingCount());
        assertEquals(0, c0.pendingCount());
        assertEquals(1, r1.client().pendingCount());
    }

    @Test
    void pendingCountAfterEachEvent() {
        // doc "xy" at version 0
        Client c = Client.at(0);
        assertEquals(0, c.pendingCount());
        c = c.applyClient(op("A", 2)).client(); // sent as seq 1: "Axy"
        assertEquals(1, c.pendingCount());
        c = c.applyClient(op(1, "B", 2)).client(); // buffered: "ABxy"
        assertEquals(2, c.pendingCount());
        c = c.applyClient(op(2, "C", 2)).client(); // composed into the buffer: "ABCxy"
        assertEquals(3, c.pendingCount());
        c = c.applyServer(1, op(2, "z")).client(); // remote "xyz": transformed, no count change
        assertEquals(3, c.pendingCount());
        c = c.resend().client();
        assertEquals(3, c.pendingCount());
        Transition ack1 = c.serverAck(1, 2); // seq 1 carried 1 edit; the buffer (2 edits) is sent
        assertEquals(Optional.of(new Outgoing(2, 2, op(1, "BC", 3))), ack1.send());
        assertEquals(
                new ClientState.AwaitingConfirm(new Outgoing(2, 2, op(1, "BC", 3)), op(1, "BC", 3), 2),
                ack1.client().state());
        c = ack1.client();
        assertEquals(2, c.pendingCount());
        assertEquals(2, c.serverAck(1, 2).client().pendingCount()); // a duplicate ack changes nothing
        c = c.applyClient(op(4, -1, 1)).client(); // deletes "y": "ABCxz"
        assertEquals(3, c.pendingCount());
        c = c.applyServer(3, op(1, -1, 2)).client(); // remote deletes "x" of "Axyz": "ABCz"
        assertEquals(3, c.pendingCount());
        Transition ack2 = c.serverAck(2, 4);
        assertEquals(Optional.of(new Outgoing(3, 4, op(3, -1, 1))), ack2.send());
        c = ack2.client();
        assertEquals(1, c.pendingCount());
        c = c.serverAck(3, 5).client();
        assertEquals(0, c.pendingCount());
        assertTrue(c.isSynchronized());
        assertEquals(0, Client.resume(7, 3).pendingCount());
    }

    @Test
    void transformSelectionThroughPendingEdits() {
        Selection remote = Selection.cursor(1);
        assertEquals(remote, Client.at(0).transformSelection(remote));
        Client awaiting = Client.at(0).applyClient(op("ab", 2)).client();
        assertEquals(Selection.cursor(3), awaiting.transformSelection(remote));
        Client buffered = awaiting.applyClient(op(2, "c", 2)).client();
        assertEquals(Selection.cursor(4), buffered.transformSelection(remote));
    }

    @Test
    void statesValidate() {
        Outgoing sent = new Outgoing(1, 0, op("a"));
        assertEquals(
                "sent",
                assertThrows(NullPointerException.class, () -> new ClientState.AwaitingConfirm(null, op("a"), 1))
                        .getMessage());
        assertEquals(
                "outstanding",
                assertThrows(NullPointerException.class, () -> new ClientState.AwaitingConfirm(sent, null, 1))
                        .getMessage());
        assertEquals(
                "buffer",
                assertThrows(
                                NullPointerException.class,
                                () -> new ClientState.AwaitingWithBuffer(sent, op("a"), 1, null, 1))
                        .getMessage());
        assertEquals(
                "outstandingEdits: expected >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> new ClientState.AwaitingConfirm(sent, op("a"), 0))
                        .getMessage());
        assertEquals(
                "outstandingEdits: expected >= 1, found 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ClientState.AwaitingWithBuffer(sent, op("a"), 0, op(1, "b"), 1))
                        .getMessage());
        assertEquals(
                "bufferEdits: expected >= 1, found -1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ClientState.AwaitingWithBuffer(sent, op("a"), 1, op(1, "b"), -1))
                        .getMessage());
        assertEquals(
                "send",
                assertThrows(NullPointerException.class, () -> new Transition(Client.at(0), null, Optional.empty()))
                        .getMessage());
        assertEquals(
                "apply",
                assertThrows(NullPointerException.class, () -> new Transition(Client.at(0), Optional.empty(), null))
                        .getMessage());
    }

    @Test
    void outgoingAndTransitionValidate() {
        assertEquals(
                "seq: expected >= 1, found 0",
                assertThrows(IllegalArgumentException.class, () -> new Outgoing(0, 0, op("a")))
                        .getMessage());
        assertEquals(
                "baseVersion: expected >= 0, found -1",
                assertThrows(IllegalArgumentException.class, () -> new Outgoing(1, -1, op("a")))
                        .getMessage());
        assertEquals(
                "op",
                assertThrows(NullPointerException.class, () -> new Outgoing(1, 0, null))
                        .getMessage());
        assertEquals(
                "client",
                assertThrows(NullPointerException.class, () -> new Transition(null, Optional.empty(), Optional.empty()))
                        .getMessage());
        assertFalse(Client.at(0).applyClient(op("a")).client().isSynchronized());
    }
}
