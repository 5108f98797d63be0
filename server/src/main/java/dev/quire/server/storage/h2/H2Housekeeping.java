package dev.quire.server.storage.h2;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * The housekeeping H2's background writer would do, done by the applier instead. H2 takes a
 * consistent snapshot of one table at a time when it writes its file, not of all of them: a write
 * by its background thread racing a commit of the applier, then a crash before the next write, can
 * leave an op row in the file without the {@code journal_state} row that records it, or the other
 * way round (h2database#2080; seen here as a replay refusing "version 288 does not follow version
 * 288" once in about twenty kill -9 runs). So the store opens H2 with a {@link #WRITE_DELAY} of
 * days: H2 then writes its file only on the thread that changes it — the applier's, at
 * {@code CHECKPOINT} and when its buffer of unsaved changes fills — and never while a commit is under
 * way. Without its thread nothing rewrites the chunks that updates leave mostly dead; this does,
 * on the applier's thread, after each checkpoint (decision 030).
 *
 * <p>Reaches H2's engine through its own classes ({@code JdbcConnection}, {@code SessionLocal}):
 * an embedded database only. Owned by the applier; not thread-safe.
 */
final class H2Housekeeping {
    /**
     * H2's {@code WRITE_DELAY}, in ms: its background writer wakes every third of it (8 days), and
     * then writes nothing, since the applier's checkpoints write far more often.
     */
    static final int WRITE_DELAY = Integer.MAX_VALUE;

    /** Chunks are rewritten while less than this percentage of their bytes is live. */
    static final int TARGET_FILL_RATE = 80;
    /** At most about this many bytes are rewritten per checkpoint. */
    static final int WRITE_LIMIT = 4 << 20;

    private final MVStore store;

    H2Housekeeping(Connection connection) throws SQLException {
        SessionLocal session =
                (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        this.store = session.getDatabase().getStore().getMvStore();
    }

    /**
     * Rewrites chunks whose live share is below {@link #TARGET_FILL_RATE}, up to
     * {@link #WRITE_LIMIT} bytes. Call only between the applier's transactions.
     *
     * @return whether any chunk was rewritten
     */
    boolean rewriteSparseChunks() {
        return store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
    }

    /** The share of the file's chunks that is live, in percent. */
    int chunksFillRate() {
        return store.getFileStore().getChunksFillRate();
    }
}
