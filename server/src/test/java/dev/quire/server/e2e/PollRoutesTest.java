package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the HTTP fallback has: numbered frames a repeated poll gets again, a repeated POST
 * applied once, batches both ways, ids bound to their user, and its HTTP errors.
 */
class PollRoutesTest {
    @TempDir
    Path dataDir;

    private static String openPoll(int port) throws Exception {
        Http.Response opened = Http.post(port, "/poll", "");
        assertEquals(200, opened.status(), opened.body());
        return opened.json().get("id").asText();
    }

    /** The frame lines of a poll answer, after checking its head's {@code from}. */
    private static List<String> frames(Http.Response r, long from) throws Exception {
        assertEquals(200, r.status(), r.body());
        String[] lines = r.body().split("\n");
        assertEquals("{\"from\":" + from + "}", lines[0]);
        return List.of(lines).subList(1, lines.length);
    }

    private static String type(String frame) throws Exception {
        return WsClient.JSON.readTree(frame).get("type").asText();
    }

    @Test
    void aRepeatedPostIsAppliedOnceAndARepeatedPollGetsTheSameFramesInOneAnswer() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            int port = server.port();
            String id = openPoll(port);
            // Two messages in one POST: the join and an op.
            String batch =
                    ProtocolTest.join("p", "session-aaaa") + "\n" + ProtocolTest.op("p", 0, 1, "[\"ab\"]") + "\n";
            assertEquals(
                    "{\"received\":2}",
                    Http.post(port, "/poll/" + id + "?from=0", batch).body());
            // The answer was lost: the same POST again, then one more message after it.
            String again = batch + ProtocolTest.op("p", 1, 2, "[2,\"c\"]") + "\n";
            assertEquals(
                    "{\"received\":3}",
                    Http.post(port, "/poll/" + id + "?from=0", again).body());
            // The POST answers once the messages are handed over, not once they are durable.
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            Http.get(port, "/api/docs/p").json().get("version").asInt() == 2);
            JsonNode doc = Http.get(port, "/api/docs/p").json();
            assertEquals("abc", doc.get("content").asText());
            assertEquals(2, doc.get("version").asInt());
            // Joined and both acks come in one answer; a poll that was lost is asked again and
            // gets the same frames, numbered from 1.
            List<String> first = frames(Http.get(port, "/poll/" + id + "?received=0"), 1);
            assertEquals(List.of("joined", "ack", "ack"), types(first));
            assertEquals(first, frames(Http.get(port, "/poll/" + id + "?received=0"), 1));
            // Confirming 1..2 leaves frame 3 only.
            assertEquals(first.subList(2, 3), frames(Http.get(port, "/poll/" + id + "?received=2"), 3));
            assertEquals(204, Http.delete(port, "/poll/" + id).status());
        }
    }

    private static List<String> types(List<String> frames) throws Exception {
        List<String> types = new ArrayList<>();
        for (String f : frames) {
            types.add(type(f));
        }
        return types;
    }

    @Test
    void badCountsAndUnknownIdsAreRefusedWithStableCodes() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            int port = server.port();
            String id = openPoll(port);
            Http.Response gap = Http.post(port, "/poll/" + id + "?from=1", ProtocolTest.join("p", "session-aaaa"));
            assertEquals(400, gap.status());
            assertEquals(
                    "{\"code\":\"malformed-message\",\"message\":\"from=1 but only 0 messages were received\"}",
                    gap.body());
            Http.Response ahead = Http.get(port, "/poll/" + id + "?received=5");
            assertEquals(400, ahead.status());
            assertEquals("malformed-message", ahead.json().get("code").asText());
            Http.Response missing = Http.get(port, "/poll/" + id + "?received=x");
            assertEquals(400, missing.status());
            assertEquals(
                    "{\"code\":\"malformed-message\",\"message\":\"received must be a count, found x\"}",
                    missing.body());
            Http.Response unknown = Http.get(port, "/poll/nope?received=0");
            assertEquals(404, unknown.status());
            assertEquals("{\"code\":\"not-found\",\"message\":\"no open connection nope\"}", unknown.body());
            assertEquals(405, Http.get(port, "/poll").status());
        }
    }

    @Test
    void aConnectionIsBoundToTheUserWhoOpenedIt() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--jwt-secret", Tokens.SECRET)) {
            int port = server.port();
            String ada = Tokens.of("ada", Map.of("*", "write"));
            String bob = Tokens.of("bob", Map.of("*", "write"));
            assertEquals(401, Http.post(port, "/poll", "").status());
            Http.Response opened = Http.withToken(port, "POST", "/poll", "", ada);
            assertEquals(200, opened.status(), opened.body());
            String id = opened.json().get("id").asText();
            Http.Response stolen = Http.withToken(port, "GET", "/poll/" + id + "?received=0", null, bob);
            assertEquals(403, stolen.status());
            assertEquals(
                    "{\"code\":\"forbidden\",\"message\":\"this connection belongs to another user\"}", stolen.body());
            Http.Response posted = Http.withToken(
                    port, "POST", "/poll/" + id + "?from=0", ProtocolTest.join("p", "session-aaaa"), ada);
            assertEquals("{\"received\":1}", posted.body());
            List<String> got = frames(Http.withToken(port, "GET", "/poll/" + id + "?received=0", null, ada), 1);
            assertEquals(List.of("joined"), types(got));
            assertTrue(got.get(0).contains("\"role\":\"write\""), got.get(0));
        }
    }
}
