package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.quire.server.QuireServer;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication and authorization with an HS256 secret: one test per rule of docs/protocol.md. */
class AuthTest {
    static final String ADMIN = Tokens.of("root", Map.of("*", "admin"));

    @TempDir
    Path dataDir;

    QuireServer server;
    int port;

    void start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--jwt-secret", Tokens.SECRET, "--auth-recheck", "100ms"));
        args.addAll(List.of(extra));
        server = ServerFixture.start(dataDir, args.toArray(String[]::new));
        port = server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static UnaryOperator<WebSocket.Builder> bearer(String token) {
        return b -> b.header("Authorization", "Bearer " + token);
    }

    WsClient connect(String token) throws Exception {
        return WsClient.connect(port, bearer(token));
    }

    /** The HTTP status of a refused WebSocket handshake. */
    int refusedHandshake(UnaryOperator<WebSocket.Builder> handshake) {
        Exception e = assertThrows(
                Exception.class, () -> WsClient.connect(port, handshake).close());
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        assertTrue(cause instanceof WebSocketHandshakeException, String.valueOf(cause));
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }

    JsonNode listIds(String token) throws Exception {
        Http.Response r = Http.withToken(port, "GET", "/api/docs", null, token);
        assertEquals(200, r.status(), r.body());
        return r.json().get("docs");
    }

    Http.Response post(String doc, int version, String op, String token) throws Exception {
        return Http.withToken(
                port, "POST", "/api/docs/" + doc + "/ops", "{\"version\":" + version + ",\"op\":" + op + "}", token);
    }

    /** 401 before the upgrade and on REST, and nothing was created. */
    void assertRefused(String token) throws Exception {
        assertEquals(401, refusedHandshake(bearer(token)));
        assertEquals(401, refusedHandshake(b -> b.subprotocols("quire.v1", "quire.bearer." + token)));
        Http.Response r = Http.withToken(port, "GET", "/api/docs/notes", null, token);
        assertEquals(401, r.status());
        assertEquals("unauthorized", r.json().get("code").asText());
        assertFalse(r.body().contains(token), r.body());
        assertEquals(401, post("notes", 0, "[\"x\"]", token).status());
        assertEquals(0, listIds(ADMIN).size());
    }

    @Test
    void aMissingTokenIsRefusedBeforeTheUpgrade() throws Exception {
        start();
        assertEquals(401, refusedHandshake(UnaryOperator.identity()));
        Http.Response r = Http.get(port, "/api/docs");
        assertEquals(401, r.status());
        assertEquals("unauthorized", r.json().get("code").asText());
        assertEquals(401, Http.get(port, "/api/docs/notes/ops").status());
        assertEquals(
                401,
                Http.post(port, "/api/docs/notes/ops", "{\"version\":0,\"op\":[\"x\"]}")
                        .status());
        assertEquals(
                401,
                Http.post(port, "/api/docs/notes/share", "{\"role\":\"read\"}").status());
        assertEquals(401, Http.delete(port, "/api/docs/notes").status());
        assertEquals(200, Http.get(port, "/health").status());
        assertEquals(0, listIds(ADMIN).size());
    }

    @Test
    void aForgedTokenIsRefused() throws Exception {
        start();
        JWTClaimsSet claims = Tokens.claims(
                        "eve", Map.of("*", "admin"), Instant.now().plusSeconds(3600))
                .build();
        assertRefused(Tokens.sign(
                claims,
                Tokens.secretSigner("another-secret-of-at-least-32-bytes-xxxxx"),
                com.nimbusds.jose.JWSAlgorithm.HS256));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        start();
        // Expired beyond the 30 s clock skew.
        assertRefused(Tokens.sign(
                Tokens.claims("ada", Map.of("*", "admin"), Instant.now().minusSeconds(120))
                        .build()));
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        start();
        assertRefused(Tokens.unsigned(
                Tokens.claims("eve", Map.of("*", "admin"), Instant.now().plusSeconds(3600))
                        .build()));
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        start();
        assertRefused(Tokens.sign(new JWTClaimsSet.Builder()
                .subject("ada")
                .claim("docs", Map.of("*", "admin"))
                .build()));
    }

