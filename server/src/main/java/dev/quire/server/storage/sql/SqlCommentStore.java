package dev.quire.server.storage.sql;

import dev.quire.ot.AnchoredRange;
import dev.quire.server.storage.Anchor;
import dev.quire.server.storage.CommentRecord;
import dev.quire.server.storage.CommentStore;
import dev.quire.server.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * {@link CommentStore} on plain JDBC, for H2 and PostgreSQL alike (only the upsert differs). One
 * thread writes, so writes commit in call order; reads take their own connection. Comments are
 * few and small next to ops, so they bypass the op journal (decision 026).
 */
public final class SqlCommentStore implements CommentStore, AutoCloseable {
    /** How a database replaces a row by key. */
    public enum Dialect {
        H2("MERGE INTO comments (doc_id, id, thread_id, owner, author, body, created, edited, deleted, resolved,"
                + " range_start, range_end, range_version) KEY (doc_id, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        POSTGRESQL("INSERT INTO comments (doc_id, id, thread_id, owner, author, body, created, edited, deleted,"
                + " resolved, range_start, range_end, range_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (doc_id, id) DO UPDATE SET thread_id = EXCLUDED.thread_id, owner = EXCLUDED.owner,"
                + " author = EXCLUDED.author, body = EXCLUDED.body, created = EXCLUDED.created,"
                + " edited = EXCLUDED.edited, deleted = EXCLUDED.deleted, resolved = EXCLUDED.resolved,"
                + " range_start = EXCLUDED.range_start, range_end = EXCLUDED.range_end,"
                + " range_version = EXCLUDED.range_version");

        private final String upsert;

        Dialect(String upsert) {
            this.upsert = upsert;
        }
    }

    /** One write of the store, on the connection it is given. */
    public interface Write {
        void run(Connection c) throws SQLException;
    }

    /**
     * Where and how a write runs: the H2 store hands it to its applier, the one thread that
     * writes H2's file, which commits and checkpoints it (decision 030); by default it runs on a
     * connection of the comment store's own writer thread, in auto-commit.
     */
    public interface Writes {
        CompletableFuture<Void> run(Write write);
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ExecutorService writer;
    private final Writes writes;

    /**
     * A store on {@code dataSource}, whose schema already has the {@code comments} table.
     *
     * @param dataSource connections to the database (auto-commit on)
     * @param dialect the database's upsert
     */
    public SqlCommentStore(DataSource dataSource, Dialect dialect) {
        this(dataSource, dialect, null);
    }

    /** A store whose writes go through {@code writes} (see {@link Writes}); reads use {@code dataSource}. */
    public SqlCommentStore(DataSource dataSource, Dialect dialect, Writes writes) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        if (writes == null) {
            this.writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "quire-comment-writer");
                t.setDaemon(true);
                return t;
            });
            this.writes = this::ownWrite;
        } else {
            this.writer = null;
            this.writes = writes;
        }
    }

    @Override
    public CompletableFuture<Void> save(CommentRecord c) {
        return write(connection -> {
            try (PreparedStatement s = connection.prepareStatement(dialect.upsert)) {
                s.setString(1, c.docId());
                s.setLong(2, c.id());
                s.setLong(3, c.thread());
                s.setString(4, c.owner());
                s.setString(5, c.author());
                s.setString(6, c.text());
                s.setObject(7, time(c.created()));
                if (c.edited().isPresent()) {
                    s.setObject(8, time(c.edited().get()));
                } else {
                    s.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
                }
                s.setBoolean(9, c.deleted());
                s.setBoolean(10, c.resolved());
                if (c.anchor().isPresent()) {
                    s.setInt(11, c.anchor().get().range().start());
                    s.setInt(12, c.anchor().get().range().end());
                    s.setInt(13, c.anchor().get().version());
                } else {
                    s.setNull(11, Types.INTEGER);
                    s.setNull(12, Types.INTEGER);
                    s.setNull(13, Types.INTEGER);
                }
                s.executeUpdate();
            }
        });
    }

    @Override
    public CompletableFuture<Void> deleteAll(String docId) {
        return write(connection -> {
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM comments WHERE doc_id = ?")) {
                s.setString(1, docId);
                s.executeUpdate();
            }
        });
    }

    @Override
    public List<CommentRecord> comments(String docId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, thread_id, owner, author, body, created, edited,"
                        + " deleted, resolved, range_start, range_end, range_version FROM comments"
                        + " WHERE doc_id = ? ORDER BY id")) {
            s.setString(1, docId);
            List<CommentRecord> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row(docId, r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("reading the comments of " + docId + " failed: " + e.getMessage(), e);
        }
    }

    private static CommentRecord row(String docId, ResultSet r) throws SQLException {
        long id = r.getLong(1);
        long thread = r.getLong(2);
        OffsetDateTime edited = r.getObject(7, OffsetDateTime.class);
        int start = r.getInt(10);
        Optional<Anchor> anchor = r.wasNull()
                ? Optional.empty()
                : Optional.of(new Anchor(new AnchoredRange(start, r.getInt(11)), r.getInt(12)));
        return new CommentRecord(
                docId,
                id,
                thread,
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getObject(6, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(edited).map(OffsetDateTime::toInstant),
                r.getBoolean(8),
                r.getBoolean(9),
                anchor);
    }

    private static OffsetDateTime time(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private CompletableFuture<Void> write(Write w) {
        return writes.run(w);
    }

    private CompletableFuture<Void> ownWrite(Write w) {
        return CompletableFuture.runAsync(
                () -> {
                    try (Connection c = dataSource.getConnection()) {
                        c.setAutoCommit(true);
                        w.run(c);
                    } catch (SQLException e) {
                        throw new StorageException("writing a comment failed: " + e.getMessage(), e);
                    }
                },
                writer);
    }

    /** Stops the writer after the writes already called. */
    @Override
    public void close() {
        if (writer != null) {
            writer.shutdown();
        }
    }
}
