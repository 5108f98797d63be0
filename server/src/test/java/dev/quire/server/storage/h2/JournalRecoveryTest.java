package dev.quire.server.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.journal.Durability;
import dev.quire.server.storage.journal.JournalRecords;
import dev.quire.server.storage.journal.StoreWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal in front of H2: what a crash can leave (records journaled, so acknowledged, but
 * not yet in the SQL tables; a record cut short) and how segments are retired. Records are
 * written with the store's own codec into real segment files, then a real store opens them.
 */
class JournalRecoveryTest {
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00.000001Z");

    @TempDir
    Path dataDir;

    private DocumentStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static OpRecord op(String doc, int version, long seq) {
        return new OpRecord(
                doc,
                version,
                "[" + (version - 1) + ",\"" + (char) ('a' + version % 26) + "\"]",
                version - 1,
                100 + version,
                "session-" + doc,
                seq,
                "c-" + doc,
                "Ada",
                T0.plusSeconds(version));
    }

    private static StoreWrite append(OpRecord op) {
        return new StoreWrite.Append(op, op.version(), new CompletableFuture<>());
    }

    /** Appends records lsn firstLsn, firstLsn+1, … to the segment file that holds lsn 1 onwards. */
    private byte[] records(long firstLsn, List<StoreWrite> writes) {
        return JournalRecords.encode(firstLsn, writes);
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("journal"))) {
            List<Path> all = files.sorted().toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aJournaledSnapshotKeepsItsAuthorship() throws Exception {
        store = new H2DocumentStore(dataDir);
        await(store.append(op("notes", 1, 1), 1));
        store.close();
        Files.write(
                onlySegment(),
                records(
                        2,
                        List.of(new StoreWrite.PutSnapshot(
                                new Snapshot("notes", 1, "abc", "3 1700000040000 3:Ada"),
                                T0,
                                new CompletableFuture<>()))),
                StandardOpenOption.APPEND);

        store = new H2DocumentStore(dataDir);

        assertEquals(
                Optional.of(new Snapshot("notes", 1, "abc", "3 1700000040000 3:Ada")),
                store.snapshotAtOrBefore("notes", 1));
    }

    @Test
    void recordsJournaledButNotInTheTablesAreAppliedOnOpen() throws Exception {
        store = new H2DocumentStore(dataDir);
        await(store.append(op("notes", 1, 1), 1));
        await(store.append(op("notes", 2, 2), 2));
        store.close();
        // The store applied lsn 1..2 and checkpointed; a crash then leaves lsn 3..6 journaled only.
        Path segment = onlySegment();
        assertEquals("00000000000000000001.journal", segment.getFileName().toString());
        Files.write(
                segment,
                records(
                        3,
                        List.of(
                                append(op("notes", 3, 3)),
                                new StoreWrite.PutSnapshot(
                                        new Snapshot("notes", 3, "abc"), T0, new CompletableFuture<>()),
                                new StoreWrite.Create("empty", T0, new CompletableFuture<>()),
                                append(op("other", 1, 1)))),
                StandardOpenOption.APPEND);

        store = new H2DocumentStore(dataDir);

        assertEquals(List.of(op("notes", 1, 1), op("notes", 2, 2), op("notes", 3, 3)), store.ops("notes", 1, 100));
        assertEquals(Optional.of(new Snapshot("notes", 3, "abc")), store.snapshotAtOrBefore("notes", 3));
        assertEquals(Optional.of(new DocumentInfo("notes", 3, 3, T0.plusSeconds(3))), store.info("notes"));
        assertEquals(Optional.of(new DocumentInfo("empty", 0, 0, T0)), store.info("empty"));
        assertEquals(List.of(op("other", 1, 1)), store.ops("other", 1, 100));
        assertEquals(3L, store.lastSeq("notes", "session-notes"));
        // The replayed records now follow the log like any other: the next version is 4, seq 4.
        await(store.append(op("notes", 4, 4), 4));
        assertEquals(4, store.info("notes").orElseThrow().version());
        // Replayed, checkpointed, then the journal starts again after the last record (lsn 6).
        assertEquals("00000000000000000007.journal", onlySegment().getFileName().toString());
    }

    @Test
    void replayFollowsTheOpLogWhenTheDocumentsRowLags() throws Exception {
        store = new H2DocumentStore(dataDir);
        await(store.append(op("notes", 1, 1), 1));
        await(store.append(op("notes", 2, 2), 2));
        store.close();
        // What a kill -9 can leave: the lazily updated documents row behind the op log, and a
        // record journaled but not applied.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("quire"), "quire", "")) {
            c.createStatement().executeUpdate("UPDATE documents SET version = 1, doc_length = 1 WHERE id = 'notes'");
        }
        Files.write(onlySegment(), records(3, List.of(append(op("notes", 3, 3)))), StandardOpenOption.APPEND);

        store = new H2DocumentStore(dataDir);

        assertEquals(3, store.ops("notes", 1, 100).size());
        assertEquals(Optional.of(new DocumentInfo("notes", 3, 3, T0.plusSeconds(3))), store.info("notes"));
    }

    @Test
    void aRecordCutShortEndsTheJournalAndEverythingBeforeItIsKept() throws Exception {
        store = new H2DocumentStore(dataDir);
        store.close();
        Path segment = onlySegment();
        byte[] whole = records(1, List.of(append(op("notes", 1, 1)), append(op("notes", 2, 2))));
        byte[] third = records(3, List.of(append(op("notes", 3, 3))));
        Files.write(segment, whole, StandardOpenOption.APPEND);
        // A crash in the middle of writing lsn 3: only part of its bytes reached the file.
        Files.write(segment, java.util.Arrays.copyOf(third, third.length - 5), StandardOpenOption.APPEND);

        store = new H2DocumentStore(dataDir);

        assertEquals(List.of(op("notes", 1, 1), op("notes", 2, 2)), store.ops("notes", 1, 100));
        await(store.append(op("notes", 3, 3), 3));
        assertEquals(3, store.ops("notes", 1, 100).size());
    }

    @Test
    void aCorruptRecordEndsTheJournal() throws Exception {
        store = new H2DocumentStore(dataDir);
        store.close();
        Path segment = onlySegment();
        byte[] bytes = records(1, List.of(append(op("notes", 1, 1)), append(op("notes", 2, 2))));
        bytes[bytes.length - 3] ^= 0x20; // one flipped bit in the last record's body
        Files.write(segment, bytes, StandardOpenOption.APPEND);

        store = new H2DocumentStore(dataDir);

        assertEquals(List.of(op("notes", 1, 1)), store.ops("notes", 1, 100));
    }

    @Test
    void aDeleteAndARecreateReplayInOrder() throws Exception {
        store = new H2DocumentStore(dataDir);
        store.close();
        Path segment = onlySegment();
        OpRecord again = new OpRecord("notes", 1, "[\"new\"]", 0, 9, "session-2", 1, "c2", "Bo", T0);
        Files.write(
                segment,
                records(
                        1,
                        List.of(
                                append(op("notes", 1, 1)),
                                append(op("notes", 2, 2)),
                                new StoreWrite.Delete("notes", new CompletableFuture<>()),
                                append(again))),
                StandardOpenOption.APPEND);

        store = new H2DocumentStore(dataDir);

        assertEquals(List.of(again), store.ops("notes", 1, 100));
        assertEquals(0L, store.lastSeq("notes", "session-notes"));
        assertEquals(1L, store.lastSeq("notes", "session-2"));
    }

    @Test
    void segmentsAreDeletedOnceTheDatabaseCoversThem() throws Exception {
        store = new H2DocumentStore(dataDir, Durability.WRITE, 4096);
        for (int v = 1; v <= 2000; v++) {
            store.append(op("notes", v, v), v);
        }
        await(store.append(op("notes", 2001, 2001), 2001));
        // 2,001 records of ~110 bytes fill about 54 segments of 4 KiB; the applier checkpoints
        // whenever a segment is closed and deletes the ones it covers.
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> segmentFiles() <= 2);
        assertEquals(2001, store.ops("notes", 1, 3000).size());
        store.close();
        store = new H2DocumentStore(dataDir, Durability.WRITE, 4096);
        assertEquals(2001, store.info("notes").orElseThrow().version());
        assertEquals(1, segmentFiles());
    }

    @Test
    void appendsThatDoNotFollowTheLogAreRefusedBeforeTheyAreJournaled() throws Exception {
        store = new H2DocumentStore(dataDir);
        await(store.append(op("notes", 1, 1), 1));
        CompletableFuture<Void> gap = store.append(op("notes", 3, 3), 3);
        CompletableFuture<Void> reusedSeq = store.append(op("notes", 2, 1), 2);
        assertEquals(
                "append of notes version 3 does not follow version 1",
                assertFailure(gap).getMessage());
        assertEquals(
                "append of notes seq 1 of session session-notes is not above its last seq 1",
                assertFailure(reusedSeq).getMessage());
        store.close();
        // Neither reached the journal: reopening replays nothing beyond version 1.
        store = new H2DocumentStore(dataDir);
        assertEquals(List.of(op("notes", 1, 1)), store.ops("notes", 1, 100));
    }

    private static Throwable assertFailure(CompletableFuture<?> f) {
        Throwable t = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS))
                .getCause();
        assertTrue(t instanceof StorageException, t.toString());
        return t;
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("journal"))) {
            return files.count();
        }
    }
}
