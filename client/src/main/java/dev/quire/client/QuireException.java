package dev.quire.client;

/**
 * A failure the client cannot hide: the server refused something (its stable error {@link
 * #code()}, as listed in {@code docs/protocol.md}: {@code unauthorized}, {@code forbidden},
 * {@code invalid-doc-id}, {@code document-deleted}…), or the client gave up on edits (codes of
 * its own: {@code resync} — the server could not merge unacknowledged edits, which are then
 * handed back in {@link #unsent()}; {@code closed} — the client was closed first).
 *
 * <p>Codes are API; messages are for people.
 */
public final class QuireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String unsent;

    public QuireException(String code, String message) {
        this(code, message, "");
    }

    QuireException(String code, String message, String unsent) {
        super(code + ": " + message);
        this.code = code;
        this.unsent = unsent;
    }

    /** The stable error code, e.g. {@code unauthorized}. */
    public String code() {
        return code;
    }

    /**
     * For {@code resync}, {@code document-deleted} and {@code forbidden}: the local text at that
     * moment, with the edits the server never acknowledged; otherwise {@code ""}.
     */
    public String unsent() {
        return unsent;
    }
}
