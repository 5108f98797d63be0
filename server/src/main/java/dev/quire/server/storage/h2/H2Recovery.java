package dev.quire.server.storage.h2;

import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.journal.Journal;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * What opening an {@link H2DocumentStore} does before it accepts a write: migrate the schema,
 * repair the {@code documents} rows a crash left lagging, and apply the journal records the
 * database does not hold yet. Stateless; runs on the opening thread, before the applier and the
 * journal writer start.
 */
final class H2Recovery {
    private H2Recovery() {}

    /** Brings the schema up to the newest Flyway script under {@code db/migration}. */
    static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** The lsn of the last journal record the database holds. */
    static long appliedLsn(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT applied_lsn FROM journal_state");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Brings every documents row up to its newest op: the applier updates those rows lazily, so
     * after a crash they can lag the op log. Runs before the replay, whose version checks read
     * those rows.
     */
    static void repairDocumentRows(Connection c) throws SQLException {
        Map<String, Integer> lagging = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.doc_no FROM documents d WHERE EXISTS"
                        + " (SELECT 1 FROM ops o WHERE o.op_key > d.doc_no * 4294967296 + d.version"
                        + " AND o.op_key < (d.doc_no + 1) * 4294967296)");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lagging.put(rs.getString(1), rs.getInt(2));
            }
        }
        for (Map.Entry<String, Integer> doc : lagging.entrySet()) {
            String id = doc.getKey();
            DocumentInfo newest = H2Queries.newestOp(c, id, doc.getValue()).orElseThrow();
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE documents SET version = ?, doc_length = ?, updated = ? WHERE id = ?")) {
                ps.setInt(1, newest.version());
                ps.setInt(2, newest.length());
                ps.setObject(3, H2Queries.utc(newest.updated()));
                ps.setString(4, id);
                ps.executeUpdate();
            }
        }
        c.commit();
    }

    /**
     * Applies every intact journal record above {@code applied} through {@code applier}, makes the
     * database durable with {@code CHECKPOINT SYNC}, and starts the journal again after the last
     * record read.
     *
     * @return the lsn of the first record the journal writer appends
     */
    static long replay(Journal journal, H2Applier applier, long applied, Connection c, int maxBatch)
            throws SQLException, IOException {
        long last = journal.replay(applied, maxBatch, batch -> {
            try {
                applier.apply(batch);
            } catch (SQLException e) {
                throw new StorageException("cannot apply the journal: " + e.getMessage(), e);
            }
        });
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT SYNC");
        }
        journal.startAt(last + 1);
        return last + 1;
    }
}
