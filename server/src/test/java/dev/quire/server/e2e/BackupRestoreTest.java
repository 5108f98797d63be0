package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import dev.quire.server.backup.RestoreCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/admin/backup} while editors type, {@code restore} into a new directory, a
 * server started on it: every op acknowledged before the backup began is there, at its version,
 * the documents are consistent, and the server takes edits.
 */
class BackupRestoreTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path source;

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int restore(Path from, Path dataDir) {
        out.reset();
        err.reset();
        return RestoreCommand.run(
                List.of("--from", from.toString(), "--data-dir", dataDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static void typeFor(List<EditingClient> editors, Random random, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            for (EditingClient e : editors) {
                e.pump();
                e.edit(random);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aBackupTakenWhileEditorsTypeHoldsEveryOpAcknowledgedBeforeItBegan() throws Exception {
        Path zip = work.resolve("backup.zip");
        Path restored = work.resolve("restored");
        List<EditingClient> editors = new ArrayList<>();
        Map<EditingClient, Map<Integer, Integer>> ackedBefore = new HashMap<>();
        Random random = new Random(17);
        try (QuireServer server = ServerFixture.start(source, "--op-rate", "0", "--snapshot-every", "10")) {
            try {
                for (int i = 0; i < 4; i++) {
                    editors.add(new EditingClient(server.port(), "backup" + (i % 2), "backup-session-" + i));
                }
                typeFor(editors, random, 400);
                for (EditingClient e : editors) {
                    e.pump();
                    ackedBefore.put(e, Map.copyOf(e.acked));
                }
                CompletableFuture<HttpResponse<Path>> backup = HTTP.sendAsync(
                        HttpRequest.newBuilder(Http.uri(server.port(), "/api/admin/backup"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(zip));
                while (!backup.isDone()) {
                    typeFor(editors, random, 5);
                }
                HttpResponse<Path> r = backup.join();
                assertEquals(200, r.statusCode(), () -> readQuietly(zip));
                assertEquals(
                        "application/zip",
                        r.headers().firstValue("Content-Type").orElseThrow());
                assertTrue(r.headers()
                        .firstValue("Content-Disposition")
                        .orElseThrow()
                        .matches("attachment; filename=\"quire-backup-\\d{8}T\\d{6}Z\\.zip\""));
                typeFor(editors, random, 200);
            } finally {
                editors.forEach(EditingClient::close);
            }
        }
        int acked = ackedBefore.values().stream().mapToInt(Map::size).sum();
        assertTrue(acked > 20, "too few acks before the backup: " + acked);

        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry first = in.getNextEntry();
            assertEquals("manifest.json", first.getName());
            JsonNode manifest = WsClient.JSON.readTree(in.readAllBytes());
            assertEquals("quire-backup", manifest.get("format").asText());
            assertEquals(1, manifest.get("formatVersion").asInt());
            assertEquals("quire.mv.db", manifest.get("database").asText());
            assertTrue(manifest.get("journalHead").asLong() >= acked, manifest.toString());
            assertEquals("quire.mv.db", in.getNextEntry().getName());
        }

        assertEquals(0, restore(zip, restored), err.toString());
        assertTrue(out.toString().startsWith("restored " + zip + " into " + restored + " (backup of "), out.toString());
        assertEquals(1, restore(zip, restored));
        assertEquals(
                "quire restore: " + restored + " is not empty: restore only into an empty or new directory\n",
                err.toString());

        try (QuireServer again = ServerFixture.start(restored)) {
            for (String docId : List.of("backup0", "backup1")) {
                JsonNode log = Http.get(again.port(), "/api/docs/" + docId + "/ops")
                        .json()
                        .get("ops");
                Map<String, Integer> versionBySessionSeq = new HashMap<>();
                String replay = "";
                for (int i = 0; i < log.size(); i++) {
                    JsonNode op = log.get(i);
                    assertEquals(i + 1, op.get("version").asInt(), "no gaps");
                    versionBySessionSeq.put(
                            op.get("session").asText() + "#" + op.get("seq").asInt(), i + 1);
                    replay = EditingClient.parse(op.get("op")).apply(replay);
                }
                JsonNode text = Http.get(again.port(), "/api/docs/" + docId).json();
                assertEquals(log.size(), text.get("version").asInt());
                assertEquals(replay, text.get("content").asText());
                for (EditingClient e : editors) {
                    if (e.docId.equals(docId)) {
                        ackedBefore
                                .get(e)
                                .forEach((seq, version) -> assertEquals(
                                        version,
                                        versionBySessionSeq.get(e.session + "#" + seq),
                                        e.session + " seq " + seq + " was acked before the backup"));
                    }
                }
                Http.Response edit = Http.post(
                        again.port(),
                        "/api/docs/" + docId + "/ops",
                        "{\"version\":" + log.size() + ",\"op\":" + ExportImportTest.prepend("!", text) + "}");
                assertEquals(200, edit.status(), edit.body());
                assertEquals(
                        log.size() + 1,
                        WsClient.JSON.readTree(edit.body()).get("version").asInt());
            }
        }
    }

    @Test
    void aFileThatIsNotABackupIsRefusedAndLeavesNoDatabase() throws Exception {
        Path notZip = work.resolve("notes.txt");
        Files.writeString(notZip, "hello");
        Path dir = work.resolve("empty");
        assertEquals(1, restore(notZip, dir));
        assertEquals(
                "quire restore: " + notZip + " is not a Quire backup: its first entry is not manifest.json\n",
                err.toString());
        assertEquals(List.of(), Files.list(dir).toList());
        assertEquals(2, restore(work.resolve("missing.zip"), dir));
        assertEquals("quire restore: --from: no such file " + work.resolve("missing.zip") + "\n", err.toString());
    }

    @Test
    void aBackupNeedsAdminOnEveryDocument() throws Exception {
        try (QuireServer server = ServerFixture.start(source, "--jwt-secret", Tokens.SECRET)) {
            String teamAdmin = Tokens.of("lead", Map.of("team-*", "admin"));
            Http.Response forbidden = Http.withToken(server.port(), "POST", "/api/admin/backup", "", teamAdmin);
            assertEquals(403, forbidden.status());
            assertEquals(
                    "{\"code\":\"forbidden\",\"message\":\"a backup needs a token granting admin on \\\"*\\\"\"}",
                    forbidden.body());
            assertEquals(401, Http.post(server.port(), "/api/admin/backup", "").status());
            String admin = Tokens.of("root", Map.of("*", "admin"));
            assertEquals(
                    400,
                    Http.withToken(server.port(), "GET", "/api/admin/backup", null, admin)
                            .status());
            assertEquals(
                    404,
                    Http.withToken(server.port(), "POST", "/api/admin/other", "", admin)
                            .status());
            assertEquals(
                    200,
                    Http.withToken(server.port(), "POST", "/api/admin/backup", "", admin)
                            .status());
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "";
        }
    }
}
