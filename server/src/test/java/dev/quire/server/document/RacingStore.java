package dev.quire.server.document;

import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentPage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.Generation;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StoredDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A node's real store, and a rival node's real store on the same database that wins a race: for
 * the next {@link #race} appends, just before the node's append reaches the database the rival
 * commits its own op at the database's next version (an insertion of {@code "r"} at 0), so the
 * node's append meets a real conflict in the database. {@link #raceInTheMiddle} does it to one
 * append of several the node has in flight at once. {@link #holdAppends} keeps the node's appends
 * from the database until the test lets them go, and {@link #rivalCommits} commits the rival's ops
 * meanwhile.
 */
final class RacingStore implements DocumentStore {
    private final DocumentStore node;
    private final DocumentStore rival;
    private final AtomicInteger races = new AtomicInteger();
    private long rivalSeq;
    /** {@link #raceInTheMiddle}: the raced version, the appends still to hold, and the held ones. */
    private int middle;

    private int holding;
    private final List<CompletableFuture<Void>> reached = new ArrayList<>();
    private final List<CompletableFuture<Void>> seen = new ArrayList<>();
    /** {@link #holdAppends}: the appends wait for it, then reach the database in order. */
    private CompletableFuture<Void> gate;

    private CompletableFuture<Void> lastHeld;

    RacingStore(DocumentStore node, DocumentStore rival) {
        this.node = node;
        this.rival = rival;
    }

    /** The rival wins the next {@code count} appends. */
    void race(int count) {
        races.set(count);
    }

    /**
     * For the next {@code appends} appends: the document hears of none of them until all were
     * decided by the database, so they are all in flight at once; the rival commits the database's
     * next version just before the node's append of {@code version} reaches it (once the node's
     * earlier appends are committed); and the node's appends after it reach the database only after
     * it refused that one — so only the store's generation fence can refuse them (decision 049).
     * Appends must come from one thread (the document's mailbox), which this blocks meanwhile.
     */
    void raceInTheMiddle(int version, int appends) {
        middle = version;
        holding = appends;
    }

    /**
     * From now on the node's appends reach the database only once the returned future is
     * completed, then one after another in the order they were made, each after the one before it
     * was decided (as the database would decide them): until then their ops are in flight on the
     * node (applied, not durable).
     */
    synchronized CompletableFuture<Void> holdAppends() {
        gate = new CompletableFuture<>();
        lastHeld = gate;
        return gate;
    }

    /** The rival commits {@code count} insertions of "r" at 0, at the database's next versions, now. */
    void rivalCommits(String docId, int count) {
        for (int i = 0; i < count; i++) {
            commitRival(docId);
        }
    }

    /** {@link #holdAppends}: {@code write} once the gate is open and the append before it decided. */
    private synchronized Optional<CompletableFuture<Void>> held(Supplier<CompletableFuture<Void>> write) {
        if (gate == null) {
            return Optional.empty();
        }
        CompletableFuture<Void> after = lastHeld.handle((ok, fault) -> null).thenCompose(go -> write.get());
        lastHeld = after;
        return Optional.of(after);
    }

    /** What the database answered to each append held by {@link #raceInTheMiddle}, in append order. */
    List<CompletableFuture<Void>> reached() {
        return List.copyOf(reached);
    }

    @Override
    public CompletableFuture<Void> append(OpRecord op, int lengthAfter, Generation generation) {
        Optional<CompletableFuture<Void>> gated = held(() -> node.append(op, lengthAfter, generation));
        if (gated.isPresent()) {
            return gated.get();
        }
        if (holding == 0) {
            raceIfAsked(op);
            return node.append(op, lengthAfter, generation);
        }
        if (op.version() == middle) {
            reached.forEach(RacingStore::settle);
            commitRival(op.docId());
        } else if (op.version() > middle) {
            reached.forEach(RacingStore::settle);
        }
        reached.add(node.append(op, lengthAfter, generation));
        CompletableFuture<Void> held = new CompletableFuture<>();
        seen.add(held);
        if (--holding == 0) {
            reached.forEach(RacingStore::settle);
            List<CompletableFuture<Void>> toComplete = List.copyOf(seen);
            seen.clear();
            for (int i = 0; i < toComplete.size(); i++) {
                CompletableFuture<Void> from = reached.get(i);
                CompletableFuture<Void> to = toComplete.get(i);
                from.whenComplete((ok, fault) -> {
                    if (fault == null) {
                        to.complete(null);
                    } else {
                        to.completeExceptionally(fault);
                    }
                });
            }
        }
        return held;
    }

    @Override
    public CompletableFuture<Void> append(OpRecord op, int lengthAfter) {
        Optional<CompletableFuture<Void>> gated = held(() -> node.append(op, lengthAfter));
        if (gated.isPresent()) {
            return gated.get();
        }
        raceIfAsked(op);
        return node.append(op, lengthAfter);
    }

    private static void settle(CompletableFuture<Void> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Decided either way: that is all a held append waits for.
        }
    }

    private void raceIfAsked(OpRecord op) {
        if (races.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            commitRival(op.docId());
        }
    }

    /** The rival commits an insertion of "r" at 0 at the database's next version, and waits for it. */
    private void commitRival(String docId) {
        DocumentInfo head = rival.info(docId).orElse(new DocumentInfo(docId, 0, 0, Instant.EPOCH));
        String json = head.length() == 0 ? "[\"r\"]" : "[\"r\"," + head.length() + "]";
        try {
            rival.append(
                            new OpRecord(
                                    docId,
                                    head.version() + 1,
                                    json,
                                    head.version(),
                                    1,
                                    "session-rival",
                                    ++rivalSeq,
                                    "rival-" + rivalSeq,
                                    "Rival",
                                    Instant.now()),
                            head.length() + 1)
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the rival could not commit", e);
        }
    }

    @Override
    public boolean fencesGenerations() {
        return node.fencesGenerations();
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(Snapshot snapshot, Generation generation) {
        return node.saveSnapshot(snapshot, generation);
    }

    @Override
    public boolean shared() {
        return node.shared();
    }

    @Override
    public CompletableFuture<Void> create(String docId, Instant time) {
        return node.create(docId, time);
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(Snapshot snapshot) {
        return node.saveSnapshot(snapshot);
    }

    @Override
    public int compact(String docId, Instant before) {
        return node.compact(docId, before);
    }

    @Override
    public CompletableFuture<Boolean> setTitle(String docId, String title) {
        return node.setTitle(docId, title);
    }

    @Override
    public CompletableFuture<Boolean> nameVersion(String docId, int version, String name, Instant time) {
        return node.nameVersion(docId, version, name, time);
    }

    @Override
    public java.util.List<dev.quire.server.storage.NamedVersion> namedVersions(String docId) {
        return node.namedVersions(docId);
    }

    @Override
    public CompletableFuture<Boolean> delete(String docId) {
        return node.delete(docId);
    }

    @Override
    public Optional<StoredDocument> load(String docId) {
        return node.load(docId);
    }

    @Override
    public Optional<Snapshot> snapshotAtOrBefore(String docId, int version) {
        return node.snapshotAtOrBefore(docId, version);
    }

    @Override
    public List<OpRecord> ops(String docId, int fromVersion, int toVersion) {
        return node.ops(docId, fromVersion, toVersion);
    }

    @Override
    public Optional<OpRecord> findBySeq(String docId, String session, long seq) {
        return node.findBySeq(docId, session, seq);
    }

    @Override
    public long lastSeq(String docId, String session) {
        return node.lastSeq(docId, session);
    }

    @Override
    public Optional<DocumentInfo> info(String docId) {
        return node.info(docId);
    }

    @Override
    public DocumentPage list(int limit, Optional<String> after) {
        return node.list(limit, after);
    }

    @Override
    public void close() {
        node.close();
        rival.close();
    }
}
