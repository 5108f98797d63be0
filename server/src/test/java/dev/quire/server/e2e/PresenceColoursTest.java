package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence colours (decision 041) on a real server with real WebSocket clients: the first 12
 * editors of a document get 12 distinct colours, the 13th one of the least held, a leaver's
 * colour goes to the next joiner, and a session that comes back gets its colour again.
 */
class PresenceColoursTest {
    @TempDir
    Path dataDir;

    /** Joins {@code doc} as {@code session}; returns its joined message. */
    private static JsonNode join(WsClient ws, String doc, String session) throws Exception {
        ws.send(ProtocolTest.join(doc, session));
        return ws.nextOfType("joined");
    }

    private static String colourOf(JsonNode joined) {
        String colour = joined.get("user").get("color").asText();
        assertTrue(colour.matches("#[0-9a-f]{6}"), joined.toString());
        return colour;
    }

    /** Waits until {@code watcher} is told that {@code joined}'s editor left. */
    private static void awaitLeft(WsClient watcher, JsonNode joined) throws Exception {
        String clientId = joined.get("clientId").asText();
        watcher.next(m -> m.path("type").asText().equals("left")
                && m.get("clientId").asText().equals(clientId));
    }

    @Test
    void twelveJoinersGetTwelveColoursTheThirteenthALeastHeldAndALeaversColourIsGivenAgain() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            List<WsClient> clients = new ArrayList<>();
            List<JsonNode> joins = new ArrayList<>();
            List<String> colours = new ArrayList<>();
            try {
                for (int i = 0; i < 14; i++) {
                    WsClient ws = WsClient.connect(server.port());
                    clients.add(ws);
                    joins.add(join(ws, "crowd", "session-" + i));
                    colours.add(colourOf(joins.get(i)));
                }
                assertEquals(12, new HashSet<>(colours.subList(0, 12)).size(), colours.toString());
                // The 13th: every colour is held once, so any is a least held one; the 14th then
                // must not take the 13th's, which two hold.
                assertTrue(colours.subList(0, 12).contains(colours.get(12)), colours.toString());
                assertNotEquals(colours.get(12), colours.get(13), colours.toString());

                // The 4th leaves: its colour is now the only one nobody holds.
                clients.get(3).close();
                awaitLeft(clients.get(0), joins.get(3));
                WsClient fifteenth = WsClient.connect(server.port());
                clients.add(fifteenth);
                assertEquals(colours.get(3), colourOf(join(fifteenth, "crowd", "session-14")));
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }

    @Test
    void aSessionThatComesBackGetsItsColourAgainIfNobodyTookIt() throws Exception {
        // Two sessions with the same place in the palette: the second is given another colour,
        // and gets that one again when it comes back although its own place is free by then.
        String a = "session-a";
        String b = other(a, true);
        String keeper = other(a, false); // keeps the document loaded, on a colour of its own
        try (QuireServer server = ServerFixture.start(dataDir);
                WsClient onA = WsClient.connect(server.port());
                WsClient onB = WsClient.connect(server.port());
                WsClient onKeeper = WsClient.connect(server.port());
                WsClient again = WsClient.connect(server.port())) {
            JsonNode aJoined = join(onA, "back", a);
            JsonNode bJoined = join(onB, "back", b);
            String keeperColour = colourOf(join(onKeeper, "back", keeper));
            String aColour = colourOf(aJoined);
            String bColour = colourOf(bJoined);
            assertEquals(3, Set.of(aColour, bColour, keeperColour).size());

            onB.close();
            awaitLeft(onKeeper, bJoined);
            onA.close();
            awaitLeft(onKeeper, aJoined);
            assertEquals(bColour, colourOf(join(again, "back", b)));
        }
    }

    /** A session whose hash falls on {@code session}'s place in a palette of 12, or (if not {@code same}) on neither it nor the next. */
    private static String other(String session, boolean same) {
        int start = Math.floorMod(session.hashCode(), 12);
        for (int i = 0; ; i++) {
            String other = "session-" + i;
            int at = Math.floorMod(other.hashCode(), 12);
            boolean fits = same ? at == start : at != start && at != (start + 1) % 12;
            if (fits && !other.equals(session)) {
                return other;
            }
        }
    }
}
