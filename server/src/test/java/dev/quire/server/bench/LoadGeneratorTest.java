package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(r.remote().count() > 0, r.format());
        assertTrue(r.format().startsWith("bench: 4 editors, 1 docs, an edit every 10 ms, "), r.format());
        assertTrue(r.format().lines().findFirst().orElseThrow().endsWith("/ws, client nio"), r.format());
    }

    @Test
    void closedLoopNioEditorsOnTwoDocumentsConverge() throws Exception {
        BenchResult r = run("nio", "closed-nio", "--docs", "2", "--closed-loop");
        assertConverged(r);
        assertTrue(r.format().lines().findFirst().orElseThrow().endsWith("/ws, client nio"), r.format());
    }

    @Test
    void openLoopJdkEditorsOnOneDocumentConverge() throws Exception {
        BenchResult r = run("jdk", "open-jdk", "--docs", "1", "--rate-ms", "10");
        assertConverged(r);
        assertTrue(r.remote().count() > 0, r.format());
        assertTrue(r.format().lines().findFirst().orElseThrow().endsWith("/ws, client jdk"), r.format());
    }

    @Test
    void closedLoopJdkEditorsOnTwoDocumentsConverge() throws Exception {
        assertConverged(run("jdk", "closed-jdk", "--docs", "2", "--closed-loop"));
    }

    private BenchResult run(String client, String prefix, String... mode) throws Exception {
        try (QuireServer server = new QuireServer(ConfigParser.parse(
                List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString(), "--op-rate", "0"),
                Map.of()))) {
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
        assertTrue(r.acked() > 0, r.format());
    }
}
