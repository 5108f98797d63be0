package dev.quire.ot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.quire.ot.TextOperation;
import dev.quire.ot.server.Applied;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Property;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded properties of {@link Client} (see {@link Property} for replaying a seed). */
class ClientPropertiesTest {
    /** What the server sends this client, in version order. */
    sealed interface Down permits Ack, Remote {}

    record Ack(int seq, int version) implements Down {}

    record Remote(int version, TextOperation op) implements Down {}

    /**
     * One client and a {@link ServerDocument}, with another author editing the server directly and
     * random delays on both directions. The test counts edits on its own: each {@code applyClient}
     * joins the edits not yet sent, and each op sent carries them, by seq; an ack acknowledges the
     * edits its seq carried. Then {@code pendingCount()} is always (applyClient calls) - (edits
     * acknowledged), resends and duplicate acks change nothing, and it is 0 exactly when the client
     * is synchronized.
     */
    @Test
    void pendingCountIsEditsMadeMinusEditsAcknowledged() {
        Property.check("pendingCount = applyClient calls - edits acknowledged", random -> {
            ServerDocument server = new ServerDocument("", 0);
            Client client = Client.at(0);
            String text = "";
            ArrayDeque<Outgoing> up = new ArrayDeque<>();
            ArrayDeque<Down> down = new ArrayDeque<>();
            Map<Integer, Integer> editsBySeq = new HashMap<>();
            Optional<Ack> lastAck = Optional.empty();
            int made = 0;
            int unsent = 0;
            int acknowledged = 0;
            int steps = 1 + random.nextInt(60);
            for (int step = 0; step < steps || !up.isEmpty() || !down.isEmpty(); step++) {
                int pick = step < steps ? random.nextInt(7) : 3 + random.nextInt(2);
                Optional<Outgoing> sent = Optional.empty();
                if (pick <= 2) {
                    TextOperation op = randomOp(random, text.length());
                    text = op.apply(text);
                    Transition t = client.applyClient(op);
                    client = t.client();
                    made++;
                    unsent++;
                    sent = t.send();
                } else if (pick == 3 && !up.isEmpty()) {
                    Outgoing o = up.poll();
                    Applied applied = server.submit(o.baseVersion(), o.op());
                    down.add(new Ack(o.seq(), applied.version()));
                } else if (pick == 4 && !down.isEmpty()) {
                    Down d = down.poll();
                    if (d instanceof Ack ack) {
                        Transition t = client.serverAck(ack.seq(), ack.version());
                        client = t.client();
                        acknowledged += editsBySeq.remove(ack.seq());
                        lastAck = Optional.of(ack);
                        sent = t.send();
                    } else if (d instanceof Remote remote) {
                        Transition t = client.applyServer(remote.version(), remote.op());
                        client = t.client();
                        text = t.apply().orElseThrow().apply(text);
                    }
                } else if (pick == 5) {
                    Applied applied = server.submit(server.version(), randomOp(random, server.length()));
                    down.add(new Remote(applied.version(), applied.op()));
                } else if (pick == 6) {
                    Client before = client;
                    assertSame(before, client.resend().client());
                    lastAck.ifPresent(ack -> assertSame(
                            before, before.serverAck(ack.seq(), ack.version()).client()));
                }
                if (sent.isPresent()) {
                    editsBySeq.put(sent.get().seq(), unsent);
                    unsent = 0;
                    up.add(sent.get());
                }
                assertEquals(made - acknowledged, client.pendingCount(), "after step " + step + ": " + client);
                assertEquals(client.isSynchronized(), client.pendingCount() == 0, "after step " + step);
            }
            assertEquals(0, client.pendingCount());
            assertEquals(server.content(), text);
        });
    }

    /** A random op on a text of {@code length} ASCII characters: one deletion and one insertion. */
    static TextOperation randomOp(Random random, int length) {
        int at = random.nextInt(length + 1);
        int deleted = random.nextInt(Math.min(3, length - at) + 1);
        String inserted = "abc".substring(0, random.nextInt(4));
        return TextOperation.builder()
                .retain(at)
                .delete(deleted)
                .insert(inserted)
                .retain(length - at - deleted)
                .build();
    }
}
