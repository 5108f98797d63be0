package dev.quire.server.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.server.storage.OnlineBackup;
import dev.quire.server.storage.OpRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online backup of a real H2 store holds every write acknowledged before it began, even those
 * still only in the journal: thousands of appends are acknowledged as soon as they are journaled,
 * and the backup is taken at once, while the applier still lags behind them.
 */
class H2BackupTest {
    private static final int DOCS = 10;
    private static final int OPS_PER_DOC = 800;

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void aBackupHoldsEveryAcknowledgedWriteThoughTheDatabaseLagsTheJournal() throws Exception {
        Path zip = work.resolve("copy.zip");
        OnlineBackup.BackupPoint point;
        try (H2DocumentStore store = new H2DocumentStore(dataDir)) {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            Instant t = Instant.parse("2026-12-05T21:00:00Z");
            for (int v = 1; v <= OPS_PER_DOC; v++) {
                for (int d = 0; d < DOCS; d++) {
                    String op = v == 1 ? "[\"x\"]" : "[" + (v - 1) + ",\"x\"]";
                    acks.add(store.append(new OpRecord("doc" + d, v, op, v - 1, v, "", 0, "", "Ada", t), v));
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            point = store.backupTo(zip);
        }
        assertEquals(DOCS * OPS_PER_DOC, point.journalHead());
        assertEquals("quire.mv.db", point.file());

        Path restored = work.resolve("restored");
        Files.createDirectories(restored);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry = in.getNextEntry();
            assertEquals("quire.mv.db", entry.getName());
            Files.copy(in, restored.resolve("quire.mv.db"));
        }
        try (H2DocumentStore copy = new H2DocumentStore(restored)) {
            for (int d = 0; d < DOCS; d++) {
                assertEquals(OPS_PER_DOC, copy.info("doc" + d).orElseThrow().version(), "doc" + d);
                assertEquals(
                        OPS_PER_DOC, copy.ops("doc" + d, 1, Integer.MAX_VALUE).size(), "doc" + d);
            }
        }
    }
}
