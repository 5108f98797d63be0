package dev.quire.server.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ServerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A node that catches up, in one go, on more ops committed by another node than its history in
 * memory keeps ({@code --history-limit}) sends every one of them to its editors, in version order
 * (found in the eleventh session, decision 037's costs): it sent none, and its editors learnt of
 * the gap only at their next op. Real PostgreSQL; the other node's commits come without the bus,
 * as when its messages were lost, and a join makes this node read them.
 */
class CatchUpPastTheHistoryTest extends RacingPostgres {
    private static final String DOC = "caught-up";

    @Test
    void everyOpCaughtUpReachesTheEditorsInOrder() {
        registry.close();
        registry = new DocumentRegistry(store, new DocumentSettings(1_000, Duration.ofHours(1), 2), 2);
        RecordingSink ada = new RecordingSink(false);
        registry.join(new ClientMessage.Join(DOC, "session-ada", OptionalInt.of(0), Optional.of("Ada")), ada);
        assertEquals(0, ((ServerMessage.Joined) ada.awaitMessage(0)).version());

        store.rivalCommits(DOC, 5);
        RecordingSink bo = new RecordingSink(false);
        registry.join(new ClientMessage.Join(DOC, "session-bo", OptionalInt.empty(), Optional.of("Bo")), bo);

        assertEquals(5, ((ServerMessage.Joined) bo.awaitMessage(0)).version());
        List<ServerMessage> expected = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            String op = v == 1 ? "[\"r\"]" : "[\"r\"," + (v - 1) + "]";
            expected.add(new ServerMessage.Op(DOC, v, TextOperation.parse(op), "rival-" + v));
        }
        assertEquals(expected, ada.awaitCount(6).subList(1, 6), () -> "Ada got " + ada.messages());
    }
}
