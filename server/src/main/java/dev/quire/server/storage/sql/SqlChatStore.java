package dev.quire.server.storage.sql;

import dev.quire.server.storage.ChatRecord;
import dev.quire.server.storage.ChatStore;
import dev.quire.server.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * {@link ChatStore} on plain JDBC, for H2 and PostgreSQL alike. Writes go where the
 * {@link SqlWriter.Writes} given sends them (on H2: the applier, decision 030), else to a
 * writer thread of its own; reads take their own connection. Chat messages bypass the op journal,
 * as comments do (decision 026, 032).
 *
 * <p>A message's id is the document's last id + 1, read in the transaction that inserts it. On
 * H2 one thread writes, so two appends never race; on PostgreSQL shared by several servers two
 * may read the same last id, and the second insert then fails on the primary key: it is retried
 * with a fresh read (up to {@link #ATTEMPTS} times).
 */
public final class SqlChatStore implements ChatStore, AutoCloseable {
    /**
     * Tries of one append on a primary-key conflict. Each lost try means another server stored a
     * message of the same document meanwhile: for human chat rates a handful is plenty; the
     * bound only keeps a fault from looping for ever.
     */
    private static final int ATTEMPTS = 100;
    /** SQLSTATE of a unique or primary-key violation, on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final SqlWriter writes;

    /** A store with a writer thread of its own, on a schema that has the {@code chat} table. */
    public SqlChatStore(DataSource dataSource) {
        this(dataSource, null);
    }

    /** A store whose writes go through {@code writes}; reads use {@code dataSource}. */
    public SqlChatStore(DataSource dataSource, SqlWriter.Writes writes) {
        this.dataSource = dataSource;
        this.writes = new SqlWriter(dataSource, "chat", "a chat message", writes);
    }

    @Override
    public CompletableFuture<ChatRecord> append(ChatRecord m) {
        if (m.id() != 0) {
            throw new IllegalArgumentException("append: expected a message with id 0, found " + m.id());
        }
        AtomicReference<ChatRecord> stored = new AtomicReference<>();
        return writes.run(c -> stored.set(insert(c, m))).thenApply(ignored -> stored.get());
    }

    private static ChatRecord insert(Connection c, ChatRecord m) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            long id;
            try (PreparedStatement s =
                    c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM chat WHERE doc_id = ?")) {
                s.setString(1, m.docId());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    id = r.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO chat (doc_id, id, author, color, body, created) VALUES (?,?,?,?,?,?)")) {
                s.setString(1, m.docId());
                s.setLong(2, id);
                s.setString(3, m.author());
                s.setString(4, m.color());
                s.setString(5, m.text());
                s.setObject(6, m.time().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
                s.executeUpdate();
                return new ChatRecord(
                        m.docId(), id, m.author(), m.color(), m.text(), m.time().truncatedTo(ChronoUnit.MICROS));
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt == ATTEMPTS || !c.getAutoCommit()) {
                    throw e;
                }
            }
        }
    }

    @Override
    public List<ChatRecord> before(String docId, long before, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, author, color, body, created FROM chat"
                        + " WHERE doc_id = ? AND id < ? ORDER BY id DESC LIMIT ?")) {
            s.setString(1, docId);
            s.setLong(2, before);
            s.setInt(3, limit);
            List<ChatRecord> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new ChatRecord(
                            docId,
                            r.getLong(1),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getObject(5, OffsetDateTime.class).toInstant()));
                }
            }
            Collections.reverse(out);
            return out;
        } catch (SQLException e) {
            throw new StorageException("reading the chat of " + docId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Void> deleteAll(String docId) {
        return writes.run(connection -> {
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM chat WHERE doc_id = ?")) {
                s.setString(1, docId);
                s.executeUpdate();
            }
        });
    }

    /** Stops the writer after the writes already called. */
    @Override
    public void close() {
        writes.close();
    }
}
