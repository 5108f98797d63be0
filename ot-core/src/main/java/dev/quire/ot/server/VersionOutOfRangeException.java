package dev.quire.ot.server;

/**
 * Thrown by {@link ServerDocument} when a client's base version is ahead of the document, or
 * older than the history the document keeps in memory. The caller may rebuild the missing history
 * from storage, or tell the client to rejoin.
 */
public class VersionOutOfRangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The version that was asked for. */
    private final int requested;
    /** The oldest version the document still accepts. */
    private final int oldest;
    /** The document's current version. */
    private final int current;

    /**
     * Creates the exception with the message {@code function: version 9 out of range [0, 5]}.
     *
     * @param function the operation that was asked, for the message
     * @param requested the version the caller gave
     * @param oldest the oldest version still accepted
     * @param current the document's current version
     */
    public VersionOutOfRangeException(String function, int requested, int oldest, int current) {
        super(function + ": version " + requested + " out of range [" + oldest + ", " + current + "]");
        this.requested = requested;
        this.oldest = oldest;
        this.current = current;
    }

    /**
     * The version that was asked for.
     *
     * @return the version the caller gave
     */
    public int requested() {
        return requested;
    }

    /**
     * The oldest version the document still accepts.
     *
     * @return the oldest accepted version
     */
    public int oldest() {
        return oldest;
    }

    /**
     * The document's current version.
     *
     * @return the current version
     */
    public int current() {
        return current;
    }
}
