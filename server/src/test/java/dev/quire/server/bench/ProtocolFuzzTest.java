package dev.quire.server.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import dev.quire.server.config.ConfigParser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol fuzzer ({@link ProtocolFuzzer}) against a real server on port 0, then the checks
 * of issue 10: (1) the server is alive and {@code /health} is ok; (2) every document equals the
 * replay of its op log; (3) the well-behaved editors converged to the server's text; (4) once
 * every connection is closed and every document unloaded, the heap is back within 64 MiB of where
 * it was before the run; (5) a fresh client joins, edits and is acknowledged. And the fuzzer saw
 * nothing that must never happen (its findings).
 *
 * <p>Replay a run: {@code -Dquire.fuzz.seed=N -Dquire.fuzz.frames=M} (both are printed). The
 * default frame count keeps {@code mvn verify} to about half a minute; the long run of
 * {@code docs/performance.md} ("Protocol fuzzer") gives a million.
 *
 * <p>Why 64 MiB: the server's heap after the run holds what it keeps by design whatever the
 * traffic: H2's page cache (MVStore's 16 MiB by default), Undertow's and Jackson's pools and
 * symbol tables, the JIT-warmed code's data. A kept document (up to 16 MiB of text plus its
 * history), a kept connection with its send queue, or a kept fragment buffer of a 1 MiB message,
 * each several times over, would exceed it; leaks of a few bytes per connection would not, and
 * are what the exact counts (0 connections, 0 live documents) are for.
 */
class ProtocolFuzzTest {
    private static final long HEAP_SLACK = 64L << 20;

    @TempDir
    Path dataDir;

    @Test
    void authenticationOff() throws Exception {
        fuzz(FuzzAuth.off());
    }

    /**
     * With authentication on: fuzz users of different roles, forged, unsigned and expired tokens
     * in handshakes and {@code auth} messages, and the editors' sessions presented by other users
     * (which must be refused, or the editors would be acked for ops they never sent).
     */
    @Test
    void authenticationOn() throws Exception {
        fuzz(new JwtFuzzAuth(), "--jwt-secret", JwtFuzzAuth.SECRET);
    }

    private void fuzz(FuzzAuth auth, String... serverArgs) throws Exception {
        long seed = Long.getLong("quire.fuzz.seed", new Random().nextLong());
        long frames = Long.getLong("quire.fuzz.frames", 10_000);
        System.out.println("[fuzz] -Dquire.fuzz.seed=" + seed + " -Dquire.fuzz.frames=" + frames
                + (auth.enabled() ? " (auth on)" : " (auth off)"));
        try (QuireServer server = start(dataDir, serverArgs)) {
            FuzzChecks checks = new FuzzChecks(server.port(), auth.adminHeaders());
            long heapBefore = FuzzChecks.usedHeapAfterGc();
            FuzzReport report;
            try (ProtocolFuzzer fuzzer =
                    new ProtocolFuzzer(new InetSocketAddress("127.0.0.1", server.port()), seed, frames, 6, auth)) {
                report = fuzzer.run(2);
                System.out.println(report);

                // (1) Alive.
                assertEquals(200, checks.get("/health").statusCode());
                assertTrue(checks.get("/health").body().contains("\"ok\""));

                // (3) The editors converged to the server's text.
                converged(fuzzer.editors(), checks);
            }

            // (2) Every document equals the replay of its op log.
            FuzzChecks.Replay replay = checks.replayAll();
            System.out.println("[fuzz] replayed " + replay.documents() + " documents, " + replay.ops() + " ops");
            assertEquals(List.of(), replay.mismatches(), "documents that differ from the replay of their op log");

            // (4) Nothing kept: no connection, no live document, and the heap back near the start.
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> server.connectionCount() == 0 && server.liveDocuments() == 0);
            long heapAfter = FuzzChecks.usedHeapAfterGc();
            System.out.printf(
                    "[fuzz] heap used after GC: %d MiB before, %d MiB after%n", heapBefore >> 20, heapAfter >> 20);
            if (heapAfter - heapBefore > 16L << 20) {
                printHistogram();
            }
            assertTrue(
                    heapAfter <= heapBefore + HEAP_SLACK,
                    "heap " + (heapAfter >> 20) + " MiB after the run, " + (heapBefore >> 20) + " MiB before");

            // (5) A fresh client edits normally, in a fuzzed document and a new one.
            freshClientEdits(server.port(), auth, checks, "shared-0");
            freshClientEdits(server.port(), auth, checks, "shared-fresh-after-fuzz");

            assertEquals(List.of(), report.findings(), "what the fuzzer saw that must never happen");
            assertEquals(0, report.modelMismatches(), "broadcast ops that did not fit the text they followed");
        }
    }

    /** What the heap holds, largest first (diagnostics only; skipped where {@code jcmd} is missing). */
    private static void printHistogram() {
        try {
            Process jcmd = new ProcessBuilder(
                            "jcmd", String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            histogram.lines().limit(18).forEach(line -> System.out.println("[fuzz] heap " + line));
        } catch (Exception e) {
            System.out.println("[fuzz] no heap histogram: " + e);
        }
    }

    static QuireServer start(Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString(), "--idle-unload", "1s"));
        args.addAll(List.of(extra));
        return new QuireServer(ConfigParser.parse(args, Map.of()));
    }

    private static void converged(List<FuzzEditor> editors, FuzzChecks checks) throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    editors.forEach(FuzzEditor::pump);
                    return editors.stream().allMatch(FuzzEditor::isSynchronized);
                });
        for (String doc : ProtocolFuzzer.SHARED_DOCS) {
            // Fuzz ops still in flight when the fuzzers stopped may land now: wait for the last one.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        editors.forEach(FuzzEditor::pump);
                        int version =
                                checks.json("/api/docs/" + doc).get("version").asInt();
                        return editors.stream().filter(e -> e.docId.equals(doc)).allMatch(e -> e.version() == version);
                    });
            JsonNode server = checks.json("/api/docs/" + doc);
            for (FuzzEditor e : editors) {
                if (e.docId.equals(doc)) {
                    assertEquals(server.get("content").asText(), e.text(), e.session + " diverged");
                    assertEquals(server.get("version").asInt(), e.version(), e.session);
                    assertTrue(e.acks > 0, e.session + " had no op acknowledged");
                    assertEquals(List.of(), List.copyOf(e.faults), e.session);
                }
            }
        }
    }

    private static void freshClientEdits(int port, FuzzAuth auth, FuzzChecks checks, String doc) throws Exception {
        URI ws = URI.create("ws://127.0.0.1:" + port + "/ws");
        try (FuzzEditor fresh = new FuzzEditor(ws, auth.editorHeaders(0), doc, "fresh-client-" + doc)) {
            int before = fresh.version();
            for (int i = 0; fresh.isSynchronized(); i++) {
                fresh.edit(new Random(i));
            }
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        fresh.pump();
                        return fresh.isSynchronized();
                    });
            assertTrue(fresh.acks >= 1, "the fresh client's ops were acknowledged");
            assertTrue(fresh.version() > before);
            JsonNode server = checks.json("/api/docs/" + doc);
            assertEquals(fresh.version(), server.get("version").asInt());
            assertEquals(fresh.text(), server.get("content").asText());
            assertEquals(List.of(), List.copyOf(fresh.faults));
        }
    }
}
