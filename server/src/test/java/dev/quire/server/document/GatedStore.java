package dev.quire.server.document;

import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentPage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.StoredDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The real store with two test controls on {@link #append}, everything else passed through:
 *
 * <ul>
 *   <li>{@link #hold}: appends still go to the real store at once, but their futures complete
 *       only at {@link #release}, in the order the appends were made (what a slow disk looks
 *       like to the document);
 *   <li>{@link #holdWrites}: appends reach the real store only at {@link #release}, in order, so
 *       until then the store's reads do not see them either (a slow journal);
 *   <li>{@link #failAppendOf}: the append of one version never reaches the real store and its
 *       future fails with a {@link StorageException} (a disk fault).
 * </ul>
 */
final class GatedStore implements DocumentStore {
    private enum Hold {
        NONE,
        COMPLETIONS,
        WRITES
    }

    private record Held(Supplier<CompletableFuture<Void>> real, CompletableFuture<Void> seen) {}

    private final DocumentStore delegate;
    private final AtomicInteger appends = new AtomicInteger();
    private final Set<Integer> failing = ConcurrentHashMap.newKeySet();
    private final List<Held> held = new ArrayList<>();
    private Hold hold = Hold.NONE;

    GatedStore(DocumentStore delegate) {
        this.delegate = delegate;
    }

    /** From now on, append futures complete only at {@link #release}. */
    synchronized void hold() {
        hold = Hold.COMPLETIONS;
    }

    /** From now on, appends reach the real store only at {@link #release}. */
    synchronized void holdWrites() {
        hold = Hold.WRITES;
    }

    /** Completes the held append futures in append order, and stops holding. */
    void release() {
        List<Held> toRelease;
        List<CompletableFuture<Void>> real = new ArrayList<>();
        synchronized (this) {
            hold = Hold.NONE;
            toRelease = List.copyOf(held);
            held.clear();
            // Every held write reaches the store before any completes: a write its completion
            // causes (the pipeline's next op) must come after them, as without the gate.
            toRelease.forEach(h -> real.add(h.real().get()));
        }
        for (int i = 0; i < toRelease.size(); i++) {
            try {
                toRelease.get(i).seen().complete(real.get(i).join());
            } catch (CompletionException e) {
                toRelease.get(i).seen().completeExceptionally(e.getCause());
            }
        }
    }

    /** The append of {@code version} (of any document) fails without reaching the real store. */
    void failAppendOf(int version) {
        failing.add(version);
    }

    /** How many appends were made so far. */
    int appendCount() {
        return appends.get();
    }

    @Override
    public CompletableFuture<Void> append(OpRecord op, int lengthAfter) {
        Supplier<CompletableFuture<Void>> write = failing.remove(op.version())
                ? () -> CompletableFuture.failedFuture(
                        new StorageException("injected fault at version " + op.version()))
                : () -> delegate.append(op, lengthAfter);
        synchronized (this) {
            appends.incrementAndGet();
            if (hold == Hold.NONE) {
                return write.get();
            }
            CompletableFuture<Void> seen = new CompletableFuture<>();
            if (hold == Hold.COMPLETIONS) {
                CompletableFuture<Void> real = write.get();
                held.add(new Held(() -> real, seen));
            } else {
                held.add(new Held(write, seen));
            }
            return seen;
        }
    }

    @Override
    public CompletableFuture<Void> create(String docId, Instant time) {
        return delegate.create(docId, time);
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(Snapshot snapshot) {
        return delegate.saveSnapshot(snapshot);
    }

    @Override
    public int compact(String docId, Instant before) {
        return delegate.compact(docId, before);
    }

    @Override
    public CompletableFuture<Boolean> setTitle(String docId, String title) {
        return delegate.setTitle(docId, title);
    }

    @Override
    public CompletableFuture<Boolean> nameVersion(String docId, int version, String name, Instant time) {
        return delegate.nameVersion(docId, version, name, time);
    }

    @Override
    public java.util.List<dev.quire.server.storage.NamedVersion> namedVersions(String docId) {
        return delegate.namedVersions(docId);
    }

    @Override
    public CompletableFuture<Boolean> delete(String docId) {
        return delegate.delete(docId);
    }

    @Override
    public Optional<StoredDocument> load(String docId) {
        return delegate.load(docId);
    }

    @Override
    public Optional<Snapshot> snapshotAtOrBefore(String docId, int version) {
        return delegate.snapshotAtOrBefore(docId, version);
    }

    @Override
    public List<OpRecord> ops(String docId, int fromVersion, int toVersion) {
        return delegate.ops(docId, fromVersion, toVersion);
    }

    @Override
    public Optional<OpRecord> findBySeq(String docId, String session, long seq) {
        return delegate.findBySeq(docId, session, seq);
    }

    @Override
    public long lastSeq(String docId, String session) {
        return delegate.lastSeq(docId, session);
    }

    @Override
    public Optional<DocumentInfo> info(String docId) {
        return delegate.info(docId);
    }

    @Override
    public DocumentPage list(int limit, Optional<String> after) {
        return delegate.list(limit, after);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
