package dev.quire.server.storage;

import java.util.List;

/**
 * An append lost the race for its version: another writer (another node sharing the database)
 * committed that version of the document first, or committed the same (doc, session, seq). The
 * append changed nothing; {@link #winners()} are the ops the database holds from the refused
 * version on, as committed. A store shared by several nodes fails an append's future with this;
 * the caller reloads the document's tail, transforms its op past the winners and appends again.
 *
 * <p>Later appends of the same document that were queued before this one failed fail with it
 * too: they were made on top of the refused op.
 */
public final class ConflictException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String docId;
    private final int version;
    private final transient List<OpRecord> winners;

    public ConflictException(String docId, int version, List<OpRecord> winners) {
        super("version " + version + " of " + docId + " was committed by another writer (" + winners.size()
                + " ops from it on)");
        this.docId = docId;
        this.version = version;
        this.winners = List.copyOf(winners);
    }

    public String docId() {
        return docId;
    }

    /** The version the refused append would have produced. */
    public int version() {
        return version;
    }

    /** The committed ops from {@link #version()} on, in version order. */
    public List<OpRecord> winners() {
        return winners;
    }
}
