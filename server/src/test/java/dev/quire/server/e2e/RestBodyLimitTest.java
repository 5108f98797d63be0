package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.server.QuireServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A REST body over --max-message-bytes is 413 message-too-large (was 400), sized or chunked. */
class RestBodyLimitTest {
    @TempDir
    Path dataDir;

    private static String bigOpBody() {
        return "{\"version\":0,\"op\":[\"" + "x".repeat(4096) + "\"]}";
    }

    @Test
    void aBodyOverTheLimitIs413AndAppliesNothing() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir, "--max-message-bytes", "1024")) {
            int port = server.port();
            Http.Response sized = Http.post(port, "/api/docs/big/ops", bigOpBody());
            assertEquals(413, sized.status(), sized.body());
            assertEquals("message-too-large", sized.json().get("code").asText());
            // Chunked, so the server learns the size only while reading.
            byte[] body = bigOpBody().getBytes(StandardCharsets.UTF_8);
            // A fresh client: the server closed the connection of the refused request above.
            Http.Response chunked = Http.send(
                    HttpClient.newHttpClient(),
                    HttpRequest.newBuilder(Http.uri(port, "/api/docs/big/ops"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                            .build());
            assertEquals(413, chunked.status(), chunked.body());
            assertEquals("message-too-large", chunked.json().get("code").asText());
            assertEquals(404, Http.get(port, "/api/docs/big").status());
            assertEquals("[]", Http.get(port, "/api/docs").json().get("docs").toString());
        }
    }
}
