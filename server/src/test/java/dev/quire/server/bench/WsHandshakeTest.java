package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsHandshakeTest {
    /** The example of RFC 6455 section 1.3. */
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    @Test
    void acceptIsTheRfcExample() {
        assertEquals(ACCEPT, WsHandshake.accept(KEY));
    }

    @Test
    void keyIsTheBase64OfSixteenBytes() {
        assertEquals(KEY, WsHandshake.key("the sample nonce".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(
                "key: expected 16 bytes, found 15",
                assertThrows(IllegalArgumentException.class, () -> WsHandshake.key(new byte[15]))
                        .getMessage());
    }

    @Test
    void requestNamesHostPathAndKey() {
        assertEquals(
                "GET /ws?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n",
                new String(
                        WsHandshake.request(URI.create("ws://127.0.0.1:8080/ws?x=1"), KEY), StandardCharsets.US_ASCII));
        assertEquals(
                "GET / HTTP/1.1\r\nHost: example.org\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n",
                new String(WsHandshake.request(URI.create("ws://example.org"), KEY), StandardCharsets.US_ASCII));
    }

    @Test
    void aTargetWithABearerTokenPresentsItAsAuthorization() {
        assertEquals(
                "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                        + "Authorization: Bearer a.b.c\r\n\r\n",
                new String(
                        new WsHandshake.Target(URI.create("ws://127.0.0.1:8080/ws"), java.util.Optional.of("a.b.c"))
                                .request(KEY),
                        StandardCharsets.US_ASCII));
    }

    @Test
    void aGoodResponseIsAccepted() throws IOException {
        WsHandshake.check(
                "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade"
                        + "\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\nDate: today",
                KEY);
    }

    @Test
    void aBadResponseSaysWhatIsWrong() {
        assertRejected(
                "expected HTTP/1.1 101, found \"HTTP/1.1 404 Not Found\"",
                "HTTP/1.1 404 Not Found\r\n" + "Content-Length: 0");
        assertRejected(
                "expected Sec-WebSocket-Accept: " + ACCEPT + ", found AAAA",
                "HTTP/1.1 101 OK\r\n" + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAA");
        assertRejected(
                "expected Sec-WebSocket-Accept: " + ACCEPT + ", found null",
                "HTTP/1.1 101 OK\r\n" + "Upgrade: websocket\r\nConnection: Upgrade");
        assertRejected(
                "expected Upgrade: websocket, found h2c",
                "HTTP/1.1 101 OK\r\nUpgrade: h2c\r\n" + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT);
        assertRejected(
                "expected Connection: Upgrade, found close",
                "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n" + "Connection: close\r\nSec-WebSocket-Accept: " + ACCEPT);
        assertRejected(
                "unrequested Sec-WebSocket-Extensions: permessage-deflate",
                "HTTP/1.1 101 OK\r\n" + "Sec-WebSocket-Extensions: permessage-deflate");
        assertRejected("malformed header line \"nonsense\"", "HTTP/1.1 101 OK\r\nnonsense");
    }

    private static void assertRejected(String message, String head) {
        assertEquals(
                message,
                assertThrows(IOException.class, () -> WsHandshake.check(head, KEY))
                        .getMessage());
    }
}
