package dev.quire.server.document;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of live documents.
 *
 * @param snapshotEvery    write a snapshot every this many ops (>= 1)
 * @param idleUnload       unload a document this long after its last editor left and its last op was durable
 * @param historyLimit     ops kept in memory per document for transform and catch-up (>= 1)
 * @param maxDocumentBytes largest document, in UTF-8 bytes; an op that would grow a document past it
 *                         gets {@code document-too-large}
 * @param transformBudget  most transform work one submitted op may cost (its components times the
 *                         versions it is behind); beyond it the op is refused and the client rebases
 * @param checksumEvery    send the text's checksum with the ack and ops of every this many versions
 *                         (0: never), so that editors find out when their replica diverged
 */
public record DocumentSettings(
        int snapshotEvery,
        Duration idleUnload,
        int historyLimit,
        long maxDocumentBytes,
        long transformBudget,
        int checksumEvery) {
    /** The default {@link #maxDocumentBytes}: 16 MiB. */
    public static final long DEFAULT_MAX_DOCUMENT_BYTES = 16L << 20;
    /** The default {@link #checksumEvery}. */
    public static final int DEFAULT_CHECKSUM_EVERY = 100;
    /** The default {@link #transformBudget}. */
    public static final long DEFAULT_TRANSFORM_BUDGET = 10_000_000L;

    public DocumentSettings {
        Objects.requireNonNull(idleUnload, "idleUnload");
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be >= 1, was " + snapshotEvery);
        }
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be >= 1, was " + historyLimit);
        }
        if (checksumEvery < 0) {
            throw new IllegalArgumentException("checksumEvery must be >= 0, was " + checksumEvery);
        }
        if (maxDocumentBytes < 1 || transformBudget < 1) {
            throw new IllegalArgumentException("maxDocumentBytes and transformBudget must be >= 1, were "
                    + maxDocumentBytes + " and " + transformBudget);
        }
    }

    /** Settings with the default document size limit and transform budget. */
    public DocumentSettings(int snapshotEvery, Duration idleUnload, int historyLimit) {
        this(
                snapshotEvery,
                idleUnload,
                historyLimit,
                DEFAULT_MAX_DOCUMENT_BYTES,
                DEFAULT_TRANSFORM_BUDGET,
                DEFAULT_CHECKSUM_EVERY);
    }
}
