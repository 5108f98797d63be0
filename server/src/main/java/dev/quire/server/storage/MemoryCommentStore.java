package dev.quire.server.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link CommentStore} in memory: what a {@link DocumentStore} without comment tables offers (the
 * comments last as long as the process). Thread-safe.
 */
public final class MemoryCommentStore implements CommentStore {
    private final Map<String, TreeMap<Long, CommentRecord>> byDoc = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> save(CommentRecord comment) {
        TreeMap<Long, CommentRecord> doc = byDoc.computeIfAbsent(comment.docId(), d -> new TreeMap<>());
        synchronized (doc) {
            doc.put(comment.id(), comment);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<CommentRecord> comments(String docId) {
        TreeMap<Long, CommentRecord> doc = byDoc.get(docId);
        if (doc == null) {
            return List.of();
        }
        synchronized (doc) {
            return new ArrayList<>(doc.values());
        }
    }

    @Override
    public CompletableFuture<Void> deleteAll(String docId) {
        byDoc.remove(docId);
        return CompletableFuture.completedFuture(null);
    }
}
