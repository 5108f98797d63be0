package dev.quire.server.storage.sql;

import dev.quire.ot.AnchoredRange;
import dev.quire.server.storage.Anchor;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.SuggestionRecord;
import dev.quire.server.storage.SuggestionStore;
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
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * {@link SuggestionStore} on plain JDBC, for H2 and PostgreSQL alike (only the upsert differs),
 * the twin of {@link SqlCommentStore}: on H2 its writes go through the applier (decision 030),
 * on PostgreSQL one thread of its own writes them, in call order. Suggestions bypass the op
 * journal (decision 034).
 */
public final class SqlSuggestionStore implements SuggestionStore, AutoCloseable {
    private static final String COLUMNS = "doc_id, id, owner, author, body, created, edited, status, decided,"
            + " decided_by, accepted_in, range_start, range_end, range_version";

    /** How a database replaces a row by key. */
    public enum Dialect {
        H2("MERGE INTO suggestions (" + COLUMNS + ") KEY (doc_id, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        POSTGRESQL("INSERT INTO suggestions (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (doc_id, id) DO UPDATE SET owner = EXCLUDED.owner, author = EXCLUDED.author,"
                + " body = EXCLUDED.body, created = EXCLUDED.created, edited = EXCLUDED.edited,"
                + " status = EXCLUDED.status, decided = EXCLUDED.decided, decided_by = EXCLUDED.decided_by,"
                + " accepted_in = EXCLUDED.accepted_in, range_start = EXCLUDED.range_start,"
                + " range_end = EXCLUDED.range_end, range_version = EXCLUDED.range_version");

        private final String upsert;

        Dialect(String upsert) {
            this.upsert = upsert;
        }
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ExecutorService writer;
    private final SqlCommentStore.Writes writes;

    /** A store with a writer thread of its own, on {@code dataSource} (auto-commit on). */
    public SqlSuggestionStore(DataSource dataSource, Dialect dialect) {
        this(dataSource, dialect, null);
    }

    /** A store whose writes go through {@code writes} (the H2 applier); reads use {@code dataSource}. */
    public SqlSuggestionStore(DataSource dataSource, Dialect dialect, SqlCommentStore.Writes writes) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        if (writes == null) {
            this.writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "quire-suggestion-writer");
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
    public CompletableFuture<Void> save(SuggestionRecord r) {
        return writes.run(connection -> {
            try (PreparedStatement s = connection.prepareStatement(dialect.upsert)) {
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
                s.setInt(12, r.anchor().range().start());
                s.setInt(13, r.anchor().range().end());
                s.setInt(14, r.anchor().version());
                s.executeUpdate();
            }
        });
    }

    @Override
    public CompletableFuture<Void> deleteAll(String docId) {
        return writes.run(connection -> {
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM suggestions WHERE doc_id = ?")) {
                s.setString(1, docId);
                s.executeUpdate();
            }
        });
    }

    @Override
    public List<SuggestionRecord> suggestions(String docId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT " + COLUMNS + " FROM suggestions WHERE doc_id = ? ORDER BY id")) {
            s.setString(1, docId);
            List<SuggestionRecord> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("reading the suggestions of " + docId + " failed: " + e.getMessage(), e);
        }
    }

    private static SuggestionRecord row(ResultSet r) throws SQLException {
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
                new Anchor(new AnchoredRange(r.getInt(12), r.getInt(13)), r.getInt(14)));
    }

    private static Optional<Instant> instant(ResultSet r, int column) throws SQLException {
        return Optional.ofNullable(r.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static void setTime(PreparedStatement s, int column, Optional<Instant> t) throws SQLException {
        if (t.isPresent()) {
            s.setObject(column, time(t.get()));
        } else {
            s.setNull(column, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static OffsetDateTime time(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private CompletableFuture<Void> ownWrite(SqlCommentStore.Write w) {
        return CompletableFuture.runAsync(
                () -> {
                    try (Connection c = dataSource.getConnection()) {
                        c.setAutoCommit(true);
                        w.run(c);
                    } catch (SQLException e) {
                        throw new StorageException("writing a suggestion failed: " + e.getMessage(), e);
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
