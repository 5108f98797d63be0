package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk under the journal: the data directory's {@code journal/} on a 16 MiB tmpfs,
 * filled by a file. Ops are refused with {@code storage-unavailable} and none is acknowledged,
 * {@code /health} and {@code /ready} say 503, and once the file is gone the server takes ops again
 * by itself, without a restart. H2's file stays on the ordinary disk here, so only the journal
 * meets the full disk; {@link DatabaseFaultTest} puts the whole data directory on a tmpfs, so that
 * H2's own write fails too and the store reopens its database. Mounting needs root; elsewhere the
 * test is skipped, saying so.
 */
class StorageFaultTest {
    private static final String LONG = "x".repeat(8192);

    @TempDir
    Path tmp;

    Path mount;
    boolean mounted;
    QuireServer server;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = tmp.resolve("data").resolve("journal");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(done, "cannot mount a 16 MiB tmpfs for a real full disk (needs root): " + out.strip());
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) {
            server.close();
        }
        if (mounted) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullDiskRefusesOpsAndTheServerHealsOnceThereIsRoom() throws Exception {
        // Without fsync the journal grows with its records, so the first op past the disk's end is
        // refused; with fsync its segment is zero-filled ahead (decision 036): see the next test.
        server = ServerFixture.start(tmp.resolve("data"), "--sync-commits", "false");
        int port = server.port();
        try (WsClient ws = WsClient.connect(port)) {
            ws.send(ProtocolTest.join("full", "session-full"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("full", 0, 1, "[\"before\"]"));
            assertEquals(1, ws.nextOfType("ack").get("version").asInt());
            assertEquals(200, Http.get(port, "/health").status());

            Path filler = mount.resolve("filler");
            fill(filler);
            // Larger than a page: a record this long cannot fit in what the journal's last page has left.
            ws.send(ProtocolTest.op("full", 1, 2, "[6,\"" + LONG + "\"]"));
            JsonNode error = ws.next();
            assertEquals("error", error.get("type").asText(), error.toString());
            assertEquals("storage-unavailable", error.get("code").asText());
            Http.Response rest = Http.post(port, "/api/docs/full/ops", "{\"version\":1,\"op\":[6,\"" + LONG + "\"]}");
            assertEquals(503, rest.status(), rest.body());
            assertEquals("storage-unavailable", rest.json().get("code").asText());
            Http.Response health = Http.get(port, "/health");
            assertEquals(503, health.status(), health.body());
            assertEquals("failing", health.json().get("status").asText());
            assertEquals(503, Http.get(port, "/ready").status());
            Scrape during = Scrape.of(port);
            assertEquals(1, during.count("quire_ops_committed_total"));
            assertEquals(2, during.count("quire_errors_total{code=\"storage-unavailable\"}"));

            Files.delete(filler);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Http.get(port, "/health").status() == 200);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Http.get(port, "/ready").status() == 200);
        }
        // The refused op was never kept: a rejoin at version 1 resends it with the same seq.
        try (WsClient again = WsClient.connect(port)) {
            again.send(ProtocolTest.join("full", "session-full", 1));
            assertEquals(1, again.nextOfType("joined").get("version").asInt());
            again.send(ProtocolTest.op("full", 1, 2, "[6,\" kept\"]"));
            assertEquals(2, again.nextOfType("ack").get("version").asInt());
        }
        assertEquals(
                "before kept",
                Http.get(port, "/api/docs/full").json().get("content").asText());
        assertEquals(2, Scrape.of(port).count("quire_ops_committed_total"));
    }

    /**
     * With fsync (the default) the segment being written is zero-filled ahead of its records
     * (decision 036): an op that fits into that space is acknowledged on a full disk, and it is
     * durable, its blocks were written and fsynced before.
     */
    @Test
    void withFsyncAnOpInTheSegmentsFilledSpaceIsAcknowledgedOnAFullDisk() throws Exception {
        server = ServerFixture.start(tmp.resolve("data"));
        int port = server.port();
        try (WsClient ws = WsClient.connect(port)) {
            ws.send(ProtocolTest.join("full", "session-full"));
            ws.nextOfType("joined");
            ws.send(ProtocolTest.op("full", 0, 1, "[\"before\"]"));
            assertEquals(1, ws.nextOfType("ack").get("version").asInt());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (java.util.stream.Stream<Path> files = Files.list(mount)) {
                    return files.filter(f -> f.toString().endsWith(".journal"))
                            .anyMatch(f -> f.toFile().length() >= (1 << 20));
                }
            });

            fill(mount.resolve("filler"));
            ws.send(ProtocolTest.op("full", 1, 2, "[6,\"" + LONG + "\"]"));
            JsonNode ack = ws.next();
            assertEquals("ack", ack.get("type").asText(), ack.toString());
            assertEquals(2, ack.get("version").asInt());
            assertEquals(200, Http.get(port, "/health").status());
        }
        assertEquals(
                "before" + LONG,
                Http.get(port, "/api/docs/full").json().get("content").asText());
    }

    /** Writes zeros until the disk is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertTrue(full.getMessage().contains("No space left"), full.toString());
        }
    }
}
