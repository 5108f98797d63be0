package dev.quire.server.storage.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.server.storage.ChatRecord;
import dev.quire.server.storage.ConflictException;
import dev.quire.server.storage.Generation;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StorageException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several stores on one PostgreSQL database, as several nodes of a cluster: each has its own pool
 * and writer, and only the database orders their commits.
 */
class PgClusterStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-05T20:00:00Z");
    private static PgTestDatabase database;
    private final List<PgDocumentStore> nodes = new ArrayList<>();

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PgTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void openNodes() throws Exception {
        for (int i = 0; i < 5; i++) {
            nodes.add(new PgDocumentStore(database.location(), 2));
        }
        database.truncate();
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(PgDocumentStore::close);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static OpRecord op(int version, String text, String session, long seq) {
        return new OpRecord(
                "notes",
                version,
                "[" + (version - 1) + ",\"" + text + "\"]",
                version - 1,
                text.hashCode(),
                session,
                seq,
                "c-" + session,
                "Ada",
                T0.plusSeconds(version));
    }

    @Test
    void oneCommitSucceedsOutOfFiveSimultaneousOnesOnFiveNodes() throws Exception {
        for (int v = 1; v <= 3; v++) {
            await(nodes.get(0).append(op(v, "base" + v, "session-base", v), v));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<Void>>> attempts = new ArrayList<>();
        List<OpRecord> submitted = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            PgDocumentStore node = nodes.get(n);
            OpRecord attempt = op(4, "node" + n, "session-" + n, 1);
            submitted.add(attempt);
            attempts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return node.append(attempt, 4);
            }));
        }
        start.countDown();
        List<OpRecord> winners = new ArrayList<>();
        List<ConflictException> conflicts = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            try {
                await(await(attempts.get(n)));
                winners.add(submitted.get(n));
            } catch (ExecutionException e) {
                conflicts.add(assertInstanceOf(ConflictException.class, e.getCause()));
            }
        }
        assertEquals(1, winners.size());
        assertEquals(4, conflicts.size());
        for (ConflictException c : conflicts) {
            assertEquals(4, c.version());
            assertEquals(winners, c.winners());
        }
        for (PgDocumentStore node : nodes) {
            assertEquals(4, node.info("notes").orElseThrow().version());
            assertEquals(winners, node.ops("notes", 4, 100));
        }
    }

    /**
     * A node unaware of another's commit appends v1, v2 and a snapshot at v2 without waiting: v1
     * is a conflict, v2 and the snapshot were made on top of it and are refused; once the node has
     * heard of the conflict, its next append (transformed past the winner) commits.
     */
    @Test
    void theWritesQueuedOnTopOfAConflictAreRefused() throws Exception {
        PgDocumentStore a = nodes.get(0);
        PgDocumentStore b = nodes.get(1);
        OpRecord won = op(1, "a", "session-a", 1);
        await(a.append(won, 1));
        CompletableFuture<Void> first = b.append(op(1, "b", "session-b", 1), 1);
        CompletableFuture<Void> second = b.append(op(2, "bb", "session-b", 2), 2);
        CompletableFuture<Void> snapshot = b.saveSnapshot(new Snapshot("notes", 2, "bb"));
        ConflictException c = assertInstanceOf(
                ConflictException.class,
                assertThrows(ExecutionException.class, () -> await(first)).getCause());
        assertEquals(List.of(won), c.winners());
        assertInstanceOf(
                StorageException.class,
                assertThrows(ExecutionException.class, () -> await(second)).getCause());
        await(snapshot);
        assertEquals(Optional.empty(), a.snapshotAtOrBefore("notes", 5));
        OpRecord retried = op(2, "b", "session-b", 1);
        await(b.append(retried, 2));
        assertEquals(List.of(won, retried), a.ops("notes", 1, 10));
        assertEquals(1L, a.lastSeq("notes", "session-b"));
    }

    /**
     * The generation fence (decision 049): after node b's append of v1 conflicted and the writer
     * reported it, b — not having heard of it yet — appends v2 and a snapshot at v2 in the same
     * generation. Queued after the failure, only the generation tells they were made on top of
     * it: without the fence v2 would follow a's v1 and commit a fork. Refused and dropped; the
     * next generation's append (the lost op transformed past the winner) commits.
     */
    @Test
    void theWritesOfAGenerationAfterItsConflictAreRefusedAndTheNextGenerationCommits() throws Exception {
        PgDocumentStore a = nodes.get(0);
        PgDocumentStore b = nodes.get(1);
        OpRecord won = op(1, "a", "session-a", 1);
        await(a.append(won, 1));
        Generation lost = new Generation();
        CompletableFuture<Void> first = b.append(op(1, "b", "session-b", 1), 1, lost);
        ConflictException c = assertInstanceOf(
                ConflictException.class,
                assertThrows(ExecutionException.class, () -> await(first)).getCause());
        assertEquals(List.of(won), c.winners());

        CompletableFuture<Void> onTop = b.append(op(2, "bb", "session-b", 2), 2, lost);
        CompletableFuture<Void> snapshot = b.saveSnapshot(new Snapshot("notes", 2, "bb"), lost);
        StorageException refused = assertInstanceOf(
                StorageException.class,
                assertThrows(ExecutionException.class, () -> await(onTop)).getCause());
        assertEquals("append of notes version 2 was made on top of an append that failed", refused.getMessage());
        await(snapshot);
        assertEquals(Optional.empty(), a.snapshotAtOrBefore("notes", 5));

        Generation next = new Generation();
        OpRecord retried = op(2, "b", "session-b", 1);
        await(b.append(retried, 2, next));
        OpRecord after = op(3, "c", "session-b", 2);
        await(b.append(after, 3, next));
        assertEquals(List.of(won, retried, after), a.ops("notes", 1, 10));
        assertEquals(2L, a.lastSeq("notes", "session-b"));
    }

    /** The exactly-once key is the database's: a resend that reaches another node is refused there. */
    @Test
    void aSeqCommittedOnOneNodeIsRefusedOnAnother() throws Exception {
        PgDocumentStore a = nodes.get(0);
        PgDocumentStore b = nodes.get(1);
        OpRecord first = op(1, "x", "session-1", 1);
        await(a.append(first, 1));
        assertEquals(1L, b.lastSeq("notes", "session-1"));
        assertEquals(Optional.of(first), b.findBySeq("notes", "session-1", 1));
        OpRecord resent = op(2, "x", "session-1", 1);
        ConflictException c = assertInstanceOf(
                ConflictException.class,
                assertThrows(ExecutionException.class, () -> await(b.append(resent, 2)))
                        .getCause());
        assertEquals(List.of(first), c.winners());
        assertEquals(List.of(first), a.ops("notes", 1, 10));
    }

    @Test
    void chatAppendsOfFiveNodesAtOnceGetEveryIdOnce() throws Exception {
        // Every node reads the same last id at times; the loser of the primary key retries.
        List<CompletableFuture<ChatRecord>> calls = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (PgDocumentStore node : nodes) {
                calls.add(node.chat()
                        .orElseThrow()
                        .append(new ChatRecord("notes", 0, "Ada", "#4363d8", "r" + round, T0)));
            }
        }
        List<Long> ids = new ArrayList<>();
        for (CompletableFuture<ChatRecord> c : calls) {
            ids.add(await(c).id());
        }
        ids.sort(Long::compare);
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 20; i++) {
            expected.add(i);
        }
        assertEquals(expected, ids);
        assertEquals(
                expected,
                nodes.get(0).chat().orElseThrow().before("notes", Long.MAX_VALUE, 100).stream()
                        .map(ChatRecord::id)
                        .toList());
    }
}
