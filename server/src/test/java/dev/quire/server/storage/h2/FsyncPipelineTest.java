package dev.quire.server.storage.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.journal.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelining with fsync (issue 16, decisions 024 and 036): while one group's {@code fdatasync} is
 * under way, appends return at once (the document's mailbox, which calls them, never waits for
 * the disk) and make the next group, flushed once; every append is acknowledged only after its
 * own group's fsync, in version order. The fsync is held in its call (a stopped disk) through
 * {@link PowerCutFiles}.
 */
class FsyncPipelineTest {
    private static final Instant T0 = Instant.parse("2026-12-06T04:00:00Z");

    @TempDir
    Path dir;

    private static OpRecord op(int version) {
        return op(version, "s", version);
    }

    private static OpRecord op(int version, String session, long seq) {
        return new OpRecord(
                "doc", version, "[" + (version - 1) + ",\"x\"]", version - 1, version, session, seq, "c", "Ada", T0);
    }

    @Test
    void appendsGoOnWhileAnFsyncIsUnderWayAndAreAcknowledgedInOrderAfterTheirOwn() throws Exception {
        PowerCutFiles files = new PowerCutFiles();
        H2DocumentStore store = new H2DocumentStore(dir, Durability.FSYNC, H2DocumentStore.SEGMENT_BYTES, files);
        try {
            store.append(op(1), 1).get(30, TimeUnit.SECONDS);
            List<Integer> acked = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> futures = new ArrayList<>();

            files.holdFsyncs();
            int groupsBefore = files.groupSyncs();
            futures.add(store.append(op(2), 2).whenComplete((ok, e) -> acked.add(2)));
            // The journal thread is inside the fsync of the group holding version 2.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> files.waitingFsyncs() >= 1);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int v = 3; v <= 6; v++) {
                    int version = v;
                    futures.add(store.append(op(v), v).whenComplete((ok, e) -> acked.add(version)));
                }
            });
            for (CompletableFuture<Void> f : futures) {
                assertFalse(f.isDone(), "acknowledged before its fsync");
            }

            files.releaseFsyncs();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(2, 3, 4, 5, 6), acked);
            // Version 2's group, then 3–6 as one group: two fsyncs for five appends.
            assertEquals(2, files.groupSyncs() - groupsBefore);
        } finally {
            files.releaseFsyncs();
            store.close();
        }
        H2DocumentStore reopened = new H2DocumentStore(dir, Durability.FSYNC);
        try {
            assertEquals(List.of(op(1), op(2), op(3), op(4), op(5), op(6)), reopened.ops("doc", 1, Integer.MAX_VALUE));
        } finally {
            reopened.close();
        }
    }

    @Test
    void aSessionsLastSeqIsReadDuringAFlushUnlessTheFlushedGroupHoldsThatSession() throws Exception {
        PowerCutFiles files = new PowerCutFiles();
        H2DocumentStore store = new H2DocumentStore(dir, Durability.FSYNC, H2DocumentStore.SEGMENT_BYTES, files);
        try {
            store.append(op(1, "u", 1), 1).get(30, TimeUnit.SECONDS);
            store.append(op(2, "u", 2), 2).get(30, TimeUnit.SECONDS);
            files.holdFsyncs();
            CompletableFuture<Void> held = store.append(op(3, "s", 1), 3);
            // The journal thread is inside the fsync of the group holding session s's seq 1.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> files.waitingFsyncs() >= 1);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                assertEquals(2, store.lastSeq("doc", "u"));
                assertEquals(0, store.lastSeq("doc", "t"));
                assertEquals(0, store.lastSeq("other", "s"));
            });
            // Session s's answer depends on the group being flushed: it waits for it.
            CompletableFuture<Long> own = CompletableFuture.supplyAsync(() -> store.lastSeq("doc", "s"));
            assertThrows(TimeoutException.class, () -> own.get(300, TimeUnit.MILLISECONDS));
            assertFalse(held.isDone(), "acknowledged before its fsync");

            files.releaseFsyncs();
            assertEquals(1, own.get(30, TimeUnit.SECONDS));
            held.get(30, TimeUnit.SECONDS);
            assertEquals(1, store.lastSeq("doc", "s"));
        } finally {
            files.releaseFsyncs();
            store.close();
        }
    }
}
