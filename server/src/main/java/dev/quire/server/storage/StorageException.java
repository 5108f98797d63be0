package dev.quire.server.storage;

/**
 * A storage operation failed (I/O, database or constraint violation). Unchecked. An
 * {@linkplain #unavailable unavailable} store (a full disk) wrote nothing and heals by itself:
 * the client may retry later. A {@link ConflictException} is the one kind a caller handles apart:
 * another node won the version.
 */
public sealed class StorageException extends RuntimeException permits ConflictException {
    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    public StorageException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public StorageException(String message) {
        this(message, null, false);
    }

    private StorageException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** The store cannot write now (a full disk, say), wrote nothing of this write, and retries by itself. */
    public static StorageException unavailable(String message, Throwable cause) {
        return new StorageException(message, cause, true);
    }

    /** Whether the write may succeed later unchanged: see {@link #unavailable}. */
    public boolean isUnavailable() {
        return unavailable;
    }
}
