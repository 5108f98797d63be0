package dev.quire.server.storage;

/** A storage operation failed (I/O, database or constraint violation). Unchecked. */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
