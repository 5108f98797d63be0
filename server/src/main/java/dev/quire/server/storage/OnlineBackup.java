package dev.quire.server.storage;

import java.nio.file.Path;

/**
 * A store that can copy itself while it runs. Not every {@link DocumentStore} can (a PostgreSQL
 * store is backed up with the database's own tools); the server offers {@code POST
 * /api/admin/backup} only for one that does.
 */
public interface OnlineBackup {
    /**
     * Writes a consistent copy of the store to {@code file} (which must not exist), holding every
     * write whose future completed before the call, while writes go on. Blocks until the copy is
     * complete.
     *
     * @return what the copy covers
     * @throws StorageException if the copy cannot be made
     */
    BackupPoint backupTo(Path file);

    /**
     * What a backup covers.
     *
     * @param journalHead the last journal record written when the backup began: every write
     *     acknowledged before it is in the copy
     * @param file        the name of the database file inside the copy
     */
    record BackupPoint(long journalHead, String file) {}
}
