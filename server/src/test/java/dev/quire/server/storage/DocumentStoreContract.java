package dev.quire.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.AnchoredRange;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DocumentStore} passes. An implementation's test extends it and
 * supplies the store: a fresh, empty one from {@link #openStore()}, and one on the same data from
 * {@link #reopenStore()}; every test here then runs against it.
 */
public abstract class DocumentStoreContract {
    protected DocumentStore store;
    private static final Instant T0 = Instant.parse("2026-11-22T06:50:00.123456Z");

    /** A fresh, empty store. */
    protected abstract DocumentStore openStore() throws Exception;

    /** Closes {@link #store} and opens a store on the same data. */
    protected abstract DocumentStore reopenStore() throws Exception;

    @BeforeEach
    protected void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    protected void closeStore() {
        store.close();
    }

    protected static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    protected static OpRecord op(String doc, int version, String session, long seq) {
        return new OpRecord(
                doc,
                version,
                "[" + (version - 1) + ",\"x\"]",
                version - 1,
                42L + version,
                session,
                seq,
                session.isEmpty() ? "" : "c1",
                "Ada",
                T0.plusSeconds(version));
    }

    @Test
    void unknownDocumentIsAbsent() {
        assertEquals(Optional.empty(), store.load("nope"));
        assertEquals(Optional.empty(), store.info("nope"));
        assertEquals(List.of(), store.ops("nope", 1, 10));
        assertEquals(0L, store.lastSeq("nope", "session-1"));
    }

    @Test
    void createMakesAnEmptyDocumentAndIsIdempotent() throws Exception {
        await(store.create("notes", T0));
        await(store.create("notes", T0.plusSeconds(5)));
        assertEquals(Optional.of(new DocumentInfo("notes", 0, 0, T0)), store.info("notes"));
        StoredDocument loaded = store.load("notes").orElseThrow();
        assertEquals(new Snapshot("notes", 0, ""), loaded.snapshot());
        assertEquals(List.of(), loaded.ops());
        assertEquals(0, loaded.version());
    }

    @Test
    void titleIsStoredWithTheDocumentAndSurvivesOpsAndReopening() throws Exception {
        assertEquals(false, await(store.setTitle("notes", "Meeting notes")));
        assertEquals(Optional.empty(), store.info("notes"));
        await(store.create("notes", T0));
        assertEquals(true, await(store.setTitle("notes", "Meeting notes — 6 Dec ✓")));
        await(store.append(op("notes", 1, "session-1", 1), 1));
        assertEquals(
                Optional.of(new DocumentInfo("notes", 1, 1, T0.plusSeconds(1), "Meeting notes — 6 Dec ✓")),
                store.info("notes"));
        assertEquals(
                List.of(new DocumentInfo("notes", 1, 1, T0.plusSeconds(1), "Meeting notes — 6 Dec ✓")),
                store.list(10, Optional.empty()).docs());
        store = reopenStore();
        assertEquals(
                "Meeting notes — 6 Dec ✓", store.info("notes").orElseThrow().title());
        assertEquals(true, await(store.setTitle("notes", "")));
        assertEquals("", store.info("notes").orElseThrow().title());
    }

    @Test
    void namedVersionsAreStoredReplacedRemovedAndDeletedWithTheDocument() throws Exception {
        assertEquals(false, await(store.nameVersion("notes", 0, "Empty", T0)));
        await(store.create("notes", T0));
        for (int v = 1; v <= 3; v++) {
            await(store.append(op("notes", v, "session-1", v), v));
        }
        assertEquals(true, await(store.nameVersion("notes", 3, "Sent to Ada", T0.plusSeconds(10))));
        assertEquals(true, await(store.nameVersion("notes", 1, "First draft", T0.plusSeconds(11))));
        assertEquals(true, await(store.nameVersion("notes", 3, "Sent to Bob", T0.plusSeconds(12))));
        assertEquals(
                List.of(
                        new NamedVersion(1, "First draft", T0.plusSeconds(11)),
                        new NamedVersion(3, "Sent to Bob", T0.plusSeconds(12))),
                store.namedVersions("notes"));
        store = reopenStore();
        assertEquals(2, store.namedVersions("notes").size());
        assertEquals(true, await(store.nameVersion("notes", 1, "", T0.plusSeconds(13))));
        assertEquals(List.of(new NamedVersion(3, "Sent to Bob", T0.plusSeconds(12))), store.namedVersions("notes"));
        assertEquals(true, await(store.delete("notes")));
        assertEquals(List.of(), store.namedVersions("notes"));
        await(store.create("notes", T0.plusSeconds(20)));
        assertEquals(List.of(), store.namedVersions("notes"));
        assertEquals("", store.info("notes").orElseThrow().title());
    }

    @Test
    void appendedOpsReadBackExactlyInVersionOrder() throws Exception {
        await(store.create("notes", T0));
        List<OpRecord> written = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            OpRecord r = v == 3 ? op("notes", v, "", 0) : op("notes", v, "session-1", v);
            written.add(r);
            await(store.append(r, v));
        }
        assertEquals(written, store.ops("notes", 1, 6));
        assertEquals(written.subList(1, 3), store.ops("notes", 2, 4));
        assertEquals(written, store.load("notes").orElseThrow().ops());
        assertEquals(Optional.of(new DocumentInfo("notes", 5, 5, T0.plusSeconds(5))), store.info("notes"));
        assertEquals(Optional.of(written.get(3)), store.findBySeq("notes", "session-1", 4));
        assertEquals(Optional.empty(), store.findBySeq("notes", "session-1", 3));
        assertEquals(5L, store.lastSeq("notes", "session-1"));
        assertEquals(0L, store.lastSeq("notes", "session-2"));
    }

    @Test
    void lastSeqReflectsAnAppendAsSoonAsItsFutureCompleted() throws Exception {
        for (int v = 1; v <= 20; v++) {
            String session = v % 2 == 0 ? "session-even" : "session-odd";
            await(store.append(op("notes", v, session, v), v));
            assertEquals(v, store.lastSeq("notes", session));
        }
        assertEquals(19L, store.lastSeq("notes", "session-odd"));
        assertEquals(0L, store.lastSeq("notes", "session-other"));
        assertTrue(await(store.delete("notes")));
        assertEquals(0L, store.lastSeq("notes", "session-even"));
        await(store.append(op("notes", 1, "session-even", 1), 1));
        assertEquals(1L, store.lastSeq("notes", "session-even"));
        store = reopenStore();
        assertEquals(1L, store.lastSeq("notes", "session-even"));
        assertEquals(0L, store.lastSeq("notes", "session-odd"));
    }

    @Test
    void appendCreatesTheDocumentRowIfMissing() throws Exception {
        await(store.append(op("fresh", 1, "session-1", 1), 1));
        assertEquals(1, store.info("fresh").orElseThrow().version());
    }

    @Test
    void duplicateVersionFailsOnlyItsOwnWrite() throws Exception {
        await(store.append(op("notes", 1, "session-1", 1), 1));
        CompletableFuture<Void> dup = store.append(op("notes", 1, "session-2", 1), 1);
        CompletableFuture<Void> other = store.append(op("other", 1, "session-2", 1), 1);
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(dup));
        assertTrue(e.getCause() instanceof StorageException, e.getCause().toString());
        await(other);
        assertEquals(1, store.ops("notes", 1, 10).size());
        assertEquals("session-1", store.ops("notes", 1, 10).get(0).session());
    }

    @Test
    void anAppendThatSkipsAVersionFailsAndSoDoLaterOnes() throws Exception {
        await(store.append(op("notes", 1, "session-1", 1), 1));
        assertThrows(ExecutionException.class, () -> await(store.append(op("notes", 3, "session-1", 3), 3)));
        store = reopenStore();
        assertThrows(ExecutionException.class, () -> await(store.append(op("notes", 3, "session-1", 3), 3)));
        await(store.append(op("notes", 2, "session-1", 2), 2));
        assertEquals(2, store.info("notes").orElseThrow().version());
    }

    @Test
    void duplicateSessionSeqFails() throws Exception {
        await(store.append(op("notes", 1, "session-1", 1), 1));
        OpRecord again = new OpRecord("notes", 2, "[1,\"y\"]", 1, 7, "session-1", 1, "c1", "Ada", T0);
        assertThrows(ExecutionException.class, () -> await(store.append(again, 2)));
        assertEquals(1, store.info("notes").orElseThrow().version());
    }

    /**
     * ShareDB's "one commit succeeds out of five simultaneous ones": five writers append at the
     * same base version of one document at once; exactly one op becomes the next version, the
     * others fail and change nothing. A shared store reports each loser as a conflict carrying the
     * op that won.
     */
    @Test
    void oneCommitSucceedsOutOfFiveSimultaneousOnes() throws Exception {
        for (int v = 1; v <= 3; v++) {
            await(store.append(op("notes", v, "session-0", v), v));
        }
        int writers = 5;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> attempts = new ArrayList<>();
        List<OpRecord> submitted = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 1; w <= writers; w++) {
            OpRecord attempt = new OpRecord(
                    "notes", 4, "[3,\"w" + w + "\"]", 3, 100 + w, "session-" + w, 1, "c" + w, "Writer " + w, T0);
            submitted.add(attempt);
            CompletableFuture<Void> result = new CompletableFuture<>();
            attempts.add(result);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    store.append(attempt, 4).whenComplete((ok, fault) -> {
                        if (fault == null) {
                            result.complete(null);
                        } else {
                            result.completeExceptionally(fault);
                        }
                    });
                } catch (InterruptedException e) {
                    result.completeExceptionally(e);
                }
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        List<OpRecord> winners = new ArrayList<>();
        List<Throwable> losers = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            try {
                await(attempts.get(w));
                winners.add(submitted.get(w));
            } catch (ExecutionException e) {
                losers.add(e.getCause());
            }
        }
        assertEquals(1, winners.size(), "winners: " + winners);
        assertEquals(writers - 1, losers.size());
        OpRecord winner = winners.get(0);
        assertEquals(List.of(winner), store.ops("notes", 4, 10));
        assertEquals(4, store.info("notes").orElseThrow().version());
        assertEquals(1L, store.lastSeq("notes", winner.session()));
        for (Throwable loser : losers) {
            if (store.shared()) {
                ConflictException c = assertInstanceOf(ConflictException.class, loser);
                assertEquals("notes", c.docId());
                assertEquals(4, c.version());
                assertEquals(List.of(winner), c.winners());
            } else {
                assertInstanceOf(StorageException.class, loser);
            }
        }
        for (OpRecord lost : submitted) {
            if (lost != winner) {
                assertEquals(0L, store.lastSeq("notes", lost.session()));
            }
        }
    }

    /**
     * Exactly-once: a (doc, session, seq) already committed is never committed again, whatever
     * version the second append names (a resend that reached a writer unaware of the first); a
     * shared store reports it as a conflict carrying the committed op.
     */
    @Test
    void aCommittedSeqIsNeverCommittedTwice() throws Exception {
        OpRecord first = op("notes", 1, "session-1", 1);
        await(store.append(first, 1));
        await(store.append(op("notes", 2, "session-2", 1), 2));
        OpRecord resent =
                new OpRecord("notes", 3, first.opJson(), 0, first.submitHash(), "session-1", 1, "c9", "Ada", T0);
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(store.append(resent, 3)));
        if (store.shared()) {
            ConflictException c = assertInstanceOf(ConflictException.class, e.getCause());
            assertEquals(List.of(first), c.winners());
        } else {
            assertInstanceOf(StorageException.class, e.getCause());
        }
        assertEquals(2, store.info("notes").orElseThrow().version());
        assertEquals(Optional.of(first), store.findBySeq("notes", "session-1", 1));
        assertEquals(1L, store.lastSeq("notes", "session-1"));
        // The session goes on with its next seq.
        await(store.append(op("notes", 3, "session-1", 2), 3));
        assertEquals(2L, store.lastSeq("notes", "session-1"));
    }

    @Test
    void opsWithoutSessionNeverCollide() throws Exception {
        for (int v = 1; v <= 3; v++) {
            await(store.append(op("notes", v, "", 0), v));
        }
        assertEquals(3, store.ops("notes", 1, 4).size());
    }

    @Test
    void loadReadsTheNewestSnapshotAndTheOpsAfterIt() throws Exception {
        for (int v = 1; v <= 7; v++) {
            store.append(op("notes", v, "session-1", v), v);
        }
        await(store.saveSnapshot(new Snapshot("notes", 3, "abc")));
        await(store.saveSnapshot(new Snapshot("notes", 5, "abcde")));
        await(store.saveSnapshot(new Snapshot("notes", 5, "ignored")));
        StoredDocument loaded = store.load("notes").orElseThrow();
        assertEquals(new Snapshot("notes", 5, "abcde"), loaded.snapshot());
        assertEquals(List.of(6, 7), loaded.ops().stream().map(OpRecord::version).toList());
        assertEquals(7, loaded.version());
        assertEquals(Optional.of(new Snapshot("notes", 3, "abc")), store.snapshotAtOrBefore("notes", 4));
        assertEquals(Optional.empty(), store.snapshotAtOrBefore("notes", 2));
    }

    @Test
    void compactFoldsTheOpsBeforeTheNewestSnapshotOlderThanTheCutoff() throws Exception {
        for (int v = 1; v <= 10; v++) {
            store.append(op("notes", v, "session-1", v), v);
        }
        await(store.saveSnapshot(new Snapshot("notes", 3, "xxx")));
        await(store.saveSnapshot(new Snapshot("notes", 6, "xxxxxx")));
        await(store.saveSnapshot(new Snapshot("notes", 9, "xxxxxxxxx")));
        // Op v was made at T0 + v s: ops 1..6 are older than T0 + 7 s, so snapshot 6 is the milestone.
        assertEquals(5, store.compact("notes", T0.plusSeconds(7)));
        assertEquals(List.of(6, 7, 8, 9, 10), versions(store.ops("notes", 1, 11)));
        assertEquals(0, store.compact("notes", T0.plusSeconds(7)));
        assertEquals(Optional.of(new Snapshot("notes", 3, "xxx")), store.snapshotAtOrBefore("notes", 5));
        assertEquals(Optional.of(new Snapshot("notes", 6, "xxxxxx")), store.snapshotAtOrBefore("notes", 6));
        assertEquals(Optional.of(new DocumentInfo("notes", 10, 10, T0.plusSeconds(10))), store.info("notes"));

        assertEquals(3, store.compact("notes", T0.plusSeconds(100)));
        assertEquals(List.of(9, 10), versions(store.ops("notes", 1, 11)));
        StoredDocument loaded = store.load("notes").orElseThrow();
        assertEquals(new Snapshot("notes", 9, "xxxxxxxxx"), loaded.snapshot());
        assertEquals(List.of(10), versions(loaded.ops()));
        assertEquals(Optional.of(new Snapshot("notes", 3, "xxx")), store.snapshotAtOrBefore("notes", 3));

        await(store.append(op("notes", 11, "session-1", 11), 11));
        assertEquals(List.of(9, 10, 11), versions(store.ops("notes", 1, 12)));
        store = reopenStore();
        assertEquals(11, store.info("notes").orElseThrow().version());
        assertEquals(11L, store.lastSeq("notes", "session-1"));
        await(store.append(op("notes", 12, "session-1", 12), 12));
        assertEquals(List.of(9, 10, 11, 12), versions(store.ops("notes", 1, 13)));
    }

    @Test
    void compactWithoutAMilestoneOlderThanTheCutoffKeepsEveryOp() throws Exception {
        assertEquals(0, store.compact("nope", T0.plusSeconds(100)));
        for (int v = 1; v <= 4; v++) {
            store.append(op("notes", v, "session-1", v), v);
        }
        await(store.create("notes", T0));
        assertEquals(0, store.compact("notes", T0.plusSeconds(100)));
        await(store.saveSnapshot(new Snapshot("notes", 3, "xxx")));
        assertEquals(0, store.compact("notes", T0.plusSeconds(3)));
        assertEquals(List.of(1, 2, 3, 4), versions(store.ops("notes", 1, 5)));
        assertEquals(2, store.compact("notes", T0.plusSeconds(4)));
        assertEquals(List.of(3, 4), versions(store.ops("notes", 1, 5)));
    }

    @Test
    void compactLeavesOtherDocumentsAndARecreatedDocumentAlone() throws Exception {
        for (int v = 1; v <= 4; v++) {
            store.append(op("notes", v, "session-1", v), v);
            store.append(op("other", v, "session-1", v), v);
        }
        await(store.saveSnapshot(new Snapshot("notes", 4, "xxxx")));
        await(store.saveSnapshot(new Snapshot("other", 4, "xxxx")));
        assertTrue(await(store.delete("notes")));
        for (int v = 1; v <= 2; v++) {
            await(store.append(op("notes", v, "session-2", v), v));
        }
        assertEquals(0, store.compact("notes", T0.plusSeconds(100)));
        assertEquals(List.of(1, 2), versions(store.ops("notes", 1, 5)));
        assertEquals(3, store.compact("other", T0.plusSeconds(100)));
        assertEquals(List.of(4), versions(store.ops("other", 1, 5)));
    }

    @Test
    void aRetentionSweepFoldsEveryDocumentWithAMilestoneOlderThanTheRetention() throws Exception {
        for (String id : List.of("a", "b", "c")) {
            for (int v = 1; v <= 3; v++) {
                store.append(op(id, v, "session-1", v), v);
            }
        }
        await(store.saveSnapshot(new Snapshot("a", 2, "xx")));
        await(store.saveSnapshot(new Snapshot("b", 3, "xxx")));
        // "c" has no snapshot: nothing of it can be folded.
        java.time.Clock clock = java.time.Clock.fixed(T0.plusSeconds(3600 + 10), java.time.ZoneOffset.UTC);
        CompactionSweep sweep = CompactionSweep.manual(store, java.time.Duration.ofHours(1), clock);
        assertEquals(new CompactionSweep.Result(2, 3), sweep.sweep());
        assertEquals(List.of(2, 3), versions(store.ops("a", 1, 4)));
        assertEquals(List.of(3), versions(store.ops("b", 1, 4)));
        assertEquals(List.of(1, 2, 3), versions(store.ops("c", 1, 4)));
        assertEquals(new CompactionSweep.Result(0, 0), sweep.sweep());
    }

    private static List<Integer> versions(List<OpRecord> ops) {
        return ops.stream().map(OpRecord::version).toList();
    }

    @Test
    void snapshotTextKeepsEmojiAndControlCharacters() throws Exception {
        String text = "a😀b\u00e9\u0000\n\"z\\";
        await(store.saveSnapshot(new Snapshot("notes", 0, text)));
        await(store.create("notes", T0));
        assertEquals(text, store.load("notes").orElseThrow().snapshot().content());
    }

    @Test
    void snapshotAuthorshipIsStoredBesideTheTextAndSurvivesReopening() throws Exception {
        // Issue 17: "3 units by Ada, then 2 by an author whose name has an emoji, a quote and a NUL".
        String authorship = "3 1700000040000 3:Ada2 1700000100000 6:\"😀\u0000z";
        await(store.append(op("notes", 1, "session-1", 1), 1));
        await(store.saveSnapshot(new Snapshot("notes", 1, "abcde", authorship)));
        await(store.append(op("notes", 2, "session-1", 2), 2));
        await(store.saveSnapshot(new Snapshot("notes", 2, "abcdef")));
        assertEquals(Optional.of(new Snapshot("notes", 1, "abcde", authorship)), store.snapshotAtOrBefore("notes", 1));
        assertEquals(Optional.of(new Snapshot("notes", 2, "abcdef", "")), store.snapshotAtOrBefore("notes", 2));
        store = reopenStore();
        assertEquals(Optional.of(new Snapshot("notes", 1, "abcde", authorship)), store.snapshotAtOrBefore("notes", 1));
        assertEquals(
                new Snapshot("notes", 2, "abcdef", ""),
                store.load("notes").orElseThrow().snapshot());
    }

    @Test
    void deleteRemovesEverythingAndReportsExistence() throws Exception {
        await(store.append(op("notes", 1, "session-1", 1), 1));
        await(store.saveSnapshot(new Snapshot("notes", 1, "x")));
        assertTrue(await(store.delete("notes")));
        assertFalse(await(store.delete("notes")));
        assertEquals(Optional.empty(), store.load("notes"));
        assertEquals(List.of(), store.ops("notes", 1, 10));
        assertEquals(Optional.empty(), store.snapshotAtOrBefore("notes", 10));
        // A later document of the same id starts again at version 1 with seq 1.
        await(store.append(op("notes", 1, "session-1", 1), 1));
        assertEquals(1, store.info("notes").orElseThrow().version());
    }

    @Test
    void writesApplyInCallOrderAcrossAGroup() throws Exception {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int v = 1; v <= 50; v++) {
            all.add(store.append(op("a", v, "s-aaaaaaaa", v), v));
            all.add(store.append(op("b", v, "s-bbbbbbbb", v), v * 2));
        }
        all.add(store.delete("a"));
        all.add(store.append(op("a", 1, "s-aaaaaaaa", 1), 1));
        for (CompletableFuture<?> f : all) {
            await(f);
        }
        assertEquals(1, store.info("a").orElseThrow().version());
        assertEquals(
                new DocumentInfo("b", 50, 100, T0.plusSeconds(50)),
                store.info("b").orElseThrow());
    }

    @Test
    void manyConcurrentAppendsAllBecomeDurable() throws Exception {
        int docs = 20;
        int perDoc = 200;
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<Void>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int d = 0; d < docs; d++) {
            String doc = "doc-" + d;
            Thread t = new Thread(() -> {
                for (int v = 1; v <= perDoc; v++) {
                    futures.add(store.append(op(doc, v, "session-" + doc, v), v));
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (CompletableFuture<Void> f : futures) {
            await(f);
        }
        for (int d = 0; d < docs; d++) {
            assertEquals(perDoc, store.info("doc-" + d).orElseThrow().version());
            assertEquals(perDoc, store.info("doc-" + d).orElseThrow().length());
        }
        store = reopenStore();
        assertEquals(docs, store.list(1000, Optional.empty()).docs().size());
        for (int d = 0; d < docs; d++) {
            assertEquals(
                    perDoc,
                    store.list(1000, Optional.empty()).docs().stream()
                            .filter(i -> i.docId().equals("doc-0"))
                            .findFirst()
                            .orElseThrow()
                            .version());
            List<OpRecord> ops = store.ops("doc-" + d, 1, Integer.MAX_VALUE);
            assertEquals(perDoc, ops.size());
            assertEquals(perDoc, ops.get(perDoc - 1).version());
        }
    }

    @Test
    void listPagesByMostRecentlyUpdatedThenId() throws Exception {
        await(store.create("b", T0));
        await(store.create("a", T0));
        await(store.create("c", T0.minusSeconds(1)));
        await(store.append(op("d", 1, "session-1", 1), 3));
        DocumentPage first = store.list(2, Optional.empty());
        assertEquals(
                List.of("d", "a"),
                first.docs().stream().map(DocumentInfo::docId).toList());
        assertTrue(first.next().isPresent());
        DocumentPage second = store.list(2, first.next());
        assertEquals(
                List.of("b", "c"),
                second.docs().stream().map(DocumentInfo::docId).toList());
        assertEquals(Optional.empty(), second.next());
        assertEquals(
                new DocumentInfo("d", 1, 3, T0.plusSeconds(1)), first.docs().get(0));
    }

    @Test
    void listRejectsForeignCursorsAndBadLimits() {
        assertThrows(IllegalArgumentException.class, () -> store.list(10, Optional.of("!!not-a-cursor")));
        assertThrows(IllegalArgumentException.class, () -> store.list(0, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> store.list(1001, Optional.empty()));
    }

    @Test
    void veryLongOpsRoundTrip() throws Exception {
        String json = "[\"" + "é".repeat(1_000_010) + "\"]";
        OpRecord r = new OpRecord("big", 1, json, 0, 1, "session-1", 1, "c1", "Ada", T0);
        await(store.append(r, 1_000_010));
        assertEquals(json, store.ops("big", 1, 2).get(0).opJson());
        assertEquals(json, store.load("big").orElseThrow().ops().get(0).opJson());
    }

    @Test
    void timesAreKeptToTheMicrosecond() throws Exception {
        Instant nanos = T0.plusNanos(789);
        OpRecord r = new OpRecord("notes", 1, "[\"x\"]", 0, 1, "session-1", 1, "c1", "Ada", nanos);
        await(store.append(r, 1));
        assertEquals(
                nanos.truncatedTo(ChronoUnit.MICROS),
                store.ops("notes", 1, 2).get(0).time());
    }

    @Test
    void dataSurvivesReopening() throws Exception {
        await(store.append(op("notes", 1, "session-1", 1), 1));
        await(store.saveSnapshot(new Snapshot("notes", 1, "x")));
        store = reopenStore();
        StoredDocument loaded = store.load("notes").orElseThrow();
        assertEquals(new Snapshot("notes", 1, "x"), loaded.snapshot());
        assertEquals(1, loaded.version());
    }

    @Test
    void writesAfterCloseFail() {
        store.close();
        assertThrows(ExecutionException.class, () -> await(store.create("late", T0)));
        store = assertDoesNotThrowReopen();
    }

    private DocumentStore assertDoesNotThrowReopen() {
        try {
            return reopenStore();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
    // ---- comments (issue 17) ---------------------------------------------------------------

    private static void awaitDone(CompletableFuture<?> f) throws Exception {
        f.get(10, TimeUnit.SECONDS);
    }

    static final Instant T1 = Instant.parse("2026-12-06T00:10:00.123456Z");
    static final Instant T2 = Instant.parse("2026-12-06T00:11:00.654321Z");

    static CommentRecord thread(String doc, long id, String text) {
        return new CommentRecord(
                doc,
                id,
                id,
                "owner-abc",
                "Ada",
                text,
                T1,
                Optional.empty(),
                false,
                false,
                Optional.of(new Anchor(new AnchoredRange(2, 7), 4)));
    }

    static CommentRecord reply(String doc, long id, long thread) {
        return new CommentRecord(
                doc, id, thread, "owner-xyz", "Bo", "ja 😀 <b>", T1, Optional.empty(), false, false, Optional.empty());
    }

    @Test
    void commentsAreStoredReplacedListedByIdAndSurviveAReopen() throws Exception {
        CommentStore comments = store.comments().orElseThrow();
        assertEquals(List.of(), comments.comments("notes"));
        awaitDone(comments.save(thread("notes", 1, "first")));
        awaitDone(comments.save(reply("notes", 2, 1)));
        awaitDone(comments.save(thread("other", 1, "elsewhere")));
        CommentRecord edited = new CommentRecord(
                "notes",
                1,
                1,
                "owner-abc",
                "Ada",
                "",
                T1,
                Optional.of(T2),
                true,
                true,
                Optional.of(new Anchor(new AnchoredRange(3, 3), 9)));
        awaitDone(comments.save(edited));
        assertEquals(List.of(edited, reply("notes", 2, 1)), comments.comments("notes"));
        CommentStore reopened = (store = reopenStore()).comments().orElseThrow();
        assertEquals(List.of(edited, reply("notes", 2, 1)), reopened.comments("notes"));
        assertEquals(List.of(thread("other", 1, "elsewhere")), reopened.comments("other"));
    }

    @Test
    void deleteAllRemovesOneDocumentsComments() throws Exception {
        CommentStore comments = store.comments().orElseThrow();
        awaitDone(comments.save(thread("notes", 1, "first")));
        awaitDone(comments.save(thread("other", 1, "kept")));
        awaitDone(comments.deleteAll("notes"));
        assertEquals(List.of(), comments.comments("notes"));
        assertEquals(1, comments.comments("other").size());
        assertTrue(comments.comments("missing").isEmpty());
    }

    // ---- chat (issue 17, decision 032) ------------------------------------------------------

    static ChatRecord said(String doc, String text, Instant time) {
        return new ChatRecord(doc, 0, "Ada", "#4363d8", text, time);
    }

    @Test
    void chatMessagesGetIdsOneTwoThreePerDocumentAndPageBackwards() throws Exception {
        ChatStore chat = store.chat().orElseThrow();
        assertEquals(List.of(), chat.before("notes", Long.MAX_VALUE, 100));
        List<ChatRecord> stored = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            stored.add(chat.append(said("notes", "m" + i, T1)).get(10, TimeUnit.SECONDS));
        }
        ChatRecord elsewhere = chat.append(said("other", "<img src=x onerror=alert(1)> 😀", T2))
                .get(10, TimeUnit.SECONDS);
        assertEquals(new ChatRecord("other", 1, "Ada", "#4363d8", "<img src=x onerror=alert(1)> 😀", T2), elsewhere);
        assertEquals(
                List.of(1L, 2L, 3L, 4L, 5L), stored.stream().map(ChatRecord::id).toList());
        assertEquals(new ChatRecord("notes", 3, "Ada", "#4363d8", "m3", T1), stored.get(2));
        assertEquals(stored, chat.before("notes", Long.MAX_VALUE, 100));
        assertEquals(stored.subList(3, 5), chat.before("notes", Long.MAX_VALUE, 2));
        assertEquals(stored.subList(1, 3), chat.before("notes", 4, 2));
        assertEquals(stored.subList(0, 1), chat.before("notes", 2, 100));
        assertEquals(List.of(), chat.before("notes", 1, 100));
        ChatStore reopened = (store = reopenStore()).chat().orElseThrow();
        assertEquals(stored, reopened.before("notes", Long.MAX_VALUE, 100));
        assertEquals(List.of(elsewhere), reopened.before("other", Long.MAX_VALUE, 100));
        assertEquals(
                6,
                reopened.append(said("notes", "after", T2))
                        .get(10, TimeUnit.SECONDS)
                        .id());
    }

    @Test
    void chatAppendsCalledTogetherGetEveryIdOnce() throws Exception {
        ChatStore chat = store.chat().orElseThrow();
        List<CompletableFuture<ChatRecord>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(chat.append(said("notes", "m" + i, T1)));
        }
        List<Long> ids = new ArrayList<>();
        for (CompletableFuture<ChatRecord> c : calls) {
            ids.add(c.get(10, TimeUnit.SECONDS).id());
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 50; i++) {
            expected.add(i);
        }
        // Appends apply in call order: the ids are the calls' order.
        assertEquals(expected, ids);
        assertEquals(50, chat.before("notes", Long.MAX_VALUE, 100).size());
    }

    @Test
    void deleteAllRemovesOneDocumentsChat() throws Exception {
        ChatStore chat = store.chat().orElseThrow();
        chat.append(said("notes", "a", T1)).get(10, TimeUnit.SECONDS);
        chat.append(said("other", "kept", T1)).get(10, TimeUnit.SECONDS);
        awaitDone(chat.deleteAll("notes"));
        assertEquals(List.of(), chat.before("notes", Long.MAX_VALUE, 100));
        assertEquals(1, chat.before("other", Long.MAX_VALUE, 100).size());
        assertEquals(
                1,
                chat.append(said("notes", "again", T2))
                        .get(10, TimeUnit.SECONDS)
                        .id());
    }

    // ---- suggestions (issue 17) ------------------------------------------------------------

    static SuggestionRecord suggestion(String doc, long id, String text) {
        return new SuggestionRecord(
                doc,
                id,
                "owner-abc",
                "Ada",
                text,
                T1,
                Optional.empty(),
                "open",
                Optional.empty(),
                Optional.empty(),
                java.util.OptionalInt.empty(),
                new Anchor(new AnchoredRange(2, 7), 4));
    }

    @Test
    void suggestionsAreStoredReplacedListedByIdAndSurviveAReopen() throws Exception {
        SuggestionStore suggestions = store.suggestions().orElseThrow();
        assertEquals(List.of(), suggestions.suggestions("notes"));
        awaitDone(suggestions.save(suggestion("notes", 1, "first")));
        awaitDone(suggestions.save(suggestion("notes", 2, "ja 😀 <b>")));
        awaitDone(suggestions.save(suggestion("other", 1, "")));
        SuggestionRecord merged =
                suggestion("notes", 1, "first").changed("first and more", new Anchor(new AnchoredRange(2, 9), 6), T2);
        awaitDone(suggestions.save(merged));
        SuggestionRecord accepted = merged.decided(
                "accepted", "Bo", T2, java.util.OptionalInt.of(7), new Anchor(new AnchoredRange(16, 16), 7));
        awaitDone(suggestions.save(accepted));
        SuggestionRecord rejected = suggestion("notes", 2, "ja 😀 <b>")
                .decided("rejected", "Cy", T2, java.util.OptionalInt.empty(), new Anchor(new AnchoredRange(3, 3), 8));
        awaitDone(suggestions.save(rejected));
        assertEquals(List.of(accepted, rejected), suggestions.suggestions("notes"));
        SuggestionStore reopened = (store = reopenStore()).suggestions().orElseThrow();
        assertEquals(List.of(accepted, rejected), reopened.suggestions("notes"));
        assertEquals(List.of(suggestion("other", 1, "")), reopened.suggestions("other"));
        awaitDone(reopened.deleteAll("notes"));
        assertEquals(List.of(), reopened.suggestions("notes"));
        assertEquals(1, reopened.suggestions("other").size());
    }
}