    @Test
    void theSubprotocolFormIsAcceptedAndQuireV1Selected() throws Exception {
        start();
        String token = Tokens.of("ada", Map.of("notes", "write"));
        try (WsClient ws = WsClient.connect(port, b -> b.subprotocols("quire.v1", "quire.bearer." + token))) {
            assertEquals("quire.v1", ws.subprotocol());
            ws.send(ProtocolTest.join("notes", "session-aaaa"));
            JsonNode joined = ws.nextOfType("joined");
            assertEquals("write", joined.get("role").asText());
        }
    }

    @Test
    void restNeedsReadToGetWriteToPostAndAdminToDelete() throws Exception {
        start();
        assertEquals(200, post("notes", 0, "[\"hello\"]", ADMIN).status());
        String reader = Tokens.of("rita", Map.of("notes", "read"));
        String writer = Tokens.of("walt", Map.of("notes", "write"));
        String stranger = Tokens.of("sam", Map.of("other", "admin"));
        assertEquals(
                403,
                Http.withToken(port, "GET", "/api/docs/notes", null, stranger).status());
        assertEquals(
                403,
                Http.withToken(port, "GET", "/api/docs/notes/ops", null, stranger)
                        .status());
        assertEquals(
                200,
                Http.withToken(port, "GET", "/api/docs/notes", null, reader).status());
        Http.Response denied = post("notes", 1, "[5,\"!\"]", reader);
        assertEquals(403, denied.status());
        assertEquals("forbidden", denied.json().get("code").asText());
        assertEquals(
                403,
                Http.withToken(port, "DELETE", "/api/docs/notes", null, writer).status());
        assertEquals(200, post("notes", 1, "[5,\"!\"]", writer).status());
        assertEquals(
                "hello!",
                Http.withToken(port, "GET", "/api/docs/notes", null, reader)
                        .json()
                        .get("content")
                        .asText());
        assertEquals(
                204,
                Http.withToken(port, "DELETE", "/api/docs/notes", null, ADMIN).status());
    }

    @Test
    void anOpWithoutWriteIsForbiddenAndNeitherAppliedNorBroadcast() throws Exception {
        start();
        try (WsClient reader = connect(Tokens.of("rita", Map.of("notes", "read")));
                WsClient writer = connect(Tokens.of("walt", Map.of("notes", "write")))) {
            writer.send(ProtocolTest.join("notes", "session-wwww"));
            writer.nextOfType("joined");
            reader.send(ProtocolTest.join("secret", "session-rrrr"));
            JsonNode refused = reader.nextOfType("error");
            assertEquals("forbidden", refused.get("code").asText());
            assertEquals("secret", refused.get("doc").asText());
            reader.send(ProtocolTest.join("notes", "session-rrrr"));
            assertEquals("read", reader.nextOfType("joined").get("role").asText());
            reader.send(ProtocolTest.op("notes", 0, 1, "[\"x\"]"));
            JsonNode error = reader.nextOfType("error");
            assertEquals("forbidden", error.get("code").asText());
            assertEquals("notes", error.get("doc").asText());
            assertEquals(1, error.get("seq").asInt());
            // Presence needs only read: it reaches the writer, the op never did.
            reader.send("{\"type\":\"presence\",\"doc\":\"notes\",\"version\":0,\"selection\":[]}");
            JsonNode next = writer.next(m -> !m.path("type").asText().equals("joined"));
            assertEquals("presence", next.get("type").asText(), next.toString());
        }
        // A join stores nothing, and the forbidden op was not applied: the document does not exist.
        assertEquals(
                404, Http.withToken(port, "GET", "/api/docs/notes", null, ADMIN).status());
        listIds(ADMIN).forEach(d -> assertFalse(d.get("id").asText().equals("secret"), d.toString()));
    }

