package dev.quire.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the storage contract against real H2 files in a temporary directory. */
class H2DocumentStoreTest extends DocumentStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected DocumentStore openStore() {
        return new H2DocumentStore(dataDir);
    }

    @Test
    void lagggingDocumentRowsAreRepairedOnOpen() throws Exception {
        for (int v = 1; v <= 3; v++) {
            await(store.append(new OpRecord("notes", v, "[\"x\"]", v - 1, v, "session-1", v, "c1", "Ada",
                    Instant.parse("2026-11-22T07:00:00Z").plusSeconds(v)), v));
        }
        store.close();
        // What a kill -9 can leave behind: the documents row behind the op log.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("quire"),
                "quire", "")) {
            c.createStatement().executeUpdate("UPDATE documents SET version = 1, doc_length = 1 WHERE id = 'notes'");
        }
        store = new H2DocumentStore(dataDir);
        assertEquals(new DocumentInfo("notes", 3, 3, Instant.parse("2026-11-22T07:00:03Z")),
                store.list(10, Optional.empty()).docs().get(0));
    }

    @Test
    void syncedCommitsWorkTheSame() throws Exception {
        store.close();
        store = new H2DocumentStore(dataDir, true);
        await(store.append(new OpRecord("synced", 1, "[\"x\"]", 0, 1, "session-1", 1, "c1", "Ada",
                Instant.parse("2026-11-22T07:00:00Z")), 1));
        assertEquals(1, store.info("synced").orElseThrow().version());
    }

    @Override
    protected DocumentStore reopenStore() {
        store.close();
        return new H2DocumentStore(dataDir);
    }
}
