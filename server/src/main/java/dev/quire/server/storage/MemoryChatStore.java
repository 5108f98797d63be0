package dev.quire.server.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ChatStore} in memory: what a {@link DocumentStore} without a chat table offers (the
 * messages last as long as the process). Thread-safe.
 */
public final class MemoryChatStore implements ChatStore {
    private final Map<String, TreeMap<Long, ChatRecord>> byDoc = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<ChatRecord> append(ChatRecord message) {
        TreeMap<Long, ChatRecord> doc = byDoc.computeIfAbsent(message.docId(), d -> new TreeMap<>());
        synchronized (doc) {
            ChatRecord stored = message.withId(doc.isEmpty() ? 1 : doc.lastKey() + 1);
            doc.put(stored.id(), stored);
            return CompletableFuture.completedFuture(stored);
        }
    }

    @Override
    public List<ChatRecord> before(String docId, long before, int limit) {
        TreeMap<Long, ChatRecord> doc = byDoc.get(docId);
        if (doc == null) {
            return List.of();
        }
        synchronized (doc) {
            List<ChatRecord> newestFirst = new ArrayList<>(limit);
            for (ChatRecord m : doc.headMap(before, false).descendingMap().values()) {
                if (newestFirst.size() == limit) {
                    break;
                }
                newestFirst.add(m);
            }
            Collections.reverse(newestFirst);
            return newestFirst;
        }
    }

    @Override
    public CompletableFuture<Void> deleteAll(String docId) {
        byDoc.remove(docId);
        return CompletableFuture.completedFuture(null);
    }
}
