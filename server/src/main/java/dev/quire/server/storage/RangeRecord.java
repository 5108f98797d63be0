package dev.quire.server.storage;

import java.util.Optional;

/**
 * A stored anchored range of a document (issue 17, decision 042): what comments and suggestions
 * share. Each has a document, an id unique in it (1, 2, 3, … in order of making;
 * reserved in the store where several nodes share it, decision 050), and — where it
 * is anchored — an {@link Anchor}: a range at the version it was written at, moved forward
 * through the ops when shown. The rest of the row is the kind's own (a thread and its state; a
 * proposed text and its decision).
 *
 * @param <R> the record type itself, so a moved copy keeps its type
 */
public interface RangeRecord<R extends RangeRecord<R>> {
    /** The document. */
    String docId();

    /** The id, unique in the document, &gt;= 1. */
    long id();

    /** Where it is anchored; empty for a record without a range of its own (a comment's reply). */
    Optional<Anchor> anchorIfAny();

    /** The same record anchored at {@code moved} (the same range moved to a later version). */
    R withAnchor(Anchor moved);
}
