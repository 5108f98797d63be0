package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a child process: editors type and record every ack, the process is killed
 * with SIGKILL mid-stream, restarted on the same data — every acked op is in the log exactly
 * once, at the acked version, and the text equals the replay of the log.
 */
class CrashIT {
    private static final Pattern LISTENING = Pattern.compile("Quire listening on http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path dataDir;

    private record Child(Process process, int port) {}

    /** The editors' transport; {@link CrashOverHttpIT} types over the fallback. */
    Transport transport() {
        return Transport.WEBSOCKET;
    }

    private Child start() throws Exception {
        String jar = System.getProperty("quire.jar", "target/quire-server.jar");
        assertTrue(Files.exists(Path.of(jar)), "shaded jar missing: " + jar);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar,
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--data-dir",
                        dataDir.toString(),
                        "--snapshot-every",
                        "10",
                        // Editors type as fast as acks come back, over the default op rate.
                        "--op-rate",
                        "0")
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return new Child(p, Integer.parseInt(m.group(1)));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("server did not print its URL; see " + log);
    }

    @Test
    void everyAckedOpSurvivesKill9() throws Exception {
        Child child = start();
        List<EditingClient> editors = new ArrayList<>();
        Random random = new Random(42);
        try {
            for (int i = 0; i < 6; i++) {
                editors.add(new EditingClient(transport(), child.port(), "crash" + (i % 2), "crash-session-" + i));
            }
            // At least 1.5 s and more than 20 acks: with fsync (the default) on a busy disk an ack can take 50 ms.
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            long latest = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end
                    || (System.nanoTime() < latest
                            && editors.stream().mapToInt(e -> e.acked.size()).sum() <= 20)) {
                for (EditingClient e : editors) {
                    e.pump();
                    e.edit(random);
                }
                Thread.sleep(1);
            }
            // Kill while ops are in flight: every editor has one sent and more buffered.
            child.process().destroyForcibly();
            child.process().waitFor(30, TimeUnit.SECONDS);
            Thread.sleep(200);
            // Record the acks that arrived before the kill; sending the next op now fails.
            for (EditingClient e : editors) {
                while (!e.ws.inbox.isEmpty()) {
                    try {
                        e.pump();
                    } catch (RuntimeException closed) {
                        // The socket is gone; keep reading what was received.
                    }
                }
            }
        } finally {
            editors.forEach(EditingClient::close);
        }
        int totalAcks = editors.stream().mapToInt(e -> e.acked.size()).sum();
        assertTrue(totalAcks > 20, "too few acks before the kill: " + totalAcks);
        System.out.println("[crash] " + totalAcks + " acks received before kill -9");

        Child again = start();
        try {
            for (String docId : List.of("crash0", "crash1")) {
                List<JsonNode> log = Http.opLog(again.port(), docId);
                Map<String, Integer> versionBySessionSeq = new HashMap<>();
                String replay = "";
                int expectedVersion = 1;
                for (JsonNode op : log) {
                    assertEquals(expectedVersion++, op.get("version").asInt(), "log has no gaps");
                    String key =
                            op.get("session").asText() + "#" + op.get("seq").asInt();
                    assertEquals(
                            null, versionBySessionSeq.put(key, op.get("version").asInt()), "twice: " + key);
                    replay = EditingClient.parse(op.get("op")).apply(replay);
                }
                System.out.println("[crash] " + docId + ": " + log.size() + " ops in the log after restart");
                JsonNode text = Http.get(again.port(), "/api/docs/" + docId).json();
                assertEquals(log.size(), text.get("version").asInt());
                assertEquals(replay, text.get("content").asText());
                for (EditingClient e : editors) {
                    if (!e.docId.equals(docId)) {
                        continue;
                    }
                    e.acked.forEach((seq, version) -> assertEquals(
                            version,
                            versionBySessionSeq.get(e.session + "#" + seq),
                            e.session + " seq " + seq + " was acked"));
                }
            }
        } finally {
            again.process().destroy();
            again.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
