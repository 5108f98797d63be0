package dev.quire.ot.server;

/**
 * Thrown by {@link ServerDocument#submit(int, dev.quire.ot.TextOperation, long)} when the operation
 * would make the text longer than the caller's limit in UTF-8 bytes. Nothing was changed.
 */
public class DocumentTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DocumentTooLargeException(String message) {
        super(message);
    }
}