    @Test
    void aJoinIsAnnouncedWithTheTokensNameAndARenameCannotChangeIt() throws Exception {
        start();
        try (WsClient ada = connect(Tokens.of("ada", Map.of("notes", "write")));
                WsClient bob = connect(Tokens.of("bob", Map.of("notes", "write")))) {
            ada.send(ProtocolTest.join("notes", "session-aaaa"));
            ada.nextOfType("joined");
            bob.send(ProtocolTest.join("notes", "session-bbbb"));
            String bobId = bob.nextOfType("joined").get("clientId").asText();

            JsonNode arrived = ada.nextOfType("presence");
            assertEquals(bobId, arrived.get("clientId").asText());
            assertEquals("bob", arrived.get("user").get("name").asText());
            assertEquals("[]", arrived.get("selection").toString());
            bob.send("{\"type\":\"presence\",\"doc\":\"notes\",\"version\":0,\"selection\":[],"
                    + "\"user\":{\"name\":\"Mallory\"}}");
            assertEquals(
                    "bob", ada.nextOfType("presence").get("user").get("name").asText());
        }
    }

    @Test
    void theListShowsOnlyReadableDocumentsAndPagesStillReachTheEnd() throws Exception {
        start();
        for (String id : List.of("team-1", "private", "team-2", "other")) {
            assertEquals(200, post(id, 0, "[\"x\"]", ADMIN).status());
        }
        String token = Tokens.of("tina", Map.of("team-*", "read"));
        List<String> seen = new ArrayList<>();
        String after = "";
        for (int page = 0; page < 10; page++) {
            JsonNode body = Http.withToken(port, "GET", "/api/docs?limit=1" + after, null, token)
                    .json();
            body.get("docs").forEach(d -> seen.add(d.get("id").asText()));
            if (body.get("next").isNull()) {
                break;
            }
            after = "&after=" + body.get("next").asText();
        }
        assertEquals(List.of("team-1", "team-2"), seen.stream().sorted().toList());
        assertEquals(4, listIds(ADMIN).size());
    }

    @Test
    void theJoinedMessageCarriesTheRole() throws Exception {
        start();
        String token = Tokens.of("ada", Map.of("*", "read", "notes", "admin"));
        try (WsClient ws = connect(token)) {
            ws.send(ProtocolTest.join("notes", "session-aaaa"));
            assertEquals("admin", ws.nextOfType("joined").get("role").asText());
            ws.send(ProtocolTest.join("other", "session-aaaa"));
            assertEquals("read", ws.nextOfType("joined").get("role").asText());
        }
    }

    @Test
    void theDisplayNameComesFromTheToken() throws Exception {
        start();
        String grace = Tokens.sign(
                Tokens.claims("u-42", Map.of("notes", "write"), Instant.now().plusSeconds(3600))
                        .claim("name", "Grace")
                        .build());
        String nameless = Tokens.of("u-43", Map.of("notes", "write"));
        try (WsClient a = connect(grace);
                WsClient b = connect(nameless)) {
            a.send(ProtocolTest.join("notes", "session-aaaa")); // asks to be "Ada"
            a.nextOfType("joined");
            b.send(ProtocolTest.join("notes", "session-bbbb"));
            JsonNode joined = b.nextOfType("joined");
            assertEquals(
                    "Grace", joined.get("peers").get(0).get("user").get("name").asText());
            a.send(ProtocolTest.op("notes", 0, 1, "[\"x\"]"));
            a.nextOfType("ack");
            b.send(ProtocolTest.op("notes", 1, 1, "[1,\"y\"]"));
            b.nextOfType("ack");
        }
        JsonNode ops = Http.withToken(port, "GET", "/api/docs/notes/ops", null, ADMIN)
                .json()
                .get("ops");
        assertEquals("Grace", ops.get(0).get("author").asText());
        assertEquals("u-43", ops.get(1).get("author").asText());
    }

