package dev.quire.server.storage.h2;

import dev.quire.server.storage.ChatStore;
import dev.quire.server.storage.CommentStore;
import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.DocumentPage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.ListCursor;
import dev.quire.server.storage.MetaRows;
import dev.quire.server.storage.NamedVersion;
import dev.quire.server.storage.OnlineBackup;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.StoreHealth;
import dev.quire.server.storage.StoredDocument;
import dev.quire.server.storage.SuggestionStore;
import dev.quire.server.storage.journal.Durability;
import dev.quire.server.storage.journal.Journal;
import dev.quire.server.storage.journal.JournalFiles;
import dev.quire.server.storage.journal.JournalWriter;
import dev.quire.server.storage.journal.StoreWrite;
import dev.quire.server.storage.sql.SqlChatStore;
import dev.quire.server.storage.sql.SqlCommentStore;
import dev.quire.server.storage.sql.SqlRangeStore;
import dev.quire.server.storage.sql.SqlSuggestionStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link DocumentStore} on an embedded H2 file database ({@code <dataDir>/quire.mv.db}) behind a
 * write-ahead journal ({@code <dataDir>/journal/}).
 *
 * <p>Durability: a write is durable once its record is in the {@link Journal}. One thread
 * ({@link JournalWriter}) checks and appends every waiting write in one sequential file write
 * and then completes their futures; the bytes are then in the operating system's page cache and
 * survive {@code kill -9} of the process. With {@link Durability#FSYNC} each such write is also
 * fsynced, so a completed write survives a power cut too, at the cost of one fsync per group.
 * Another thread ({@link H2Applier}) puts the journaled writes into the SQL tables in large
 * transactions, off the acknowledgement path; every read but {@link #lastSeq} first waits until the
 * tables hold every write completed before it, so reads see exactly what a store without a journal
 * would. {@link #lastSeq} answers from the journal writer's view of the document, the one head the
 * writer checks appends against. On
 * opening, the journal records the database does not yet hold (those above
 * {@code journal_state.applied_lsn}) are applied first. Journal segments are deleted once a
 * {@code CHECKPOINT SYNC} of the database covers them.
 *
 * <p>Timestamps are stored with microsecond precision; {@link OpRecord#time()} values are
 * truncated to microseconds when appended.
 */
public final class H2DocumentStore implements DocumentStore, OnlineBackup {
    /** A journal segment is closed, and can be deleted once checkpointed, at this size. */
    static final long SEGMENT_BYTES = 64L << 20;
    /** Longest a read waits for the SQL tables to catch up with the journal. */
    private static final long READ_WAIT_MILLIS = 30_000;

    /** The database file under the data directory, as {@code BACKUP TO} names it in its zip. */
    public static final String DATABASE_FILE = "quire.mv.db";

    private final H2Parts parts;
    private final SqlCommentStore comments;
    private final SqlChatStore chat;
    private final SqlSuggestionStore suggestions;
    private final H2Applier applier;
    private final JournalWriter writer;
    private final H2Readers readers;
    private final H2RowWrites rows;

    /**
     * Opens (creating if needed) the database under {@code dataDir} and migrates its schema; writes
     * complete once written, without fsync ({@link Durability#WRITE}; the server passes its
     * {@code --sync-commits}, by default {@link Durability#FSYNC}).
     *
     * @throws StorageException if the database cannot be opened or migrated
     */
    public H2DocumentStore(Path dataDir) {
        this(dataDir, Durability.WRITE);
    }

    /**
     * Opens (creating if needed) the database under {@code dataDir}, migrates its schema and
     * applies what its journal holds beyond the database.
     *
     * @param durability what a write survives once its future completed
     * @throws StorageException if the database cannot be opened, migrated or brought up to its journal
     */
    public H2DocumentStore(Path dataDir, Durability durability) {
        this(dataDir, durability, SEGMENT_BYTES);
    }

    /**
     * A store whose journal opens its files through {@code files}: {@link JournalFiles#DISK} in
     * the server; a test passes channels that hold an {@code fdatasync} (a stopped disk).
     */
    public H2DocumentStore(Path dataDir, Durability durability, JournalFiles files) {
        this(dataDir, durability, SEGMENT_BYTES, files);
    }

    H2DocumentStore(Path dataDir, Durability durability, long segmentBytes) {
        this(dataDir, durability, segmentBytes, JournalFiles.DISK);
    }

    /** A store whose journal opens its files through {@code files} (a power-cut test records them). */
    H2DocumentStore(Path dataDir, Durability durability, long segmentBytes, JournalFiles files) {
        parts = H2Parts.open(dataDir, durability, segmentBytes, files);
        applier = parts.applier();
        writer = parts.writer();
        readers = parts.readers();
        rows = new H2RowWrites(writer, applier, READ_WAIT_MILLIS);
        comments = new SqlCommentStore(parts.dataSource(), SqlRangeStore.Dialect.H2, rows::writeComment);
        chat = new SqlChatStore(parts.dataSource(), rows::writeComment);
        suggestions = new SqlSuggestionStore(parts.dataSource(), SqlRangeStore.Dialect.H2, rows::writeComment);
        parts.start();
    }

    @Override
    public CompletableFuture<Void> create(String docId, Instant time) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.submit(new StoreWrite.Create(docId, micros(time), done));
        return done;
    }

    @Override
    public CompletableFuture<Void> append(OpRecord op, int lengthAfter) {
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
        writer.submit(new StoreWrite.Append(stored, lengthAfter, done));
        return done;
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(Snapshot snapshot) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.submit(new StoreWrite.PutSnapshot(snapshot, micros(Instant.now()), done));
        return done;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Waits first until the SQL tables hold every record journaled so far, as reads do.
     */
    @Override
    public int compact(String docId, Instant before) {
        applier.awaitApplied(writer.journaledLsn(), READ_WAIT_MILLIS);
        return H2Compaction.compact(applier, docId, before, READ_WAIT_MILLIS);
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
            if (H2Queries.infoOn(c, docId).isEmpty()) {
                return Optional.empty();
            }
            Snapshot snapshot =
                    H2Queries.snapshotOn(c, docId, Integer.MAX_VALUE).orElse(new Snapshot(docId, 0, ""));
            return Optional.of(
                    new StoredDocument(snapshot, H2Queries.opsOn(c, docId, snapshot.version() + 1, Integer.MAX_VALUE)));
        });
    }

    @Override
    public Optional<Snapshot> snapshotAtOrBefore(String docId, int version) {
        return read(c -> H2Queries.snapshotOn(c, docId, version));
    }

    @Override
    public List<OpRecord> ops(String docId, int fromVersion, int toVersion) {
        return read(c -> H2Queries.opsOn(c, docId, fromVersion, toVersion));
    }

    @Override
    public Optional<OpRecord> findBySeq(String docId, String session, long seq) {
        return read(c -> H2Queries.bySeqOn(c, docId, session, seq));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Answered from the journal writer's view of the document, the head its appends are checked
     * against, without waiting for the SQL tables to catch up.
     */
    @Override
    public long lastSeq(String docId, String session) {
        return writer.lastSeq(docId, session);
    }

    @Override
    public Optional<DocumentInfo> info(String docId) {
        return read(c -> H2Queries.infoOn(c, docId));
    }

    /** H2's {@code WRITE_DELAY} as the database reports it ({@link H2Housekeeping#WRITE_DELAY}). */
    int writeDelay() {
        return Integer.parseInt(read(c -> H2Queries.setting(c, "WRITE_DELAY")));
    }

    @Override
    public DocumentPage list(int limit, Optional<String> after) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be in 1..1000, was " + limit);
        }
        Optional<ListCursor> cursor = after.map(ListCursor::decode);
        rows.flush();
        return read(c -> H2Queries.pageOn(c, limit, cursor));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Written by the applier between two of its transactions (only its thread writes H2's file,
     * decision 030) once the documents rows hold every write journaled before (they are updated
     * lazily), then checkpointed: a title is rare, and its row is not in the journal, so the
     * checkpoint is what makes it survive a crash (decision 027).
     */
    @Override
    public CompletableFuture<Boolean> setTitle(String docId, String title) {
        return rows.write(c -> MetaRows.setTitle(c, docId, title));
    }

    @Override
    public CompletableFuture<Boolean> nameVersion(String docId, int version, String name, Instant time) {
        return rows.write(c -> MetaRows.nameVersion(c, docId, version, name, time));
    }

    @Override
    public List<NamedVersion> namedVersions(String docId) {
        return read(c -> MetaRows.namedVersions(c, docId));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Waits until the SQL tables hold every record journaled so far (an acknowledged write may
     * still be only in the journal), then has the applier run H2's {@code BACKUP TO} between two
     * of its transactions (decisions 017, 030). The copy may hold more than the journal head:
     * never less.
     */
    @Override
    public BackupPoint backupTo(Path file) {
        long head = writer.journaledLsn();
        applier.awaitApplied(head, READ_WAIT_MILLIS);
        applier.between(
                c -> {
                    H2Backup.copy(c, file);
                    return null;
                },
                READ_WAIT_MILLIS);
        return new BackupPoint(head, DATABASE_FILE);
    }

    /** How the store is doing (journal lag, faults, its threads). */
    public StoreHealth health() {
        return new H2Health(writer, applier, readers);
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
        parts.close();
    }

    private <T> T read(H2Readers.Query<T> query) {
        applier.awaitApplied(writer.journaledLsn(), READ_WAIT_MILLIS);
        return readers.read(query);
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
