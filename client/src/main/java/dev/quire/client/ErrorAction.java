package dev.quire.client;

/**
 * What a document does about each error code the server sends it, as the web editor does
 * ({@code docs/protocol.md}, error codes; decision 015). Internal.
 */
enum ErrorAction {
    /** {@code rate-limited}: the op was not applied; resend it unchanged after {@code retryAfterMs}. */
    RETRY_LATER,
    /** The server refused the document for good: stop, fail what waits. */
    HALT,
    /** Our state no longer fits the server's: fail the pending edits, rejoin with a fresh session. */
    RESYNC,
    /** Anything else ({@code internal}, a code this client does not know): tell the listener. */
    REPORT;

    /** The action for {@code code}; {@code aboutAnOp} when the error carries a {@code seq}. */
    static ErrorAction of(String code, boolean aboutAnOp) {
        return switch (code) {
            case "rate-limited" -> RETRY_LATER;
            case "document-deleted", "unauthorized", "invalid-doc-id", "too-many-documents" -> HALT;
            // Without a seq it refused the join: we may not read. With one it refused an op:
            // we may still read, so resync (the rejoin gives our role).
            case "forbidden" -> aboutAnOp ? RESYNC : HALT;
            case "version-out-of-range", "history-compacted", "seq-reused", "seq-gap", "invalid-op", "not-joined" ->
                RESYNC;
            default -> REPORT;
        };
    }
}
