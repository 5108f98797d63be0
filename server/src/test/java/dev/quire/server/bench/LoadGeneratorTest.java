package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.QuireServer;
import dev.quire.server.config.ConfigParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the load generator briefly against a real server: it must converge and count acks. */
class LoadGeneratorTest {
    @TempDir
    Path data;

    @Test
    void openLoopEditorsOnOneDocumentConverge() throws Exception {
        try (QuireServer server = start()) {
            LoadGenerator.BenchResult r = LoadGenerator.run(BenchOptions.parse(List.of("--url",
                    "ws://127.0.0.1:" + server.port() + "/ws", "--editors", "4", "--docs", "1", "--rate-ms", "10",
                    "--warmup", "200ms", "--duration", "2s", "--doc-prefix", "open")));
            assertTrue(r.converged(), r.format());
            assertEquals(Map.of(), r.errors(), r.format());
            assertTrue(r.acked() > 0, r.format());
            assertTrue(r.remote().count() > 0, r.format());
        }
    }

    @Test
    void closedLoopEditorsOnTwoDocumentsConverge() throws Exception {
        try (QuireServer server = start()) {
            LoadGenerator.BenchResult r = LoadGenerator.run(BenchOptions.parse(List.of("--url",
                    "ws://127.0.0.1:" + server.port() + "/ws", "--editors", "4", "--docs", "2", "--closed-loop",
                    "--warmup", "200ms", "--duration", "2s", "--doc-prefix", "closed")));
            assertTrue(r.converged(), r.format());
            assertEquals(Map.of(), r.errors(), r.format());
            assertTrue(r.acked() > 0, r.format());
        }
    }

    private QuireServer start() {
        return new QuireServer(ConfigParser.parse(List.of("--host", "127.0.0.1", "--port", "0", "--data-dir",
                data.toString()), Map.of()));
    }
}
