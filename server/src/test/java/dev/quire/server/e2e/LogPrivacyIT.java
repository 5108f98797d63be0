package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.quire.server.Main;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's log (every logger at DEBUG) after a full session never contains document text:
 * joins, ops and presence carrying a marker, a REST submit, and errors whose messages carried the
 * marker back to the client. Nor does it contain a token or the signing secret, whether the
 * token was accepted, forged or expired, in a handshake, a REST call or an {@code auth} message.
 */
class LogPrivacyIT {
    private static final String MARKER = "QuireSecretMarker7f3a9c";

    @TempDir
    Path dataDir;

    @Test
    void theLogOfAFullSessionHoldsNoDocumentText() throws Exception {
        ServerProcess server =
                ServerProcess.start(dataDir, List.of(), Main.class.getName(), "--max-message-bytes", "4096");
        try (WsClient ws = WsClient.connect(server.port);
                WsClient peer = WsClient.connect(server.port)) {
            peer.send(ProtocolTest.join("private", "session-peer"));
            peer.nextOfType("joined");
            ws.send("{\"type\":\"join\",\"doc\":\"private\",\"session\":\"session-marker\",\"user\":{\"name\":\""
                    + MARKER + "\"}}");
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("private", 0, 1, "[\"" + MARKER + "\"]"));
            ws.nextOfType("ack");
            assertTrue(peer.nextOfType("op").toString().contains(MARKER));
            ws.send(
                    "{\"type\":\"presence\",\"doc\":\"private\",\"version\":1,\"selection\":[{\"anchor\":2,\"head\":5}]}");
            peer.nextOfType("presence");
            Http.Response rest = Http.post(
                    server.port,
                    "/api/docs/private/ops",
                    "{\"version\":1,\"op\":[\"" + MARKER + "\"," + MARKER.length() + "],\"author\":\"" + MARKER
                            + "\"}");
            assertEquals(200, rest.status());
            // Mistakes carrying the marker: each answered with an error, none logged with its text.
            String[] bad = {
                ProtocolTest.op("private", 2, 2, "[999,\"" + MARKER + "\"]"),
                ProtocolTest.op("private", 2, 2, "[\"" + MARKER + "\\ud800\"]"),
                "{\"type\":\"" + MARKER + "\",\"doc\":\"private\"}",
                "{\"type\":\"join\",\"doc\":\"" + MARKER + " x\",\"session\":\"session-marker\"}",
                "{\"type\":\"op\",\"doc\":\"private\",\"op\":[\"" + MARKER,
                ProtocolTest.op("private", 99, 2, "[\"" + MARKER + "\"]"),
            };
            for (String frame : bad) {
                ws.send(frame);
                assertEquals("error", ws.nextOfType("error").get("type").asText());
            }
            assertEquals(
                    400,
                    Http.post(server.port, "/api/docs/private/ops", "{\"op\":\"" + MARKER)
                            .status());
            assertEquals(
                    400,
                    Http.post(server.port, "/api/docs/private/ops", "{\"version\":2,\"op\":[3,\"" + MARKER + "\"]}")
                            .status());
            assertTrue(Http.get(server.port, "/api/docs/private").body().contains(MARKER));
        }
        try (WsClient big = WsClient.connect(server.port)) {
            big.send("{\"type\":\"op\",\"doc\":\"private\",\"op\":[\"" + MARKER.repeat(300) + "\"]}");
            assertEquals(
                    "message-too-large", big.nextOfType("error").get("code").asText());
        }
        String log = server.stop();
        assertTrue(log.contains("data in"), log);
        assertTrue(log.contains("refused op: code=message-too-large doc=private seq=-"), log);
        assertFalse(log.contains(MARKER), log);
        assertFalse(log.contains("QuireSecret"), log);
    }

    @Test
    void theJsonLogIsOneObjectPerLineWithCorrelationIdsAndNoText() throws Exception {
        ServerProcess server = ServerProcess.start(
                dataDir, List.of(), Main.class.getName(), "--log-format", "json", "--jwt-secret", Tokens.SECRET);
        String token = Tokens.of(MARKER, Map.of("*", "admin"));
        try (WsClient ws = WsClient.connect(server.port, Map.of("Authorization", "Bearer " + token))) {
            ws.send("{\"type\":\"join\",\"doc\":\"private\",\"session\":\"session-json\",\"user\":{\"name\":\"" + MARKER
                    + "\"}}");
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("private", 0, 1, "[\"" + MARKER + "\"]"));
            ws.nextOfType("ack");
            ws.send(ProtocolTest.op("private", 9, 2, "[\"" + MARKER + "\"]"));
            ws.nextOfType("error");
        }
        assertEquals(
                200,
                Http.withToken(server.port, "GET", "/api/docs/private", null, token)
                        .status());
        assertEquals(
                401,
                Http.withToken(server.port, "GET", "/metrics", null, MARKER).status());
        String log = server.stop();
        assertFalse(log.contains(MARKER), log);
        assertFalse(log.contains(token.substring(token.lastIndexOf('.') + 1)), log);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            JsonNode event = WsClient.JSON.readTree(line); // every line is one JSON object
            assertTrue(event.isObject(), line);
            for (String field : List.of("timestamp", "level", "threadName", "loggerName", "formattedMessage")) {
                assertTrue(event.has(field), field + " in " + line);
            }
            lines.add(event);
        }
        assertTrue(
                lines.stream().anyMatch(e -> e.get("formattedMessage").asText().startsWith("data in")), log);
        // A connection's lines carry its id, a request's lines the request's.
        List<String> opened = lines.stream()
                .filter(e -> e.get("formattedMessage").asText().equals("connection opened"))
                .map(e -> e.get("mdc").get("cid").asText())
                .toList();
        assertEquals(1, opened.size(), log);
        assertTrue(opened.get(0).matches("ws-[0-9a-f]{12}"), opened.get(0));
        assertTrue(
                lines.stream()
                        .anyMatch(e -> e.get("formattedMessage").asText().equals("connection closed with 1000")
                                && e.get("mdc").get("cid").asText().equals(opened.get(0))),
                log);
        assertTrue(
                lines.stream()
                        .anyMatch(e -> e.get("formattedMessage").asText().equals("GET /api/docs/private")
                                && e.get("mdc").get("cid").asText().matches("http-[0-9a-f]{12}")),
                log);
    }

    @Test
    void theLogHoldsNoTokenAndNoSecret() throws Exception {
        ServerProcess server = ServerProcess.start(
                dataDir, List.of(), Main.class.getName(), "--jwt-secret", Tokens.SECRET, "--auth-recheck", "1s");
        String good = Tokens.of("ada", Map.of("*", "admin"));
        String forged = Tokens.sign(
                Tokens.claims("eve", Map.of("*", "admin"), Instant.now().plusSeconds(600))
                        .build(),
                Tokens.secretSigner("another-secret-of-at-least-32-bytes-abcdefgh"),
                JWSAlgorithm.HS256);
        String expired = Tokens.sign(
                Tokens.claims("ada", Map.of("*", "admin"), Instant.now().minusSeconds(600))
                        .build());
        try (WsClient ws = WsClient.connect(server.port, Map.of("Authorization", "Bearer " + good))) {
            ws.send(ProtocolTest.join("private", "session-token"));
            ws.nextOfType("joined");
            ws.send("{\"type\":\"auth\",\"token\":\"" + forged + "\"}");
            assertEquals("unauthorized", ws.nextOfType("error").get("code").asText());
            assertEquals(4401, ws.awaitClose());
        }
        for (String bad : List.of(forged, expired)) {
            assertEquals(
                    401,
                    Http.withToken(server.port, "GET", "/api/docs", null, bad).status());
            assertThrows(
                    Exception.class, () -> WsClient.connect(server.port, Map.of("Authorization", "Bearer " + bad)));
        }
        assertEquals(
                200, Http.withToken(server.port, "GET", "/api/docs", null, good).status());
        String log = server.stop();
        assertTrue(log.contains("data in"), log);
        for (String secret : List.of(good, forged, expired, Tokens.SECRET)) {
            // A JWT's signature alone is enough to recognise it.
            assertFalse(log.contains(secret.substring(secret.lastIndexOf('.') + 1)), log);
        }
        assertFalse(log.contains(Tokens.SECRET), log);
    }
}
