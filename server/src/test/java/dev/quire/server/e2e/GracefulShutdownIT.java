package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a child process, editors typing, {@code kill -TERM}: {@code /ready} turns 503,
 * new connections are refused, every editor is told to reconnect (1012), a request in progress
 * finishes, the process exits within {@code --shutdown-timeout}. Restarted on the same data,
 * nothing acknowledged is lost, and the editors reconnect, resend what was in flight and converge.
 */
class GracefulShutdownIT {
    private static final String MAIN = "dev.quire.server.Main";

    @TempDir
    Path dataDir;

    private ServerProcess start() throws Exception {
        return ServerProcess.start(
                dataDir, List.of(), MAIN, "--op-rate", "0", "--snapshot-every", "10", "--shutdown-timeout", "10s");
    }

    @Test
    void sigtermDrainsAndEditorsLoseNothingAcrossTheRestart() throws Exception {
        ServerProcess server = start();
        List<ResumingEditor> editors = new ArrayList<>();
        Random random = new Random(23);
        try {
            for (int i = 0; i < 4; i++) {
                editors.add(new ResumingEditor(server.port, "drain" + (i % 2), "drain-session-" + i));
            }
            type(editors, random, 2500);
            // A request in progress: its headers are in, half its body is not.
            try (Socket upload = new Socket("127.0.0.1", server.port)) {
                OutputStream raw = upload.getOutputStream();
                raw.write(("POST /api/docs/late/import HTTP/1.1\r\nHost: 127.0.0.1:" + server.port
                                + "\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nhello")
                        .getBytes(StandardCharsets.US_ASCII));
                raw.flush();
                type(editors, random, 200);

                long term = System.nanoTime();
                server.process.destroy(); // SIGTERM
                Http.Response ready = Http.get(server.port, "/ready");
                for (long end = term + TimeUnit.SECONDS.toNanos(5);
                        ready.status() != 503 && System.nanoTime() < end; ) {
                    type(editors, random, 2);
                    ready = Http.get(server.port, "/ready");
                }
                assertEquals(503, ready.status());
                assertEquals(
                        "{\"status\":\"not-ready\",\"state\":\"draining\",\"problems\":[\"draining\"]}", ready.body());
                for (ResumingEditor e : editors) {
                    assertEquals(1012, e.awaitClose(), e.session + " was not told to reconnect");
                }
                assertThrows(Exception.class, () -> WsClient.connect(server.port), "a new editor is refused");
                Http.Response refused = Http.get(server.port, "/api/docs");
                assertEquals(503, refused.status());
                assertEquals("shutting-down", refused.json().get("code").asText());

                raw.write("world".getBytes(StandardCharsets.US_ASCII));
                raw.flush();
                InputStream in = upload.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 201 "), answer);

                // The drain ends within its 10 s budget (the log says so below); the JVM may take longer to exit when
                // loaded.
                assertTrue(server.process.waitFor(60, TimeUnit.SECONDS), "not ended after --shutdown-timeout");
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - term);
                System.out.println(
                        "[shutdown] exited " + took + " ms after SIGTERM, status " + server.process.exitValue());
                assertEquals(143, server.process.exitValue(), "SIGTERM's status after the hooks ran");
                String log = server.logText();
                assertTrue(log.contains("shutting down: draining (budget 10000 ms)"), log);
                assertTrue(log.contains("shut down in "), log);
            }

            ServerProcess again = start();
            try {
                JsonNode late = Http.get(again.port, "/api/docs/late").json();
                assertEquals("helloworld", late.get("content").asText());
                Map<String, Map<String, Integer>> logs = new HashMap<>();
                for (String docId : List.of("drain0", "drain1")) {
                    logs.put(docId, opLog(again.port, docId));
                }
                int acks = 0;
                for (ResumingEditor e : editors) {
                    Map<String, Integer> log = logs.get(e.docId);
                    for (Map.Entry<Integer, Integer> ack : e.acked.entrySet()) {
                        assertEquals(
                                ack.getValue(),
                                log.get(e.session + "#" + ack.getKey()),
                                e.session + " seq " + ack.getKey() + " was acked");
                        acks++;
                    }
                }
                System.out.println("[shutdown] " + acks + " acks before SIGTERM, all in the log after the restart");
                assertTrue(acks > 20, "too few acks before SIGTERM: " + acks);
                for (ResumingEditor e : editors) {
                    e.close();
                    e.reconnect(again.port);
                }
                converge(editors, again.port);
                type(editors, random, 300);
                converge(editors, again.port);
            } finally {
                again.stop();
            }
        } finally {
            editors.forEach(ResumingEditor::close);
            if (server.process.isAlive()) {
                server.process.destroyForcibly();
            }
        }
    }

    private static void type(List<ResumingEditor> editors, Random random, long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        do {
            for (ResumingEditor e : editors) {
                e.pump();
                e.edit(random);
            }
            Thread.sleep(1);
        } while (System.nanoTime() < end);
    }

    /** Every editor has its edits acknowledged and holds the server's text. */
    private static void converge(List<ResumingEditor> editors, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ResumingEditor e : editors) {
            while (!e.isSynchronized() && System.nanoTime() < deadline) {
                e.pump();
                Thread.sleep(2);
            }
            assertTrue(e.isSynchronized(), e.session + " did not get its acks");
        }
        for (ResumingEditor e : editors) {
            JsonNode doc = Http.get(port, "/api/docs/" + e.docId).json();
            while (e.version() < doc.get("version").asInt() && System.nanoTime() < deadline) {
                e.pump();
                Thread.sleep(2);
            }
            assertEquals(doc.get("version").asInt(), e.version(), e.session);
            assertEquals(doc.get("content").asText(), e.text(), e.session);
        }
    }

    /** The op log of a document: "session#seq" -> version, checked for gaps. */
    private static Map<String, Integer> opLog(int port, String docId) throws Exception {
        List<JsonNode> ops = Http.opLog(port, docId);
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            JsonNode op = ops.get(i);
            assertEquals(i + 1, op.get("version").asInt(), "no gaps");
            out.put(op.get("session").asText() + "#" + op.get("seq").asInt(), i + 1);
        }
        return out;
    }
}
