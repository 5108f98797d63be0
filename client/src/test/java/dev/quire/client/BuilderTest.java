package dev.quire.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuilderTest {
    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertEquals(
                "uri: expected a ws:// or wss:// URI, found none (call uri(...))",
                assertThrows(NullPointerException.class, () -> QuireClient.builder()
                                .build())
                        .getMessage());
        assertEquals(
                "uri: expected a ws:// or wss:// URI, found http://localhost:8080/ws",
                refused(QuireClient.builder().uri("http://localhost:8080/ws")));
        assertEquals(
                "token: expected a JSON Web Token, found a blank string",
                refused(QuireClient.builder().uri("ws://h/ws").token(" ")));
        assertEquals(
                "peerTimeout: expected a duration above zero, found PT0S",
                refused(QuireClient.builder().uri("ws://h/ws").peerTimeout(Duration.ZERO)));
        assertEquals(
                "reconnectDelay: expected max >= min, found min PT2S > max PT1S",
                refused(QuireClient.builder()
                        .uri("ws://h/ws")
                        .reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1))));
    }

    @Test
    void badDocumentIdsAreRefusedBeforeAnythingIsSent() {
        try (QuireClient quire =
                QuireClient.builder().uri("ws://127.0.0.1:9/ws").build()) {
            for (String bad : new String[] {"", "a b", "__proto__", "x".repeat(129)}) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> quire.join(bad, new DocumentListener() {}));
                assertEquals("docId: expected 1-128 characters of [A-Za-z0-9._-], found " + bad, e.getMessage());
            }
        }
    }

    private static String refused(QuireClient.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }
}
