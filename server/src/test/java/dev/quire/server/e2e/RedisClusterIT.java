package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.storage.OpRecord;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes (the shaded jar) on one real PostgreSQL database and a real Redis: a node
 * killed with SIGKILL mid-edit, and Redis stopped and started again mid-edit. Editors type with
 * emoji throughout; at the end they all hold the same text, which the op log replays, with every
 * version once and every acknowledged op once.
 */
class RedisClusterIT {
    @RegisterExtension
    static final SharedStore shared = new SharedStore();

    @TempDir
    Path dir;

    private ServerProcess node(String nodeId, String redis) throws Exception {
        return ServerProcess.start(
                dir.resolve(nodeId), List.of("-Xmx256m"), "dev.quire.server.Main", shared.processArgs(nodeId, redis));
    }

    private static void type(
            List<ResumingEditor> editors, Random random, long millis, List<JsonNode> seen, WsClient watcher)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            for (ResumingEditor e : editors) {
                e.pump();
                e.edit(random);
            }
            drain(watcher, seen);
            Thread.sleep(3);
        }
    }

    private static void drain(WsClient watcher, List<JsonNode> seen) {
        String frame;
        while (watcher != null && (frame = watcher.inbox.poll()) != null) {
            try {
                seen.add(WsClient.JSON.readTree(frame));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String check(List<ResumingEditor> editors, String docId, int port) throws Exception {
        TwoNodes.settle(editors, 60);
        String text = editors.get(0).text();
        for (ResumingEditor e : editors) {
            assertEquals(text, e.text(), e.session);
        }
        assertEquals(
                text, Http.get(port, "/api/docs/" + docId).json().get("content").asText());
        List<OpRecord> log = shared.opLog(docId);
        assertEquals(editors.get(0).version(), log.size());
        assertEquals(text, TwoNodes.checkOpLog(log, editors));
        return text;
    }

    /**
     * {@code kill -9} of node a while its editors type: they reconnect to node b (as behind a load
     * balancer without stickiness), resend what was in flight and go on; a watcher on node b sees
     * every editor of node a leave once node a's key expires in Redis.
     */
    @Test
    void aNodeKilledMidEditLeavesNothingBehind() throws Exception {
        ServerProcess a = node("node-a", TwoNodes.REDIS);
        ServerProcess b = node("node-b", TwoNodes.REDIS);
        List<ResumingEditor> editors = new ArrayList<>();
        List<JsonNode> seen = new ArrayList<>();
        try (WsClient watcher = WsClient.connect(b.port)) {
            watcher.send(ProtocolTest.join("killed", "session-watcher"));
            String watcherId = watcher.nextOfType("joined").get("clientId").asText();
            String prefixOfB = watcherId.substring(0, watcherId.indexOf('.') + 1);
            for (int i = 0; i < 6; i++) {
                editors.add(new ResumingEditor(i < 3 ? a.port : b.port, "killed", "session-killed-" + i));
            }
            Random random = new Random(11);
            type(editors, random, 2000, seen, watcher);
            a.process.destroyForcibly();
            a.process.waitFor(30, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                editors.get(i).reconnect(b.port);
            }
            type(editors, random, 2000, seen, watcher);
            check(editors, "killed", b.port);

            Set<String> ofA = new HashSet<>();
            for (JsonNode m : seen) {
                if (m.path("type").asText().equals("presence")
                        && !m.get("clientId").asText().startsWith(prefixOfB)) {
                    ofA.add(m.get("clientId").asText());
                }
            }
            assertEquals(3, ofA.size(), "the watcher saw the three editors of node a join: " + ofA);
            Set<String> left = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!left.containsAll(ofA) && System.nanoTime() < deadline) {
                drain(watcher, seen);
                for (JsonNode m : seen) {
                    if (m.path("type").asText().equals("left")) {
                        left.add(m.get("clientId").asText());
                    }
                }
                Thread.sleep(100);
            }
            assertTrue(left.containsAll(ofA), "the editors of the dead node left: " + left + " of " + ofA);
        } finally {
            editors.forEach(ResumingEditor::close);
            a.process.destroyForcibly();
            b.stop();
        }
    }

    /**
     * Redis stops for two seconds while editors on both nodes type, and starts again empty on the
     * same port: commits go on through PostgreSQL, the nodes subscribe again, read what they missed,
     * and every editor converges.
     */
    @Test
    void nodesResubscribeAndCatchUpAfterRedisRestarts() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String redis = "redis://127.0.0.1:" + port;
        Process server = redisServer(port);
        ServerProcess a = node("node-a", redis);
        ServerProcess b = node("node-b", redis);
        List<ResumingEditor> editors = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                editors.add(new ResumingEditor(i % 2 == 0 ? a.port : b.port, "restart", "session-restart-" + i));
            }
            Random random = new Random(13);
            type(editors, random, 1500, List.of(), null);
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
            type(editors, random, 2000, List.of(), null);
            server = redisServer(port);
            type(editors, random, 1500, List.of(), null);
            String text = check(editors, "restart", a.port);
            assertEquals(
                    text,
                    Http.get(b.port, "/api/docs/restart").json().get("content").asText());
            String log = a.logText() + b.logText();
            assertTrue(log.contains("bus: publish failed"), "the outage was noticed");
        } finally {
            editors.forEach(ResumingEditor::close);
            a.stop();
            b.stop();
            server.destroyForcibly();
        }
    }

    /** A redis-server of the test's own, in memory only, on {@code port}; waits until it answers. */
    private Process redisServer(int port) throws Exception {
        Process p = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolve("redis-" + System.nanoTime() + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("redis-server did not start on port " + port);
    }
}
