package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * H2's online backup: {@code BACKUP TO 'file.zip'} copies the database file as of its last commit
 * into a zip holding one entry, {@value H2DocumentStore#DATABASE_FILE}, while other connections go
 * on committing. Stateless.
 */
final class H2Backup {
    private H2Backup() {}

    static void copy(DataSource dataSource, Path file) {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("BACKUP TO '" + file.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new StorageException("backup failed: " + e.getMessage(), e);
        }
    }
}
