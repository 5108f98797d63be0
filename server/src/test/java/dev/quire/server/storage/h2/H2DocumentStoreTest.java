package dev.quire.server.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.DocumentStoreContract;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.journal.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
            await(store.append(
                    new OpRecord(
                            "notes",
                            v,
                            "[\"x\"]",
                            v - 1,
                            v,
                            "session-1",
                            v,
                            "c1",
                            "Ada",
                            Instant.parse("2026-11-22T07:00:00Z").plusSeconds(v)),
                    v));
        }
        store.close();
        // What a kill -9 can leave behind: the documents row behind the op log.
        try (Connection c = DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("quire"), "quire", "")) {
            c.createStatement().executeUpdate("UPDATE documents SET version = 1, doc_length = 1 WHERE id = 'notes'");
        }
        store = new H2DocumentStore(dataDir);
        assertEquals(
                new DocumentInfo("notes", 3, 3, Instant.parse("2026-11-22T07:00:03Z")),
                store.list(10, Optional.empty()).docs().get(0));
    }

    /**
     * While a transaction of the test holds the {@code journal_state} row, no apply transaction
     * can commit (each records its last lsn there): appends are journaled and acknowledged but
     * provably not in the SQL tables, and {@code lastSeq} still answers, from the journal's view.
     * (Were it to wait for the applier, it would wait for this test's transaction: a deadlock
     * that fails after the read timeout.)
     */
    @Test
    void lastSeqDoesNotWaitForTheApplier() throws Exception {
        try (Connection c = DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("quire") + ";DB_CLOSE_ON_EXIT=FALSE", "quire", "")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT applied_lsn FROM journal_state FOR UPDATE")
                        .close();
            }
            for (int v = 1; v <= 3; v++) {
                await(store.append(op("notes", v, "session-1", v), v));
            }
            assertEquals(3L, store.lastSeq("notes", "session-1"));
            assertEquals(0L, store.lastSeq("notes", "session-2"));
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ops")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
            c.rollback();
        }
        assertEquals(3, store.ops("notes", 1, 10).size());
    }

    @Test
    void syncedCommitsWorkTheSame() throws Exception {
        store.close();
        store = new H2DocumentStore(dataDir, Durability.FSYNC);
        await(store.append(
                new OpRecord(
                        "synced",
                        1,
                        "[\"x\"]",
                        0,
                        1,
                        "session-1",
                        1,
                        "c1",
                        "Ada",
                        Instant.parse("2026-11-22T07:00:00Z")),
                1));
        assertEquals(1, store.info("synced").orElseThrow().version());
    }

    /**
     * Eight threads append to their own documents at once, so most writes are journaled by
     * whichever thread holds the writer's lock: every future completes, each document's futures
     * complete in version order, and every op is in the store after a restart.
     */
    @Test
    void concurrentSubmittersJournalEachOthersWritesInOrder() throws Exception {
        int threads = 8;
        int ops = 400;
        List<List<Integer>> completed = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        List<CompletableFuture<Void>> all = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
            completed.add(order);
            String doc = "doc-" + t;
            writers.add(new Thread(() -> {
                for (int v = 1; v <= ops; v++) {
                    int version = v;
                    CompletableFuture<Void> f = store.append(
                            new OpRecord(
                                    doc,
                                    v,
                                    "[\"x\"]",
                                    v - 1,
                                    v,
                                    "s-" + doc,
                                    v,
                                    "c",
                                    "Ada",
                                    Instant.parse("2026-11-22T07:00:00Z")),
                            v);
                    all.add(f);
                    f.thenRun(() -> order.add(version));
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread w : writers) {
            w.join();
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<Integer> expected =
                java.util.stream.IntStream.rangeClosed(1, ops).boxed().toList();
        for (List<Integer> order : completed) {
            assertEquals(expected, order);
        }
        store = reopenStore();
        for (int t = 0; t < threads; t++) {
            assertEquals(
                    expected,
                    store.ops("doc-" + t, 1, ops + 1).stream()
                            .map(OpRecord::version)
                            .toList());
            assertEquals(ops, store.lastSeq("doc-" + t, "s-doc-" + t));
        }
    }

    @Override
    protected DocumentStore reopenStore() {
        store.close();
        return new H2DocumentStore(dataDir);
    }
}
