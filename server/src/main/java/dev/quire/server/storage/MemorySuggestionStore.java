package dev.quire.server.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SuggestionStore} in memory: what a {@link DocumentStore} without suggestion tables
 * offers (the suggestions last as long as the process). Thread-safe.
 */
public final class MemorySuggestionStore implements SuggestionStore {
    private final Map<String, TreeMap<Long, SuggestionRecord>> byDoc = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> save(SuggestionRecord suggestion) {
        TreeMap<Long, SuggestionRecord> doc = byDoc.computeIfAbsent(suggestion.docId(), d -> new TreeMap<>());
        synchronized (doc) {
            doc.put(suggestion.id(), suggestion);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<SuggestionRecord> suggestions(String docId) {
        TreeMap<Long, SuggestionRecord> doc = byDoc.get(docId);
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
