package dev.quire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a server with authentication on (--jwt-secret). */
class AuthTest {
    @TempDir
    Path dataDir;

    @Test
    void aGoodTokenJoinsAndEditsAndABadOneIsRefusedClearly() throws Exception {
        try (TestServer server = TestServer.start(dataDir, "--jwt-secret", Tokens.SECRET)) {
            String token = Tokens.of("u-1", Map.of("team-*", "write"));
            try (QuireClient quire =
                    QuireClient.builder().uri(server.ws()).token(token).build()) {
                DocumentHandle doc =
                        quire.join("team-notes", new DocumentListener() {}).get(10, TimeUnit.SECONDS);
                Appends.line(doc, "signed").get(10, TimeUnit.SECONDS);
                assertEquals(
                        "signed\n",
                        TestServer.document(server.port(), "team-notes", token).content());

                // Not granted by the token: the join is refused, the connection stays usable.
                QuireException forbidden = cause(quire.join("private", new DocumentListener() {}));
                assertEquals("forbidden", forbidden.code());

                // A refreshed token for the same user keeps the socket.
                quire.updateToken(Tokens.of("u-1", Map.of("team-*", "write")));
                Appends.line(doc, "refreshed").get(10, TimeUnit.SECONDS);
                assertEquals(
                        "signed\nrefreshed\n",
                        TestServer.document(server.port(), "team-notes", token).content());
            }

            String forged = Tokens.of("another-secret-of-at-least-32-bytes-000000", "u-1", Map.of("*", "admin"));
            try (QuireClient quire =
                    QuireClient.builder().uri(server.ws()).token(forged).build()) {
                QuireException refused = cause(quire.join("team-notes", new DocumentListener() {}));
                assertEquals("unauthorized", refused.code());
                assertEquals(
                        "unauthorized: the server refused the WebSocket handshake with HTTP 401", refused.getMessage());
            }

            try (QuireClient quire = QuireClient.builder().uri(server.ws()).build()) {
                assertEquals(
                        "unauthorized",
                        cause(quire.join("team-notes", new DocumentListener() {}))
                                .code());
            }

            String reader = Tokens.of("u-2", Map.of("team-notes", "read"));
            try (QuireClient quire =
                    QuireClient.builder().uri(server.ws()).token(reader).build()) {
                DocumentHandle doc =
                        quire.join("team-notes", new DocumentListener() {}).get(10, TimeUnit.SECONDS);
                assertEquals("signed\nrefreshed\n", doc.text());
                QuireException refused = cause(Appends.line(doc, "not allowed"));
                assertEquals("forbidden", refused.code());
                assertEquals("signed\nrefreshed\nnot allowed\n", refused.unsent());
                // The resync rejoins with a fresh session and brings the server's text back.
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> doc.isJoined() && doc.text().equals("signed\nrefreshed\n"));
            }
            assertEquals(
                    "signed\nrefreshed\n",
                    TestServer.document(server.port(), "team-notes", token).content());
        }
    }

    private static QuireException cause(java.util.concurrent.CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        if (!(e.getCause() instanceof QuireException q)) {
            throw new AssertionError("expected a QuireException", e);
        }
        return q;
    }
}
