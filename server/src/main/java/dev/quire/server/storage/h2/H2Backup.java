package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * H2's online backup: {@code BACKUP TO 'file.zip'} writes H2's file, then copies it into a zip
 * holding one entry, {@value H2DocumentStore#DATABASE_FILE}. Run on the applier's connection,
 * between its transactions ({@link H2Applier#between}): H2 writes a consistent file only when no
 * commit runs beside the write (decision 030). Stateless.
 */
final class H2Backup {
    private H2Backup() {}

    static void copy(Connection c, Path file) {
        try (Statement st = c.createStatement()) {
            st.execute("BACKUP TO '" + file.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new StorageException("backup failed: " + e.getMessage(), e);
        }
    }
}
