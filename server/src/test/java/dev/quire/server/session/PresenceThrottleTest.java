package dev.quire.server.session;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.Selection.Range;
import dev.quire.server.protocol.ClientMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PresenceThrottleTest {
    @Test
    void aRenameInACoalescedPresenceIsCarriedIntoTheNewestOne() {
        List<ClientMessage.Presence> forwarded = new CopyOnWriteArrayList<>();
        PresenceThrottle throttle = new PresenceThrottle(forwarded::add);
        ClientMessage.Presence first = new ClientMessage.Presence("notes", 0, List.of(new Range(0, 0)));

        throttle.offer(first);
        throttle.offer(new ClientMessage.Presence("notes", 0, List.of(new Range(1, 1)), Optional.of("Bo")));
        throttle.offer(new ClientMessage.Presence("notes", 0, List.of(new Range(2, 2))));

        await().atMost(Duration.ofSeconds(5)).until(() -> forwarded.size() == 2);
        assertEquals(
                List.of(first, new ClientMessage.Presence("notes", 0, List.of(new Range(2, 2)), Optional.of("Bo"))),
                forwarded);
    }
}
