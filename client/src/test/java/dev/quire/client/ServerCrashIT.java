package dev.quire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's shaded jar as a child process, killed with SIGKILL while two JVM clients stream
 * lines into one document, and restarted on the same port and data: the clients reconnect, catch
 * up and resend, and every line is in the document exactly once.
 */
class ServerCrashIT {
    @TempDir
    Path dataDir;

    private Process start(int port) throws Exception {
        String jar = System.getProperty("quire.jar", "../server/target/quire-server.jar");
        assertTrue(Files.exists(Path.of(jar)), "shaded jar missing: " + jar);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar,
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port),
                        "--data-dir",
                        dataDir.toString(),
                        // A restarted server keeps the ops since its newest snapshot; a client
                        // whose last version is older gets the text instead of a catch-up and
                        // cannot merge its pending edits (docs/client.md, "Limits").
                        "--snapshot-every",
                        "1000000")
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            if (line.contains("Quire listening on http://127.0.0.1:" + port + "/")) {
                return p;
            }
        }
        p.destroyForcibly();
        throw new AssertionError("server did not start; see " + log);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void kill9MidStreamLosesNothingAndAppliesNothingTwice() throws Exception {
        int port = freePort();
        Process server = start(port);
        List<String> lines = new ArrayList<>();
        try (QuireClient a = client(port);
                QuireClient b = client(port)) {
            DocumentHandle da = a.join("crash", new DocumentListener() {}).get(30, TimeUnit.SECONDS);
            DocumentHandle db = b.join("crash", new DocumentListener() {}).get(30, TimeUnit.SECONDS);
            List<CompletableFuture<Integer>> edits = new ArrayList<>();
            List<Thread> writers = new ArrayList<>();
            for (DocumentHandle doc : List.of(da, db)) {
                String name = doc == da ? "a" : "b";
                Thread t = new Thread(() -> {
                    for (int i = 1; i <= 600; i++) {
                        CompletableFuture<Integer> f = Appends.line(doc, name + i);
                        synchronized (edits) {
                            edits.add(f);
                            lines.add(name + i);
                        }
                        sleep(3);
                    }
                });
                writers.add(t);
                t.start();
            }
            // Killed mid-stream: once some lines are stored, however long that takes on a loaded machine.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> TestServer.document(port, "crash").version() > 5);
            int before = TestServer.document(port, "crash").version();
            server.destroyForcibly(); // SIGKILL
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(30)).until(() -> !da.isJoined() && !db.isJoined());
            Thread.sleep(300);
            server = start(port);
            for (Thread t : writers) {
                t.join();
            }
            for (CompletableFuture<Integer> f : edits) {
                f.get(60, TimeUnit.SECONDS);
            }
            da.synced().get(30, TimeUnit.SECONDS);
            db.synced().get(30, TimeUnit.SECONDS);
            TestServer.Rest.Doc rest = TestServer.document(port, "crash");
            System.out.println("[crash] version " + before + " at the kill, " + rest.version() + " at the end");
            assertTrue(before > 5, "too few ops before the kill: " + before);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> da.version() == rest.version() && db.version() == rest.version());
            assertEquals(rest.content(), da.text());
            assertEquals(rest.content(), db.text());
            assertEquals(1200, lines.size());
            Appends.eachOnce(rest.content(), lines);
            assertEquals(1201, rest.content().split("\n", -1).length);
            Appends.logIsExactlyOnce(port, "crash", rest.content());
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static QuireClient client(int port) {
        return QuireClient.builder()
                .uri("ws://127.0.0.1:" + port + "/ws")
                .reconnectDelay(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build();
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
