package dev.quire.ot.server;

/**
 * Thrown by {@link ServerDocument#submit(int, dev.quire.ot.TextOperation, long)} when the operation
 * would make the text longer than the caller's limit in UTF-8 bytes. Nothing was changed.
 */
public class DocumentTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was too large and the limit, for people
     */
    public DocumentTooLargeException(String message) {
        super(message);
    }
}
