package dev.quire.server.storage.sql;

import dev.quire.server.storage.SuggestionRecord;
import dev.quire.server.storage.SuggestionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * {@link SuggestionStore} on plain JDBC, for H2 and PostgreSQL alike: the {@code suggestions}
 * table of a {@link SqlRangeStore}, with a proposed text and its decision (decisions 034, 042).
 */
public final class SqlSuggestionStore extends SqlRangeStore<SuggestionRecord> implements SuggestionStore {
    private static final List<String> COLUMNS = List.of(
            "doc_id",
            "id",
            "owner",
            "author",
            "body",
            "created",
            "edited",
            "status",
            "decided",
            "decided_by",
            "accepted_in",
            "range_start",
            "range_end",
            "range_version");

    /** A store with a writer thread of its own, on {@code dataSource} (auto-commit on). */
    public SqlSuggestionStore(DataSource dataSource, SqlRangeStore.Dialect dialect) {
        this(dataSource, dialect, null);
    }

    /** A store whose writes go through {@code writes} (the H2 applier); reads use {@code dataSource}. */
    public SqlSuggestionStore(DataSource dataSource, SqlRangeStore.Dialect dialect, SqlWriter.Writes writes) {
        super(
                dataSource,
                new SqlWriter(dataSource, "suggestion", "a suggestion", writes),
                dialect,
                "suggestions",
                COLUMNS);
    }

    @Override
    void bind(PreparedStatement s, SuggestionRecord r) throws SQLException {
        s.setString(1, r.docId());
        s.setLong(2, r.id());
        s.setString(3, r.owner());
        s.setString(4, r.author());
        s.setString(5, r.text());
        s.setObject(6, time(r.created()));
        setTime(s, 7, r.edited());
        s.setString(8, r.status());
        setTime(s, 9, r.decided());
        if (r.decidedBy().isPresent()) {
            s.setString(10, r.decidedBy().get());
        } else {
            s.setNull(10, Types.VARCHAR);
        }
        if (r.acceptedIn().isPresent()) {
            s.setInt(11, r.acceptedIn().getAsInt());
        } else {
            s.setNull(11, Types.INTEGER);
        }
        setAnchor(s, 12, r.anchorIfAny());
    }

    @Override
    SuggestionRecord row(String docId, ResultSet r) throws SQLException {
        int acceptedIn = r.getInt(11);
        OptionalInt in = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(acceptedIn);
        return new SuggestionRecord(
                r.getString(1),
                r.getLong(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getObject(6, OffsetDateTime.class).toInstant(),
                instant(r, 7),
                r.getString(8),
                instant(r, 9),
                Optional.ofNullable(r.getString(10)),
                in,
                anchor(r, 12).orElseThrow());
    }
}
