package dev.quire.server.document;

import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentPage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StoredDocument;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's real store, and a rival node's real store on the same database that wins a race: for
 * the next {@link #race} appends, just before the node's append reaches the database the rival
 * commits its own op at the database's next version (an insertion of {@code "r"} at 0), so the
 * node's append meets a real conflict in the database.
 */
final class RacingStore implements DocumentStore {
    private final DocumentStore node;
    private final DocumentStore rival;
    private final AtomicInteger races = new AtomicInteger();
    private long rivalSeq;

    RacingStore(DocumentStore node, DocumentStore rival) {
        this.node = node;
        this.rival = rival;
    }

    /** The rival wins the next {@code count} appends. */
    void race(int count) {
        races.set(count);
    }

    @Override
    public CompletableFuture<Void> append(OpRecord op, int lengthAfter) {
        if (races.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            DocumentInfo head = rival.info(op.docId()).orElse(new DocumentInfo(op.docId(), 0, 0, Instant.EPOCH));
            String json = head.length() == 0 ? "[\"r\"]" : "[\"r\"," + head.length() + "]";
            try {
                rival.append(
                                new OpRecord(
                                        op.docId(),
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
        return node.append(op, lengthAfter);
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
