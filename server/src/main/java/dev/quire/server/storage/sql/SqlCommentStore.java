package dev.quire.server.storage.sql;

import dev.quire.server.storage.CommentRecord;
import dev.quire.server.storage.CommentStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link CommentStore} on plain JDBC, for H2 and PostgreSQL alike: the {@code comments} table of
 * a {@link SqlRangeStore}, with a thread id and the thread's state (decision 026, 042).
 */
public final class SqlCommentStore extends SqlRangeStore<CommentRecord> implements CommentStore {
    private static final List<String> COLUMNS = List.of(
            "doc_id",
            "id",
            "thread_id",
            "owner",
            "author",
            "body",
            "created",
            "edited",
            "deleted",
            "resolved",
            "range_start",
            "range_end",
            "range_version");

    /**
     * A store on {@code dataSource}, whose schema already has the {@code comments} table, with a
     * writer thread of its own.
     *
     * @param dataSource connections to the database (auto-commit on)
     * @param dialect the database's upsert
     */
    public SqlCommentStore(DataSource dataSource, SqlRangeStore.Dialect dialect) {
        this(dataSource, dialect, null);
    }

    /** A store whose writes go through {@code writes} (see {@link SqlWriter.Writes}); reads use {@code dataSource}. */
    public SqlCommentStore(DataSource dataSource, SqlRangeStore.Dialect dialect, SqlWriter.Writes writes) {
        super(dataSource, new SqlWriter(dataSource, "comment", "a comment", writes), dialect, "comments", COLUMNS);
    }

    @Override
    void bind(PreparedStatement s, CommentRecord c) throws SQLException {
        s.setString(1, c.docId());
        s.setLong(2, c.id());
        s.setLong(3, c.thread());
        s.setString(4, c.owner());
        s.setString(5, c.author());
        s.setString(6, c.text());
        s.setObject(7, time(c.created()));
        setTime(s, 8, c.edited());
        s.setBoolean(9, c.deleted());
        s.setBoolean(10, c.resolved());
        setAnchor(s, 11, c.anchor());
    }

    @Override
    CommentRecord row(String docId, ResultSet r) throws SQLException {
        return new CommentRecord(
                docId,
                r.getLong(2),
                r.getLong(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                r.getObject(7, OffsetDateTime.class).toInstant(),
                instant(r, 8),
                r.getBoolean(9),
                r.getBoolean(10),
                anchor(r, 11));
    }
}
