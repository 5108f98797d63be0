package dev.quire.server.storage;

/**
 * A storage operation failed (I/O, database or constraint violation). Unchecked. A
 * {@link ConflictException} is the one kind a caller handles apart: another node won the version.
 */
public sealed class StorageException extends RuntimeException permits ConflictException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
