package dev.quire.server.storage.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.StorageException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log's rule and the group write on their own, on the caller's thread: no writer thread, no
 * database (the stored heads are a map, the applier records what it is handed).
 */
class GroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    @TempDir
    Path dir;

    private Journal journal;
    private final List<Long> applied = new ArrayList<>();
    /** "stored" is in the database at version 2, with seq 5 of session "s". */
    private final StoredHeads heads = docId -> "stored".equals(docId)
            ? Optional.of(new StoredHeads.Head() {
                @Override
                public int version() {
                    return 2;
                }

                @Override
                public long lastSeq(String session) {
                    return "s".equals(session) ? 5 : 0;
                }
            })
            : Optional.empty();

    private final Applier applier = new Applier() {
        @Override
        public long appliedLsn() {
            return 0;
        }

        @Override
        public void enqueue(List<JournalEntry> entries) {
            entries.forEach(e -> applied.add(e.lsn()));
        }

        @Override
        public void awaitLagBelow(long journaledLsn, long maxLag) {}
    };

    @BeforeEach
    void open() throws Exception {
        journal = new Journal(dir, 1 << 20, Durability.WRITE);
        journal.startAt(1);
    }

    @AfterEach
    void close() throws Exception {
        journal.close();
    }

    private static StoreWrite.Append append(String docId, int version, String session, long seq) {
        OpRecord op = new OpRecord(docId, version, "[\"x\"]", version - 1, 7, session, seq, "c1", "ann", T0);
        return new StoreWrite.Append(op, version, new CompletableFuture<>());
    }

    private static String failure(StoreWrite w) {
        CompletionException e =
                assertThrows(CompletionException.class, () -> w.done().join());
        return e.getCause().getMessage();
    }

    @Test
    void aWriteThatDoesNotFollowTheLogFailsAloneAndTakesNoLsn() {
        GroupCommit commit = new GroupCommit(journal, heads, applier, 1);
        StoreWrite.Append first = append("stored", 3, "s", 6);
        StoreWrite.Append gap = append("stored", 5, "s", 7);
        StoreWrite.Append oldSeq = append("stored", 4, "s", 6);
        StoreWrite.Append next = append("stored", 4, "s", 7);

        commit.write(List.of(first, gap, oldSeq, next));

        assertTrue(first.done().isDone() && !first.done().isCompletedExceptionally());
        assertEquals("append of stored version 5 does not follow version 3", failure(gap));
        assertEquals("append of stored seq 6 of session s is not above its last seq 6", failure(oldSeq));
        assertTrue(next.done().isDone() && !next.done().isCompletedExceptionally());
        assertEquals(List.of(1L, 2L), applied);
        assertEquals(2, commit.journaledLsn());
        assertEquals(OptionalLong.of(7), commit.lastSeq("stored", "s"));
    }

    @Test
    void aCreateOfAnExistingDocumentCompletesWithoutARecordAndADeleteTellsWhetherItExisted() {
        GroupCommit commit = new GroupCommit(journal, heads, applier, 10);
        StoreWrite.Create again = new StoreWrite.Create("stored", T0, new CompletableFuture<>());
        StoreWrite.Delete deleted = new StoreWrite.Delete("stored", new CompletableFuture<>());
        StoreWrite.Delete absent = new StoreWrite.Delete("never", new CompletableFuture<>());
        StoreWrite.Create created = new StoreWrite.Create("stored", T0, new CompletableFuture<>());

        commit.write(List.of(again, deleted, absent, created));

        assertTrue(again.done().isDone() && !again.done().isCompletedExceptionally());
        assertTrue(deleted.done().join());
        assertFalse(absent.done().join());
        assertTrue(created.done().isDone() && !created.done().isCompletedExceptionally());
        // The create of the existing document carries the lsn before it, as a flush does.
        assertEquals(List.of(9L, 10L, 11L, 12L), applied);
        assertEquals(12, commit.journaledLsn());
        assertEquals(OptionalLong.of(0), commit.lastSeq("stored", "s"));
    }

    @Test
    void onceTheJournalCannotBeWrittenEveryLaterWriteFails() throws Exception {
        GroupCommit commit = new GroupCommit(journal, heads, applier, 1);
        journal.close();
        StoreWrite.Append lost = append("new", 1, "", 0);
        commit.write(List.of(lost));
        StoreWrite.Append later = append("other", 1, "", 0);
        commit.write(List.of(later));

        assertTrue(failure(lost).startsWith("cannot write the journal: "));
        assertEquals(failure(lost), failure(later));
        assertEquals(List.of(), applied);
        assertEquals(0, commit.journaledLsn());
        StorageException e = assertThrows(StorageException.class, () -> commit.lastSeq("new", ""));
        assertTrue(e.getMessage().startsWith("the journal cannot be written: cannot write the journal: "));
    }
}