    @Test
    void anotherUsersSessionIsRefusedAndTheVictimsOpIsAppliedOnce() throws Exception {
        start();
        try (WsClient alice = connect(Tokens.of("alice", Map.of("notes", "write")));
                WsClient mallory = connect(Tokens.of("mallory", Map.of("notes", "write")))) {
            alice.send(ProtocolTest.join("notes", "session-alice"));
            alice.nextOfType("joined");
            alice.send(ProtocolTest.op("notes", 0, 1, "[\"a\"]"));
            assertEquals(1, alice.nextOfType("ack").get("version").asInt());
            mallory.send(ProtocolTest.join("notes", "session-alice"));
            JsonNode refused = mallory.nextOfType("error");
            assertEquals("forbidden", refused.get("code").asText());
            // Had mallory been joined, this would be "alice's" seq 2 and alice's own op would be dropped.
            mallory.send(ProtocolTest.op("notes", 1, 2, "[1,\"m\"]"));
            assertEquals("not-joined", mallory.nextOfType("error").get("code").asText());
            alice.send(ProtocolTest.op("notes", 1, 2, "[1,\"b\"]"));
            assertEquals(2, alice.nextOfType("ack").get("version").asInt());
        }
        JsonNode doc =
                Http.withToken(port, "GET", "/api/docs/notes", null, ADMIN).json();
        assertEquals("ab", doc.get("content").asText());
        assertEquals(2, doc.get("version").asInt());
    }

