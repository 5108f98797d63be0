package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void parsesEveryOption() {
        BenchOptions o = BenchOptions.parse(List.of(
                "--url",
                "ws://127.0.0.1:9000/ws",
                "--editors",
                "50",
                "--docs",
                "5",
                "--rate-ms",
                "20",
                "--duration",
                "2m",
                "--warmup",
                "500ms",
                "--seed",
                "7",
                "--doc-prefix",
                "x",
                "--client",
                "jdk",
                "--transport",
                "http",
                "--in-flight",
                "8"));
        assertEquals(BenchOptions.Transport.HTTP, o.transport());
        assertEquals(8, o.inFlight());
        assertEquals(URI.create("ws://127.0.0.1:9000/ws"), o.url());
        assertEquals(URI.create("http://127.0.0.1:9000"), o.httpBase());
        assertEquals(50, o.editors());
        assertEquals(5, o.docs());
        assertEquals(20, o.rateMs());
        assertEquals(Duration.ofMinutes(2), o.duration());
        assertEquals(Duration.ofMillis(500), o.warmup());
        assertEquals(7, o.seed());
        assertEquals("x", o.docPrefix());
        assertEquals(BenchOptions.WsClient.JDK, o.client());
    }

    @Test
    void tokensComeFromOneFlagOrTheOther() {
        BenchOptions token = BenchOptions.parse(List.of("--token", "abc.def.ghi"));
        assertEquals(java.util.Optional.of("abc.def.ghi"), token.credentials().editor(0));
        assertEquals(java.util.Optional.of("abc.def.ghi"), token.credentials().editor(7));
        assertEquals(java.util.Optional.of("abc.def.ghi"), token.credentials().reader());
        assertEquals(
                "--token and --jwt-secret: expected one of them, found both",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> BenchOptions.parse(
                                        List.of("--token", "t", "--jwt-secret", "0123456789abcdef0123456789abcdef")))
                        .getMessage());
        assertEquals(
                "--jwt-secret: expected at least 32 bytes, found 5",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--jwt-secret", "short"))
                                .credentials())
                        .getMessage());
    }

    @Test
    void closedLoopAndDefaults() {
        BenchOptions o = BenchOptions.parse(List.of("--closed-loop", "--duration", "3"));
        assertEquals(BenchEditor.Mode.CLOSED_LOOP, o.mode());
        assertEquals(Duration.ofSeconds(3), o.duration());
        assertEquals(10, o.editors());
        assertEquals(BenchOptions.DEFAULT_IN_FLIGHT, o.inFlight());
        assertEquals(
                "--in-flight: expected 1..32, found 33",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--in-flight", "33")))
                        .getMessage());
        assertEquals(Duration.ofSeconds(5), o.warmup());
        assertEquals(BenchOptions.WsClient.NIO, o.client());
        assertEquals(BenchOptions.Transport.WEBSOCKET, o.transport());
        assertEquals(
                "--transport: expected websocket or http, found \"sse\"",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--transport", "sse")))
                        .getMessage());
        assertEquals("nio", o.client().option());
    }

    @Test
    void badValuesNameTheOption() {
        assertEquals(
                "--editors: expected an integer, found \"ten\"",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--editors", "ten")))
                        .getMessage());
        assertEquals(
                "--docs: expected 1..2, found 3",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> BenchOptions.parse(List.of("--editors", "2", "--docs", "3")))
                        .getMessage());
        assertEquals(
                "--duration: expected a duration such as 500ms, 30s or 2m, found \"soon\"",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--duration", "soon")))
                        .getMessage());
        assertEquals(
                "--client: expected nio or jdk, found \"netty\"",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--client", "netty")))
                        .getMessage());
        assertEquals(
                "--client: expected nio or jdk, found \"NIO\"",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--client", "NIO")))
                        .getMessage());
    }

    @Test
    void nioSpeaksPlainWebSocketsOnly() {
        assertEquals(
                "--client: nio speaks ws:// only, found wss://example.org/ws (use --client jdk)",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> BenchOptions.parse(List.of("--url", "wss://example.org/ws")))
                        .getMessage());
        assertEquals(
                BenchOptions.WsClient.JDK,
                BenchOptions.parse(List.of("--url", "wss://example.org/ws", "--client", "jdk"))
                        .client());
    }

    @Test
    void usageNamesTheClientOption() {
        assertTrue(BenchOptions.USAGE.contains("[--client nio|jdk]"), BenchOptions.USAGE);
    }
}
