package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.QuireServer;
import dev.quire.server.config.ConfigParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the load generator briefly against a real server, with each WebSocket client: it must
 * converge with no error and count acks.
 */
class LoadGeneratorTest {
    @TempDir
    Path data;

    @Test
    void openLoopNioEditorsOnOneDocumentConverge() throws Exception {
        BenchResult r = run("nio", "open-nio", "--docs", "1", "--rate-ms", "10");
        assertConverged(r);
        assertTrue(r.window().remote().size() > 0, r.format());
        // Each op sent in the window reaches the three other editors once (receipts per frame, not their own).
        assertEquals(3 * r.window().acked(), r.window().remote().size(), r.format());
        assertTrue(r.format().startsWith("bench: 4 editors, 1 docs, an edit every 10 ms, "), r.format());
        assertTrue(r.format().lines().findFirst().orElseThrow().endsWith("/ws, client nio, no tokens"), r.format());
    }

    @Test
    void closedLoopNioEditorsOnTwoDocumentsConverge() throws Exception {
        BenchResult r = run("nio", "closed-nio", "--docs", "2", "--closed-loop");
        assertConverged(r);
        assertEquals(r.window().acked(), r.window().remote().size(), r.format());
        assertTrue(r.format().lines().findFirst().orElseThrow().endsWith("/ws, client nio, no tokens"), r.format());
    }

    @Test
    void openLoopJdkEditorsOnOneDocumentConverge() throws Exception {
        BenchResult r = run("jdk", "open-jdk", "--docs", "1", "--rate-ms", "10");
        assertConverged(r);
        assertTrue(r.window().remote().size() > 0, r.format());
        assertEquals(3 * r.window().acked(), r.window().remote().size(), r.format());
        assertTrue(r.format().lines().findFirst().orElseThrow().endsWith("/ws, client jdk, no tokens"), r.format());
    }

    @Test
    void openLoopHttpFallbackEditorsOnOneDocumentConverge() throws Exception {
        BenchResult r = run("jdk", "open-http", "--docs", "1", "--rate-ms", "10", "--transport", "http");
        assertConverged(r);
        assertTrue(r.window().remote().size() > 0, r.format());
        assertTrue(
                r.format().lines().findFirst().orElseThrow().endsWith("/ws, client http (/poll), no tokens"),
                r.format());
    }

    @Test
    void closedLoopHttpFallbackEditorsWithSignedTokensConverge() throws Exception {
        assertConverged(run(
                AUTH,
                "jdk",
                "closed-http",
                "--docs",
                "2",
                "--closed-loop",
                "--transport",
                "http",
                "--jwt-secret",
                SECRET));
    }

    @Test
    void closedLoopJdkEditorsOnTwoDocumentsConverge() throws Exception {
        assertConverged(run("jdk", "closed-jdk", "--docs", "2", "--closed-loop"));
    }

    @Test
    void nioEditorsWithSignedTokensAreEachTheirOwnUserAndConverge() throws Exception {
        BenchResult r = run(AUTH, "nio", "auth-nio", "--docs", "1", "--rate-ms", "10", "--jwt-secret", SECRET);
        assertConverged(r);
        assertTrue(
                r.format().lines().findFirst().orElseThrow().endsWith("/ws, client nio, tokens presented"), r.format());
        assertEquals(4, r.setup().handshake().count(), r.format());
        assertEquals(4, r.setup().join().count(), r.format());
        // One user per editor: the per-user cap of 1 connection lets all four in.
        assertConverged(run(
                List.of("--jwt-secret", SECRET, "--max-connections-per-user", "1"),
                "nio",
                "auth-users",
                "--closed-loop",
                "--jwt-secret",
                SECRET));
    }

    @Test
    void jdkEditorsWithSignedTokensConverge() throws Exception {
        BenchResult r = run(AUTH, "jdk", "auth-jdk", "--docs", "2", "--closed-loop", "--jwt-secret", SECRET);
        assertConverged(r);
        assertTrue(
                r.format().lines().findFirst().orElseThrow().endsWith("/ws, client jdk, tokens presented"), r.format());
    }

    @Test
    void editorsWithoutATokenAreRefusedBeforeTheUpgrade() {
        Exception e = assertThrows(Exception.class, () -> run(AUTH, "nio", "no-token", "--closed-loop"));
        assertTrue(e.getMessage().contains("expected HTTP/1.1 101, found \"HTTP/1.1 401 "), e.getMessage());
    }

    private static final String SECRET = "bench-test-secret-0123456789-abcdefghij";
    private static final List<String> AUTH = List.of("--jwt-secret", SECRET);

    private BenchResult run(String client, String prefix, String... mode) throws Exception {
        return run(List.of(), client, prefix, mode);
    }

    private BenchResult run(List<String> serverArgs, String client, String prefix, String... mode) throws Exception {
        List<String> config = new ArrayList<>(
                List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString(), "--op-rate", "0"));
        config.addAll(serverArgs);
        try (QuireServer server = new QuireServer(ConfigParser.parse(config, Map.of()))) {
            List<String> args = new ArrayList<>(List.of(
                    "--url",
                    "ws://127.0.0.1:" + server.port() + "/ws",
                    "--client",
                    client,
                    "--editors",
                    "4",
                    "--warmup",
                    "200ms",
                    "--duration",
                    "2s",
                    "--doc-prefix",
                    prefix));
            args.addAll(List.of(mode));
            return LoadGenerator.run(BenchOptions.parse(args));
        }
    }

    private static void assertConverged(BenchResult r) {
        assertTrue(r.converged(), r.format());
        assertEquals(Map.of(), r.errors(), r.format());
        assertTrue(r.window().acked() > 0, r.format());
    }
}
