package dev.quire.server.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.journal.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the store has H2 write its file (decision 030): only on the applier's thread, never behind
 * it, and without the file growing faster than its live data although H2's own housekeeping
 * thread is off.
 */
class H2FileTest {
    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    @TempDir
    Path dataDir;

    private H2DocumentStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static OpRecord op(int version) {
        String text = "line " + version + " of the file test\\n";
        return new OpRecord(
                "file",
                version,
                "[" + (version - 1) * 27 + ",\"" + text + "\"]",
                version - 1,
                version,
                "session-file",
                version,
                "c-file",
                "Ada",
                T0.plusMillis(version));
    }

    @Test
    void noThreadOfH2WritesTheFileBesideTheApplier() throws Exception {
        store = new H2DocumentStore(dataDir, Durability.WRITE);
        for (int v = 1; v <= 50; v++) {
            store.append(op(v), v * 27).get(10, TimeUnit.SECONDS);
        }
        // A write of H2's background thread racing a commit of the applier, then a crash, can leave
        // an op row in the file without the journal_state row that says it was applied. The thread
        // exists, but sleeps for days between its turns.
        assertEquals(Integer.MAX_VALUE, store.writeDelay());
        assertEquals(50, store.ops("file", 1, 100).size());
    }

    @Test
    void thousandsOfSmallTransactionsLeaveTheFileMostlyLive() throws Exception {
        // Small segments: one is closed every few hundred ops, and its checkpoint compacts.
        store = new H2DocumentStore(dataDir, Durability.WRITE, 64 * 1024);
        int ops = 6_000;
        for (int v = 1; v <= ops; v++) {
            // One op at a time: each is its own applier transaction, and so its own write of the file.
            store.append(op(v), v * 27).get(10, TimeUnit.SECONDS);
            store.info("file"); // waits until it is applied
        }
        long bytes = Files.size(dataDir.resolve("quire.mv.db"));
        System.out.println("[h2 file] " + ops + " ops, " + bytes + " bytes, " + bytes / ops + " bytes per op");
        // With H2 writing its file at the end of every transaction (WRITE_DELAY=0) this was 16 KiB per op.
        assertTrue(bytes < ops * 1024L, bytes + " bytes for " + ops + " ops");
        assertEquals(ops, store.ops("file", 1, ops + 1).size());
    }
}
