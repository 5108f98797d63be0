package dev.quire.server.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RangeStore} in memory: what a {@link DocumentStore} without the tables offers (the
 * records last as long as the process). Thread-safe.
 *
 * @param <R> the stored record
 */
public class MemoryRangeStore<R extends RangeRecord<R>> implements RangeStore<R> {
    private final Map<String, TreeMap<Long, R>> byDoc = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> save(R record) {
        TreeMap<Long, R> doc = byDoc.computeIfAbsent(record.docId(), d -> new TreeMap<>());
        synchronized (doc) {
            doc.put(record.id(), record);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<R> ranges(String docId) {
        TreeMap<Long, R> doc = byDoc.get(docId);
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
