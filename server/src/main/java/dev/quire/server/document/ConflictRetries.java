package dev.quire.server.document;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The ops of a live document that are applied but not yet durable, kept as their authors submitted
 * them, so that when a shared store refuses one (another node committed that version first) they
 * can be submitted again on top of what won; and how many times in a row that happened. Past
 * {@value #MAX_RETRIES} conflicts without a durable op in between, the document stops retrying
 * and its authors are told {@code retry-later}.
 *
 * <p>Runs in the document's mailbox.
 */
final class ConflictRetries {
    static final int MAX_RETRIES = 10;
    /** What {@code retry-later} asks an editor to wait before sending its op again. */
    static final long RETRY_AFTER_MS = 500;

    private final TreeMap<Integer, Submission> inFlight = new TreeMap<>();
    private int conflictsInARow;

    /** The op submitted as {@code s} was applied as {@code version} and is on its way to the store. */
    void applied(int version, Submission s) {
        inFlight.put(version, s);
    }

    /** The op of {@code version} is durable. */
    void durable(int version) {
        inFlight.remove(version);
        conflictsInARow = 0;
    }

    /** Forgets every op in flight (they were abandoned). */
    void clear() {
        inFlight.clear();
    }

    /**
     * A conflict: takes the ops in flight, in version order, and counts the conflict.
     *
     * @return the ops to submit again, or to answer {@code retry-later} when {@link #exhausted()}
     */
    List<Submission> conflicted() {
        conflictsInARow++;
        List<Submission> lost = new ArrayList<>(inFlight.values());
        inFlight.clear();
        return lost;
    }

    /** Whether the conflicts in a row passed the bound; if so, the count starts again for the next op. */
    boolean exhausted() {
        if (conflictsInARow > MAX_RETRIES) {
            conflictsInARow = 0;
            return true;
        }
        return false;
    }
}
