package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Authentication off: everyone is admin, the server says so once at start, and there is nothing to share. */
class AuthOffTest {
    @TempDir
    Path dataDir;

    @Test
    void everyoneIsAdminTheStartWarnsAndShareLinksAreRefused() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("dev.quire.server.Security");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        try (QuireServer server = ServerFixture.start(dataDir)) {
            List<String> warnings = events.list.stream()
                    .filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
            assertEquals(
                    List.of("authentication is off: anyone who can reach this server can read, edit and delete every"
                            + " document (set --jwt-secret or --jwt-public-key)"),
                    warnings);
            int port = server.port();
            try (WsClient ws = WsClient.connect(port)) {
                ws.send(ProtocolTest.join("notes", "session-aaaa"));
                assertEquals("admin", ws.nextOfType("joined").get("role").asText());
            }
            Http.Response r = Http.post(port, "/api/docs/notes/share", "{\"role\":\"read\"}");
            assertEquals(409, r.status(), r.body());
            JsonNode body = r.json();
            assertEquals("forbidden", body.get("code").asText());
            assertEquals(
                    "authentication is off: every link already grants admin",
                    body.get("message").asText());
        } finally {
            log.detachAppender(events);
        }
    }
}
