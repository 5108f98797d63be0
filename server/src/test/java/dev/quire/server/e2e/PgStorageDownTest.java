package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import dev.quire.server.config.ConfigParser;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.pg.PgDocumentStore;
import dev.quire.server.storage.pg.PgTestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL out of reach under a running node: the test's own database refuses new connections
 * and its open ones are terminated (the machine's PostgreSQL server, which other tests use, keeps
 * running). An op is answered {@code storage-unavailable}, never acknowledged, and once the
 * database lets connections in again the editor rejoins, resends it with the same seq, and it is
 * committed once — without a restart.
 */
class PgStorageDownTest {
    @TempDir
    Path dataDir;

    PgTestDatabase database;

    @BeforeEach
    void createDatabase() throws Exception {
        database = PgTestDatabase.create();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        database.allowConnections();
        database.close();
    }

    @Test
    void opsAreRefusedWhileTheDatabaseIsDownAndTheNodeHealsWhenItReturns() throws Exception {
        QuireServer server = new QuireServer(ConfigParser.parse(
                List.of(
                        "--host", "127.0.0.1",
                        "--port", "0",
                        "--data-dir", dataDir.toString(),
                        "--store", database.url(),
                        "--store-pool-size", "2",
                        "--node-id", "node-down"),
                Map.of()));
        try (server) {
            int port = server.port();
            try (WsClient ws = WsClient.connect(port)) {
                ws.send(ProtocolTest.join("down", "session-down"));
                ws.nextOfType("joined");
                ws.send(ProtocolTest.op("down", 0, 1, "[\"before\"]"));
                assertEquals(1, ws.nextOfType("ack").get("version").asInt());

                database.refuseConnections();
                ws.send(ProtocolTest.op("down", 1, 2, "[6,\" lost\"]"));
                // The pool waits up to 10 s for a connection before the write fails.
                JsonNode answer = ackOrError(ws);
                assertEquals("error", answer.get("type").asText(), answer.toString());
                assertEquals("storage-unavailable", answer.get("code").asText(), answer.toString());
                Scrape during = Scrape.of(port);
                assertEquals(1, during.count("quire_ops_committed_total"));
                assertEquals(1, during.count("quire_errors_total{code=\"storage-unavailable\"}"));
                assertEquals(0, during.count("quire_errors_total{code=\"internal\"}"));
            }
            database.allowConnections();
            // The refused op was never kept: a rejoin at version 1 resends it with the same seq.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        try (WsClient again = WsClient.connect(port)) {
                            again.send(ProtocolTest.join("down", "session-down", 1));
                            JsonNode joined =
                                    again.next(m -> m.path("type").asText().matches("joined|error"));
                            if (!joined.get("type").asText().equals("joined")) {
                                return false;
                            }
                            assertEquals(1, joined.get("version").asInt());
                            again.send(ProtocolTest.op("down", 1, 2, "[6,\" kept\"]"));
                            JsonNode ack =
                                    again.next(m -> m.path("type").asText().matches("ack|error"));
                            if (!ack.get("type").asText().equals("ack")) {
                                return false;
                            }
                            assertEquals(2, ack.get("version").asInt());
                            return true;
                        }
                    });
            assertEquals(
                    "before kept",
                    Http.get(port, "/api/docs/down").json().get("content").asText());
        }
        try (PgDocumentStore store = new PgDocumentStore(database.location(), 2)) {
            List<OpRecord> log = store.ops("down", 1, Integer.MAX_VALUE);
            assertEquals(
                    List.of("[\"before\"]", "[6,\" kept\"]"),
                    log.stream().map(OpRecord::opJson).toList());
            assertEquals(List.of(1L, 2L), log.stream().map(OpRecord::seq).toList());
        }
    }

    /** The next ack or error, waiting up to 60 s (WsClient's own wait is 10 s). */
    private static JsonNode ackOrError(WsClient ws) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
            JsonNode m = ws.quietFor(left);
            if (m == null) {
                throw new AssertionError("no ack or error within 60 s");
            }
            if (m.path("type").asText().matches("ack|error")) {
                return m;
            }
        }
    }
}
