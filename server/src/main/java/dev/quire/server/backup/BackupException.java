package dev.quire.server.backup;

/** A backup archive that cannot be written or restored; the message names the reason. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
