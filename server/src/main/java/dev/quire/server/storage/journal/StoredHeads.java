package dev.quire.server.storage.journal;

import java.util.Optional;

/**
 * How the journal reads, from the database behind it, the head of a document it does not
 * remember (see {@link JournalView}): when it asks, the database holds every record of that
 * document, so what it answers is the document's head.
 *
 * <p>Called only under the journal view's monitor ({@link GroupCommit}), one call at a time.
 */
public interface StoredHeads {

    /**
     * The document as the database holds it, or empty if it holds no such document.
     *
     * @throws dev.quire.server.storage.StorageException if the database cannot be read
     */
    Optional<Head> find(String docId);

    /** One document as the database holds it. */
    interface Head {
        /** The document's last version (0 for a document without ops). */
        int version();

        /**
         * The highest seq of {@code session} in the document, or 0 if none.
         *
         * @throws dev.quire.server.storage.StorageException if the database cannot be read
         */
        long lastSeq(String session);
    }
}
