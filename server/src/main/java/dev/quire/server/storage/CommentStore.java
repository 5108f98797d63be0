package dev.quire.server.storage;

import java.util.List;

/**
 * Where a store keeps comments (issue 17): the {@link RangeStore} of {@link CommentRecord}s, in
 * the {@code comments} table. Thread-safe.
 */
public interface CommentStore extends RangeStore<CommentRecord> {
    /** A document's comments, by id: {@link #ranges}. */
    default List<CommentRecord> comments(String docId) {
        return ranges(docId);
    }
}
