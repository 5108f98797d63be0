package dev.quire.server.storage;

import java.util.List;

/**
 * Where a store keeps suggestions (issue 17): the {@link RangeStore} of {@link SuggestionRecord}s,
 * in the {@code suggestions} table. Thread-safe.
 */
public interface SuggestionStore extends RangeStore<SuggestionRecord> {
    /** A document's suggestions, by id: {@link #ranges}. */
    default List<SuggestionRecord> suggestions(String docId) {
        return ranges(docId);
    }
}
