package dev.quire.server.storage.pg;

import com.zaxxer.hikari.HikariDataSource;
import dev.quire.server.storage.ChatStore;
import dev.quire.server.storage.CommentStore;
import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentPage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.Generation;
import dev.quire.server.storage.ListCursor;
import dev.quire.server.storage.MetaRows;
import dev.quire.server.storage.NamedVersion;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.StoreHealth;
import dev.quire.server.storage.StoredDocument;
import dev.quire.server.storage.SuggestionStore;
import dev.quire.server.storage.journal.StoreWrite;
import dev.quire.server.storage.sql.SqlChatStore;
import dev.quire.server.storage.sql.SqlCommentStore;
import dev.quire.server.storage.sql.SqlRangeStore;
import dev.quire.server.storage.sql.SqlSuggestionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * {@link DocumentStore} on a PostgreSQL database, which several nodes may share.
 *
 * <p>Durability: a write is durable once the transaction that holds it has committed — there is
 * no local journal; PostgreSQL's WAL is the journal. Writes go through one writer thread that
 * commits every write waiting in one transaction ({@link PgWriter}, {@link PgBatch}); reads run
 * on the pool's other connections and see every write whose future completed. An append at a
 * version another node committed first fails with a {@link dev.quire.server.storage.ConflictException}.
 *
 * <p>The schema is the Flyway scripts under {@code db/postgresql}. Timestamps are kept to the
 * microsecond; {@link OpRecord#time()} values are truncated to microseconds when appended.
 */
public final class PgDocumentStore implements DocumentStore {
    private final HikariDataSource pool;
    private final PgWriter writer;
    private final SqlCommentStore comments;
    private final SqlChatStore chat;
    private final SqlSuggestionStore suggestions;

    /**
     * Connects, migrates the schema and starts the writer.
     *
     * @param poolSize connections to the database (at least 2: one writes, the others read)
     * @throws StorageException if the database cannot be reached or migrated
     */
    public PgDocumentStore(PgLocation location, int poolSize) {
        this.pool = PgPool.open(location, poolSize, "quire-pg");
        try {
            PgPool.migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw new StorageException("cannot migrate PostgreSQL database " + location + ": " + e.getMessage(), e);
        }
        this.writer = new PgWriter(pool);
        this.comments = new SqlCommentStore(pool, SqlRangeStore.Dialect.POSTGRESQL);
        this.chat = new SqlChatStore(pool);
        this.suggestions = new SqlSuggestionStore(pool, SqlRangeStore.Dialect.POSTGRESQL);
        writer.start();
    }

    /** How the store is doing, for {@code /health} and {@code /ready}. */
    public StoreHealth health() {
        return new PgHealth(pool);
    }

    /** The pool, for the node registry and the migration tool. */
    DataSource dataSource() {
        return pool;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public boolean fencesGenerations() {
        return true;
    }

    @Override
    public CompletableFuture<Void> create(String docId, Instant time) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.submit(new StoreWrite.Create(docId, micros(time), done));
        return done;
    }

    @Override
    public CompletableFuture<Void> append(OpRecord op, int lengthAfter) {
        // A generation of its own: its failure fences nothing queued after it was reported.
        return append(op, lengthAfter, new Generation());
    }

    @Override
    public CompletableFuture<Void> append(OpRecord op, int lengthAfter, Generation generation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        OpRecord stored = op.time().equals(micros(op.time()))
                ? op
                : new OpRecord(
                        op.docId(),
                        op.version(),
                        op.opJson(),
                        op.baseVersion(),
                        op.submitHash(),
                        op.session(),
                        op.seq(),
                        op.clientId(),
                        op.author(),
                        micros(op.time()));
        writer.submit(new StoreWrite.Append(stored, lengthAfter, done), generation);
        return done;
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(Snapshot snapshot) {
        return saveSnapshot(snapshot, new Generation());
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(Snapshot snapshot, Generation generation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.submit(new StoreWrite.PutSnapshot(snapshot, micros(Instant.now()), done), generation);
        return done;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement: the milestone and the ops it deletes are read from the same snapshot of
     * the database, so a document deleted and created again meanwhile is never cut by the old
     * one's milestone.
     */
    @Override
    public int compact(String docId, Instant before) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ops WHERE doc_id = ? AND version <"
                    + " (SELECT COALESCE(MAX(s.version), 0) FROM snapshots s JOIN ops o"
                    + " ON o.doc_id = s.doc_id AND o.version = s.version WHERE s.doc_id = ? AND o.created < ?)")) {
                ps.setString(1, docId);
                ps.setString(2, docId);
                ps.setObject(3, PgQueries.utc(before));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public CompletableFuture<Boolean> delete(String docId) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        writer.submit(new StoreWrite.Delete(docId, done));
        return done;
    }

    @Override
    public Optional<StoredDocument> load(String docId) {
        return read(c -> {
            // One snapshot of the database for the three reads: a commit between them cannot tear the load.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                if (PgQueries.info(c, docId).isEmpty()) {
                    return Optional.empty();
                }
                Snapshot snapshot =
                        PgQueries.snapshot(c, docId, Integer.MAX_VALUE).orElse(new Snapshot(docId, 0, ""));
                List<OpRecord> ops = PgQueries.ops(c, docId, snapshot.version() + 1, Integer.MAX_VALUE);
                return Optional.of(new StoredDocument(snapshot, ops));
            } finally {
                c.commit();
            }
        });
    }

    @Override
    public Optional<Snapshot> snapshotAtOrBefore(String docId, int version) {
        return read(c -> PgQueries.snapshot(c, docId, version));
    }

    @Override
    public List<OpRecord> ops(String docId, int fromVersion, int toVersion) {
        return read(c -> PgQueries.ops(c, docId, fromVersion, toVersion));
    }

    @Override
    public Optional<OpRecord> findBySeq(String docId, String session, long seq) {
        return read(c -> PgQueries.bySeq(c, docId, session, seq));
    }

    @Override
    public long lastSeq(String docId, String session) {
        return read(c -> PgQueries.lastSeq(c, docId, session));
    }

    @Override
    public Optional<DocumentInfo> info(String docId) {
        return read(c -> PgQueries.info(c, docId));
    }

    @Override
    public DocumentPage list(int limit, Optional<String> after) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be in 1..1000, was " + limit);
        }
        Optional<ListCursor> cursor = after.map(ListCursor::decode);
        return read(c -> PgQueries.page(c, limit, cursor));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Committed on a pool connection (PostgreSQL's commit is durable), not through the writer.
     */
    @Override
    public CompletableFuture<Boolean> setTitle(String docId, String title) {
        return writeMeta(c -> MetaRows.setTitle(c, docId, title));
    }

    @Override
    public CompletableFuture<Boolean> nameVersion(String docId, int version, String name, Instant time) {
        return writeMeta(c -> MetaRows.nameVersion(c, docId, version, name, time));
    }

    @Override
    public List<NamedVersion> namedVersions(String docId) {
        return read(c -> MetaRows.namedVersions(c, docId));
    }

    private CompletableFuture<Boolean> writeMeta(Query<Boolean> write) {
        try (Connection c = pool.getConnection()) {
            return CompletableFuture.completedFuture(write.run(c));
        } catch (SQLException e) {
            return CompletableFuture.failedFuture(new StorageException("write failed: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Optional<CommentStore> comments() {
        return Optional.of(comments);
    }

    @Override
    public Optional<ChatStore> chat() {
        return Optional.of(chat);
    }

    @Override
    public Optional<SuggestionStore> suggestions() {
        return Optional.of(suggestions);
    }

    @Override
    public void close() {
        comments.close();
        chat.close();
        suggestions.close();
        writer.stop();
        pool.close();
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Query<T> query) {
        try (Connection c = pool.getConnection()) {
            return query.run(c);
        } catch (SQLException e) {
            throw new StorageException("read failed: " + e.getMessage(), e);
        }
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
