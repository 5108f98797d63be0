package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.QuireServer;
import dev.quire.server.protocol.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes {@code /metrics} while several real clients edit, and checks that the counters and
 * gauges say exactly what the test did: connections, open documents, editors, ops committed (and
 * the histograms' counts), errors by code and closes by code.
 */
class MetricsScrapeTest {
    @TempDir
    Path dataDir;

    QuireServer server;
    int port;

    @BeforeEach
    void start() {
        server = ServerFixture.start(dataDir);
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theScrapeCountsExactlyWhatTheClientsDid() throws Exception {
        Scrape before = Scrape.of(port);
        assertEquals(0, before.count("quire_connections"));
        assertEquals(0, before.count("quire_documents_open"));
        assertEquals(0, before.count("quire_editors"));
        assertEquals(0, before.count("quire_ops_committed_total"));
        assertEquals(0, before.count("quire_journal_lag_ops"));
        for (ErrorCode code : ErrorCode.values()) {
            assertEquals(0, before.count("quire_errors_total{code=\"" + code.wire() + "\"}"), code.wire());
        }

        try (WsClient a = WsClient.connect(port);
                WsClient b = WsClient.connect(port);
                WsClient c = WsClient.connect(port)) {
            a.send(ProtocolTest.join("alpha", "session-a"));
            a.nextOfType("joined");
            b.send(ProtocolTest.join("alpha", "session-b"));
            b.nextOfType("joined");
            c.send(ProtocolTest.join("beta", "session-c"));
            c.nextOfType("joined");
            // 5 ops from a, each seen by b; then 3 from b, each seen by a; 2 from c alone on beta.
            int version = 0;
            for (int seq = 1; seq <= 5; seq++, version++) {
                a.send(ProtocolTest.op("alpha", version, seq, version == 0 ? "[\"x\"]" : "[" + version + ",\"x\"]"));
                assertEquals(seq, a.nextOfType("ack").get("seq").asInt());
                assertEquals(version + 1, b.nextOfType("op").get("version").asInt());
            }
            for (int seq = 1; seq <= 3; seq++, version++) {
                b.send(ProtocolTest.op("alpha", version, seq, "[" + version + ",\"y\"]"));
                assertEquals(seq, b.nextOfType("ack").get("seq").asInt());
                assertEquals(version + 1, a.nextOfType("op").get("version").asInt());
            }
            c.send(ProtocolTest.op("beta", 0, 1, "[\"z\"]"));
            c.nextOfType("ack");
            c.send(ProtocolTest.op("beta", 1, 2, "[1,\"z\"]"));
            c.nextOfType("ack");
            // One op from a script, seen by c.
            assertEquals(
                    200,
                    Http.post(port, "/api/docs/beta/ops", "{\"version\":2,\"op\":[2,\"r\"]}")
                            .status());
            assertEquals(3, c.nextOfType("op").get("version").asInt());
            // Mistakes: two kinds on the WebSocket (one of them twice) and two over REST.
            a.send(ProtocolTest.op("alpha", 99, 6, "[\"x\"]"));
            assertEquals(
                    "version-out-of-range", a.nextOfType("error").get("code").asText());
            c.send("{\"type\":\"dance\",\"doc\":\"beta\"}");
            assertEquals("unknown-type", c.nextOfType("error").get("code").asText());
            c.send("{\"type\":\"dance\",\"doc\":\"beta\"}");
            assertEquals("unknown-type", c.nextOfType("error").get("code").asText());
            assertEquals(400, Http.get(port, "/api/docs/bad!id").status());
            assertEquals(404, Http.get(port, "/api/docs/alpha/nothing").status());

            // Every write of an op's messages completes just after the client read them.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Scrape.of(port).count("quire_broadcast_seconds_count") == 11);
            Scrape during = Scrape.of(port);
            assertEquals(3, during.count("quire_connections"));
            assertEquals(2, during.count("quire_documents_open"));
            assertEquals(3, during.count("quire_editors"));
            assertEquals(11, during.count("quire_ops_committed_total"));
            assertEquals(11, during.count("quire_commit_seconds_count"));
            assertEquals(11, during.count("quire_commit_seconds_bucket{le=\"+Inf\"}"));
            assertEquals(11, during.count("quire_transforms_per_op_count"));
            // Every op was sent at the head: none was transformed.
            assertEquals(0, during.count("quire_transforms_per_op_sum"));
            assertEquals(11, during.count("quire_transforms_per_op_bucket{le=\"0.5\"}"));
            // Queued messages: 3 joined, b's arrival announced to a (a presence), 10 acks, 9 ops to the
            // other editor, 3 errors (REST errors are not queued).
            assertEquals(26, during.count("quire_send_queue_bytes_count"));
            Map<String, Long> errors =
                    Map.of("version-out-of-range", 1L, "unknown-type", 2L, "invalid-doc-id", 1L, "not-found", 1L);
            for (ErrorCode code : ErrorCode.values()) {
                assertEquals(
                        errors.getOrDefault(code.wire(), 0L),
                        during.count("quire_errors_total{code=\"" + code.wire() + "\"}"),
                        code.wire());
            }
            // Labels never carry a document id.
            for (String docId : Set.of("alpha", "beta", "bad!id")) {
                assertFalse(during.text().contains(docId), docId);
            }
            // Micrometer's binders are there.
            for (String name : Set.of(
                    "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}",
                    "jvm_threads_live_threads",
                    "jvm_classes_loaded_classes",
                    "process_uptime_seconds",
                    "system_cpu_count")) {
                assertTrue(during.value(name) >= 0, name);
            }
            assertTrue(during.text().contains("# TYPE quire_commit_seconds histogram"), during.text());
            assertTrue(during.text().contains("# TYPE quire_ops_committed_total counter"), during.text());
            assertTrue(during.text().contains("# TYPE quire_connections gauge"), during.text());

            b.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.of(port).count("quire_connections") == 2);
            Scrape after = Scrape.of(port);
            assertEquals(2, after.count("quire_editors"));
            assertEquals(1, after.count("quire_closes_total{code=\"1000\"}"));
            assertEquals(11, after.count("quire_ops_committed_total"));
        }
    }
}
