package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REST op submissions obey the op rate of one connection, per caller (the token's user with
 * authentication on, else the client's address): over it, 429 {@code rate-limited} with
 * {@code retryAfterMs} and {@code Retry-After}, and nothing applied.
 */
class RestOpRateTest {
    @TempDir
    Path dataDir;

    private static String op(int version, String text) {
        return "{\"version\":" + version + ",\"op\":[" + (version == 0 ? "" : version + ",") + "\"" + text + "\"]}";
    }

    @Test
    void aCallerOverTheRateIsRefused429AndNothingIsApplied() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--op-rate", "1", "--op-burst", "3")) {
            int port = server.port();
            for (int v = 0; v < 3; v++) {
                Http.Response r = Http.post(port, "/api/docs/rated/ops", op(v, "x"));
                assertEquals(200, r.status(), r.body());
                assertEquals(v + 1, r.json().get("version").asInt());
            }
            Http.Response refused = Http.post(port, "/api/docs/rated/ops", op(3, "y"));
            assertEquals(429, refused.status(), refused.body());
            JsonNode body = refused.json();
            assertEquals("rate-limited", body.get("code").asText());
            long retry = body.get("retryAfterMs").asLong();
            assertTrue(retry >= 1 && retry <= 1000, refused.body());
            assertEquals(
                    "over the op rate of this caller; resend this op after " + retry + " ms",
                    body.get("message").asText());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
            JsonNode doc = Http.get(port, "/api/docs/rated").json();
            assertEquals(3, doc.get("version").asInt());
            assertEquals("xxx", doc.get("content").asText());
            // Reads are not ops: they are never rate-limited.
            assertEquals(200, Http.get(port, "/api/docs/rated").status());
        }
    }

    @Test
    void withAuthenticationEachUserHasItsOwnRate() throws Exception {
        try (QuireServer server =
                ServerFixture.start(dataDir, "--jwt-secret", Tokens.SECRET, "--op-rate", "1", "--op-burst", "2")) {
            int port = server.port();
            String ada = Tokens.of("ada", Map.of("*", "write"));
            String bob = Tokens.of("bob", Map.of("*", "write"));
            assertEquals(
                    200,
                    Http.withToken(port, "POST", "/api/docs/two/ops", op(0, "a"), ada)
                            .status());
            assertEquals(
                    200,
                    Http.withToken(port, "POST", "/api/docs/two/ops", op(1, "a"), ada)
                            .status());
            Http.Response refused = Http.withToken(port, "POST", "/api/docs/two/ops", op(2, "a"), ada);
            assertEquals(429, refused.status(), refused.body());
            assertEquals("rate-limited", refused.json().get("code").asText());
            Http.Response other = Http.withToken(port, "POST", "/api/docs/two/ops", op(2, "b"), bob);
            assertEquals(200, other.status(), other.body());
            JsonNode doc =
                    Http.withToken(port, "GET", "/api/docs/two", null, bob).json();
            assertEquals(3, doc.get("version").asInt());
            assertEquals("aab", doc.get("content").asText());
        }
    }
}
