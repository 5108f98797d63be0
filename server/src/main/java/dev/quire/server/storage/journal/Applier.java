package dev.quire.server.storage.journal;

import java.util.List;
import java.util.Optional;

/**
 * What fills the database behind the journal, as the {@link JournalWriter} sees it: it takes the
 * accepted writes in lsn order, reports how far it got, and lets the writer wait while it lags.
 *
 * <p>Implementations are thread-safe: {@link #enqueue} is called by whichever thread holds the
 * writer's lock, {@link #appliedLsn} and {@link #awaitLagBelow} from any thread.
 */
public interface Applier {
    /** The lsn of the last record the database holds: every record at or below it is applied. */
    long appliedLsn();

    /**
     * Hands over the writes just journaled (and the flushes among them), in lsn order. The list is
     * reused by the caller: implementations copy what they keep.
     */
    void enqueue(List<JournalEntry> entries);

    /**
     * Blocks while more than {@code maxLag} records up to {@code journaledLsn} wait to be applied;
     * returns at once while it cannot apply them ({@link #fault}).
     */
    void awaitLagBelow(long journaledLsn, long maxLag) throws InterruptedException;

    /**
     * Why records cannot be applied right now (its database failed), or empty: while it lags by
     * the writer's bound, the writer then refuses writes as unavailable instead of waiting.
     */
    default Optional<String> fault() {
        return Optional.empty();
    }
}
