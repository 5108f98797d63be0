package dev.quire.server.storage.sql;

import dev.quire.ot.AnchoredRange;
import dev.quire.server.storage.Anchor;
import dev.quire.server.storage.RangeRecord;
import dev.quire.server.storage.RangeStore;
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
import javax.sql.DataSource;

/**
 * A {@link RangeStore} on plain JDBC, for H2 and PostgreSQL alike (only the upsert differs): one
 * table keyed by {@code (doc_id, id)} whose anchor is {@code range_start}, {@code range_end},
 * {@code range_version} (decision 042). A kind says how its row is bound and read. Writes go
 * through a {@link SqlWriter}, in call order; reads take their own connection. These rows are
 * few and small next to ops, so they bypass the op journal (decision 026).
 *
 * @param <R> the stored record
 */
public abstract class SqlRangeStore<R extends RangeRecord<R>> implements RangeStore<R>, AutoCloseable {
    /** How a database replaces a row by its key {@code (doc_id, id)}. */
    public enum Dialect {
        /** {@code MERGE INTO t (…) KEY (doc_id, id) VALUES (…)}. */
        H2,
        /** {@code INSERT INTO t (…) VALUES (…) ON CONFLICT (doc_id, id) DO UPDATE SET c = EXCLUDED.c, …}. */
        POSTGRESQL;

        /** The upsert of {@code columns} (the first two {@code doc_id, id}) into {@code table}. */
        String upsert(String table, List<String> columns) {
            String names = String.join(", ", columns);
            String values = String.join(",", java.util.Collections.nCopies(columns.size(), "?"));
            if (this == H2) {
                return "MERGE INTO " + table + " (" + names + ") KEY (doc_id, id) VALUES (" + values + ")";
            }
            List<String> set = new ArrayList<>();
            for (String c : columns.subList(2, columns.size())) {
                set.add(c + " = EXCLUDED." + c);
            }
            return "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ") ON CONFLICT (doc_id, id)"
                    + " DO UPDATE SET " + String.join(", ", set);
        }

        /**
         * How a new id of {@code table}'s records is reserved, where several nodes share the
         * database (PostgreSQL): one statement that takes the document's row of {@code range_ids}
         * — a second node's statement waits for it — and raises it past the last id handed out,
         * the highest stored one and the node's own (parameters: document, node's next id,
         * document). None on H2: only this process writes the file (decision 050).
         */
        Optional<String> reserve(String table) {
            if (this == H2) {
                return Optional.empty();
            }
            return Optional.of("INSERT INTO range_ids AS r (doc_id, kind, last_id) VALUES (?, '" + table
                    + "', GREATEST(?, (SELECT COALESCE(MAX(id), 0) + 1 FROM " + table + " WHERE doc_id = ?)))"
                    + " ON CONFLICT (doc_id, kind) DO UPDATE SET last_id = GREATEST(r.last_id + 1, EXCLUDED.last_id)"
                    + " RETURNING last_id");
        }
    }

    private final DataSource dataSource;
    private final SqlWriter writer;
    private final String table;
    private final String select;
    private final String upsert;
    private final Optional<String> reserve;

    /**
     * @param table the table ({@code comments}, {@code suggestions})
     * @param columns its columns, {@code doc_id} and {@code id} first: what {@link #bind} sets and
     *     {@link #row} reads, in that order
     */
    SqlRangeStore(DataSource dataSource, SqlWriter writer, Dialect dialect, String table, List<String> columns) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.table = table;
        this.select = "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE doc_id = ? ORDER BY id";
        this.upsert = dialect.upsert(table, columns);
        this.reserve = dialect.reserve(table);
    }

    /** Sets the parameters of the upsert from {@code record}. */
    abstract void bind(PreparedStatement s, R record) throws SQLException;

    /** The record of the row {@code r} is on, of {@code docId}. */
    abstract R row(String docId, ResultSet r) throws SQLException;

    @Override
    public final CompletableFuture<Void> save(R record) {
        return writer.run(connection -> {
            try (PreparedStatement s = connection.prepareStatement(upsert)) {
                bind(s, record);
                s.executeUpdate();
            }
        });
    }

    @Override
    public final CompletableFuture<Void> deleteAll(String docId) {
        return writer.run(connection -> {
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM " + table + " WHERE doc_id = ?")) {
                s.setString(1, docId);
                s.executeUpdate();
            }
            if (reserve.isPresent()) {
                // A document made again under this name starts at 1 again, as on H2.
                try (PreparedStatement s =
                        connection.prepareStatement("DELETE FROM range_ids WHERE doc_id = ? AND kind = ?")) {
                    s.setString(1, docId);
                    s.setString(2, table);
                    s.executeUpdate();
                }
            }
        });
    }

    /** On PostgreSQL, reserved in the database (decision 050); on H2, {@code known}. */
    @Override
    public final long nextId(String docId, long known) {
        if (reserve.isEmpty()) {
            return known;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(reserve.get())) {
            s.setString(1, docId);
            s.setLong(2, known);
            s.setString(3, docId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new StorageException(
                    "reserving an id of the " + table + " of " + docId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public final List<R> ranges(String docId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(select)) {
            s.setString(1, docId);
            List<R> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row(docId, r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("reading the " + table + " of " + docId + " failed: " + e.getMessage(), e);
        }
    }

    /** Sets three parameters from {@code column}: the anchor's start, end and version, or nulls. */
    static void setAnchor(PreparedStatement s, int column, Optional<Anchor> anchor) throws SQLException {
        if (anchor.isPresent()) {
            s.setInt(column, anchor.get().range().start());
            s.setInt(column + 1, anchor.get().range().end());
            s.setInt(column + 2, anchor.get().version());
        } else {
            s.setNull(column, Types.INTEGER);
            s.setNull(column + 1, Types.INTEGER);
            s.setNull(column + 2, Types.INTEGER);
        }
    }

    /** The anchor in three columns from {@code column}; empty when its start is null. */
    static Optional<Anchor> anchor(ResultSet r, int column) throws SQLException {
        int start = r.getInt(column);
        if (r.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(new Anchor(new AnchoredRange(start, r.getInt(column + 1)), r.getInt(column + 2)));
    }

    static void setTime(PreparedStatement s, int column, Optional<Instant> t) throws SQLException {
        if (t.isPresent()) {
            s.setObject(column, time(t.get()));
        } else {
            s.setNull(column, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    static Optional<Instant> instant(ResultSet r, int column) throws SQLException {
        return Optional.ofNullable(r.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    /** An instant as both databases keep it: microseconds, UTC. */
    static OffsetDateTime time(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** Stops the writer thread, if the store has one, after the writes already called. */
    @Override
    public final void close() {
        writer.close();
    }
}
