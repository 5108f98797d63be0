package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.TextBuffer;
import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.client.Outgoing;
import dev.quire.ot.client.Transition;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The replica's shortcuts give the text ot-core's client gives: an edit in flight while other
 * editors' ops arrive, then its ack with the op the server applied.
 */
class ReplicaTest {
    /** "abc" v0; ours inserts X at 1; v1 appends Y, v2 deletes the a; the server applies ours as X at 0 -> v3. */
    private static final TextOperation OURS =
            TextOperation.builder().retain(1).insert("X").retain(2).build();

    private static final TextOperation V1 =
            TextOperation.builder().retain(3).insert("Y").build();
    private static final TextOperation V2 =
            TextOperation.builder().delete(1).retain(3).build();
    private static final TextOperation APPLIED =
            TextOperation.builder().insert("X").retain(3).build();

    /** The same steps through ot-core's client alone, as the editor state did before decision 054. */
    private static String throughTheClient() {
        TextBuffer text = new TextBuffer("abc");
        Client client = Client.resume(0, 1);
        text.apply(OURS);
        client = client.applyClient(OURS).client();
        for (int v = 1; v <= 2; v++) {
            Transition t = client.applyServer(v, v == 1 ? V1 : V2);
            client = t.client();
            t.apply().ifPresent(text::apply);
        }
        client = client.serverAck(1, 3).client();
        assertTrue(client.isSynchronized());
        return text.toString();
    }

    @Test
    void anAckWithTheAppliedOpGivesTheClientsTextWithoutTransforms() {
        Replica r = new Replica();
        r.reset("abc", 0);
        Optional<Outgoing> sent = r.local(OURS);
        assertEquals(1, sent.orElseThrow().seq());
        assertEquals(0, sent.orElseThrow().baseVersion());
        assertEquals(Optional.empty(), r.remote(1, V1));
        assertEquals(Optional.empty(), r.remote(2, V2));
        assertFalse(r.isSynchronized());
        assertFalse(r.synchronizedAt(2));
        assertEquals(Optional.empty(), r.ack(1, 3, Optional.of(APPLIED)));
        assertEquals("XbcY", throughTheClient());
        assertEquals("XbcY", r.text().toString());
        assertTrue(r.synchronizedAt(3));
        assertEquals(3, r.client().version());
        assertEquals(2, r.client().nextSeq());
    }

    @Test
    void readingTheTextBeforeTheAckFeedsTheWaitingOpsThroughTheClient() {
        Replica r = new Replica();
        r.reset("abc", 0);
        r.local(OURS);
        r.remote(1, V1);
        assertEquals("aXbcY", r.text().toString());
        r.remote(2, V2);
        r.ack(1, 3, Optional.of(APPLIED));
        assertEquals("XbcY", r.text().toString());
        assertTrue(r.synchronizedAt(3));
    }

    @Test
    void anEditWhileOneIsInFlightIsBufferedAndSentOnTheAck() {
        Replica r = new Replica();
        r.reset("abc", 0);
        r.local(OURS);
        r.remote(1, V1);
        assertEquals(
                Optional.empty(),
                r.local(TextOperation.builder().retain(5).insert("Z").build()));
        r.remote(2, V2);
        Outgoing next = r.ack(1, 3, Optional.of(APPLIED)).orElseThrow();
        assertEquals(2, next.seq());
        assertEquals(3, next.baseVersion());
        assertEquals("XbcYZ", r.text().toString());
        assertEquals(1, r.inFlight());
    }

    @Test
    void aRemoteOpOfAnotherVersionFailsInEveryState() {
        Replica synced = new Replica();
        synced.reset("abc", 4);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> synced.remote(6, V1));
        assertEquals("applyServer: expected version 5, found 6", e.getMessage());

        Replica deferred = new Replica();
        deferred.reset("abc", 0);
        deferred.local(OURS);
        deferred.remote(1, V1);
        e = assertThrows(IllegalStateException.class, () -> deferred.remote(3, V2));
        assertEquals("applyServer: expected version 2, found 3", e.getMessage());
    }

    @Test
    void aSynchronizedReplicaAppliesRemoteOpsAsTheyAre() {
        Replica r = new Replica();
        r.reset("abc", 0);
        r.remote(1, V1);
        r.remote(2, V2);
        assertEquals("bcY", r.text().toString());
        assertTrue(r.synchronizedAt(2));
        assertEquals(1, r.client().nextSeq());
    }
}
