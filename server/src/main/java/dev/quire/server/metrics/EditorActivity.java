package dev.quire.server.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who edits which open document, as the documents report it: the {@code quire_editors} gauge and
 * the admin page read it. Document ids and names never become metric labels. Thread-safe.
 */
public final class EditorActivity {
    /** One open document and the names of its editors, sorted. */
    public record DocumentEditors(String docId, List<String> editors) {
        public DocumentEditors {
            editors = List.copyOf(editors);
        }
    }

    private final Map<String, Map<String, String>> byDocument = new ConcurrentHashMap<>();
    private final AtomicInteger editors = new AtomicInteger();

    void joined(String docId, String clientId, String name) {
        Map<String, String> doc = byDocument.computeIfAbsent(docId, d -> new ConcurrentHashMap<>());
        if (doc.put(clientId, name) == null) {
            editors.incrementAndGet();
        }
    }

    void left(String docId, String clientId) {
        byDocument.computeIfPresent(docId, (d, doc) -> {
            if (doc.remove(clientId) != null) {
                editors.decrementAndGet();
            }
            return doc.isEmpty() ? null : doc;
        });
    }

    /** Editors joined to a document now, over all documents. */
    public int editors() {
        return editors.get();
    }

    /** The documents with at least one editor, by id. */
    public List<DocumentEditors> documents() {
        List<DocumentEditors> out = new ArrayList<>();
        byDocument.forEach((docId, doc) -> {
            List<String> names = new ArrayList<>(doc.values());
            names.sort(Comparator.naturalOrder());
            out.add(new DocumentEditors(docId, names));
        });
        out.sort(Comparator.comparing(DocumentEditors::docId));
        return out;
    }
}