    @Test
    void theOpLogShowsSessionsOnlyToAdmins() throws Exception {
        start();
        try (WsClient ws = connect(Tokens.of("ada", Map.of("notes", "write")))) {
            ws.send(ProtocolTest.join("notes", "session-aaaa"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("notes", 0, 1, "[\"x\"]"));
            ws.nextOfType("ack");
        }
        JsonNode forReader = Http.withToken(
                        port, "GET", "/api/docs/notes/ops", null, Tokens.of("rita", Map.of("notes", "read")))
                .json()
                .get("ops")
                .get(0);
        assertFalse(forReader.has("session"), forReader.toString());
        assertFalse(forReader.has("seq"), forReader.toString());
        JsonNode forAdmin = Http.withToken(port, "GET", "/api/docs/notes/ops", null, ADMIN)
                .json()
                .get("ops")
                .get(0);
        assertEquals("session-aaaa", forAdmin.get("session").asText());
        assertEquals(1, forAdmin.get("seq").asInt());
    }

    @Test
    void aFreshTokenAppliesAtOnceAndLosingReadLeavesTheDocument() throws Exception {
        start();
        try (WsClient ws = connect(Tokens.of("ada", Map.of("notes", "read", "plans", "read")))) {
            ws.send(ProtocolTest.join("notes", "session-aaaa"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.join("plans", "session-aaaa"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("notes", 0, 1, "[\"x\"]"));
            assertEquals("forbidden", ws.nextOfType("error").get("code").asText());
            ws.send(auth(Tokens.of("ada", Map.of("notes", "write"))));
            ws.send(ProtocolTest.op("notes", 0, 1, "[\"x\"]"));
            JsonNode next = ws.next();
            // Lost read on plans: removed from it, then the op is acked.
            assertEquals("forbidden", next.get("code").asText(), next.toString());
            assertEquals("plans", next.get("doc").asText());
            assertEquals(1, ws.nextOfType("ack").get("version").asInt());
            ws.send("{\"type\":\"presence\",\"doc\":\"plans\",\"version\":0,\"selection\":[]}");
            assertEquals("not-joined", ws.nextOfType("error").get("code").asText());
        }
    }

    @Test
    void anAuthMessageForAnotherUserOrWithABadTokenCloses4401() throws Exception {
        start();
        try (WsClient ws = connect(Tokens.of("ada", Map.of("notes", "write")))) {
            ws.send(auth(Tokens.of("eve", Map.of("*", "admin"))));
            assertEquals("forbidden", ws.nextOfType("error").get("code").asText());
            assertEquals(4401, ws.awaitClose());
        }
        try (WsClient ws = connect(Tokens.of("ada", Map.of("notes", "write")))) {
            ws.send(auth("not-a-token"));
            assertEquals("unauthorized", ws.nextOfType("error").get("code").asText());
            assertEquals(4401, ws.awaitClose());
        }
    }

    @Test
    void aTokenThatExpiresOnAnOpenSocketCloses4401() throws Exception {
        start();
        String shortLived = Tokens.sign(
                Tokens.claims("ada", Map.of("notes", "write"), Instant.now().plusSeconds(5))
                        .build());
        try (WsClient ws = connect(shortLived)) {
            ws.send(ProtocolTest.join("notes", "session-aaaa"));
            ws.nextOfType("joined");
            await().atMost(Duration.ofSeconds(60)).until(ws.closeCode::isDone);
            assertEquals(4401, ws.awaitClose());
            assertEquals("unauthorized", ws.nextOfType("error").get("code").asText());
        }
    }

    @Test
    void shareLinksGrantReadOrWriteOnOneDocumentUntilTheyExpire() throws Exception {
        start();
        assertEquals(200, post("notes", 0, "[\"hello\"]", ADMIN).status());
        Http.Response denied = Http.withToken(
                port, "POST", "/api/docs/notes/share", "{\"role\":\"read\"}", Tokens.of("w", Map.of("*", "write")));
        assertEquals(403, denied.status());
        JsonNode read = share("{\"role\":\"read\",\"expiresIn\":\"1h\"}");
        assertEquals("read", read.get("role").asText());
        String token = read.get("token").asText();
        assertTrue(read.get("url").asText().endsWith("/d/notes#token=" + token), read.toString());
        assertTrue(Instant.parse(read.get("expires").asText()).isAfter(Instant.now()));
        assertEquals(
                200, Http.withToken(port, "GET", "/api/docs/notes", null, token).status());
        assertEquals(
                403, Http.withToken(port, "GET", "/api/docs/other", null, token).status());
        assertEquals(403, post("notes", 1, "[5,\"!\"]", token).status());
        try (WsClient ws = connect(token)) {
            ws.send(ProtocolTest.join("notes", "session-gggg"));
            assertEquals("read", ws.nextOfType("joined").get("role").asText());
        }
        String write = share("{\"role\":\"write\"}").get("token").asText();
        assertEquals(200, post("notes", 1, "[5,\"!\"]", write).status());
        assertEquals(
                400,
                Http.withToken(port, "POST", "/api/docs/notes/share", "{\"role\":\"admin\"}", ADMIN)
                        .status());
        assertEquals(
                400,
                Http.withToken(
                                port,
                                "POST",
                                "/api/docs/notes/share",
                                "{\"role\":\"read\",\"expiresIn\":\"721h\"}",
                                ADMIN)
                        .status());
        String brief =
                share("{\"role\":\"read\",\"expiresIn\":\"1s\"}").get("token").asText();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Http.withToken(port, "GET", "/api/docs/notes", null, brief)
                                .status()
                        == 401);
    }

    JsonNode share(String body) throws Exception {
        Http.Response r = Http.withToken(port, "POST", "/api/docs/notes/share", body, ADMIN);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void theServersShareKeyIsPrivateToItsOwner() throws Exception {
        start();
        Path key = dataDir.resolve("share.key");
        assertEquals(32, java.nio.file.Files.size(key));
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(key)));
    }

    @Test
    void aUserAtItsConnectionCapIsRefused429() throws Exception {
        start("--max-connections-per-user", "2");
        String token = Tokens.of("ada", Map.of("*", "read"));
        // Each joins: the server counts a user's socket when it opens it, after the client has its 101.
        WsClient first = joined(token, "session-ada1");
        try (WsClient second = joined(token, "session-ada2")) {
            assertEquals(429, refusedHandshake(bearer(token)));
            joined(Tokens.of("bob", Map.of("*", "read")), "session-bob1").close();
            first.close();
            // Closing one frees its place (the user's count goes down just after the connection leaves).
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                joined(token, "session-ada3").close();
                return true;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 1);
        }
    }

    /** A socket of {@code token}'s user that has joined "notes". */
    WsClient joined(String token, String sessionId) throws Exception {
        WsClient ws = connect(token);
        ws.send(ProtocolTest.join("notes", sessionId));
        ws.nextOfType("joined");
        return ws;
    }

    static String auth(String token) {
        return "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
    }
}
