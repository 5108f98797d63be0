package dev.quire.server.storage.h2;

import dev.quire.server.storage.StorageException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How far {@link H2Applier} got, as other threads see it: the last lsn applied, why records cannot
 * be applied right now (a fault), and whether the database is closed and being reopened; reads
 * and the journal writer wait on it.
 *
 * <p>Thread-safety: {@link #applied}, {@link #faulted}, {@link #cleared} and {@link #stopped} from
 * the applier's thread (or the opening thread during replay); the rest from any thread.
 */
final class ApplierProgress {
    private final Object monitor = new Object();
    private volatile long appliedLsn;
    /** Why the last attempt failed, while it has not yet succeeded again. */
    private volatile String fault;

    private volatile boolean reopening;
    private volatile boolean stopped;

    ApplierProgress(long appliedLsn) {
        this.appliedLsn = appliedLsn;
    }

    long appliedLsn() {
        return appliedLsn;
    }

    Optional<String> fault() {
        return Optional.ofNullable(fault);
    }

    /** Every record up to {@code lsn} is applied. */
    void applied(long lsn) {
        synchronized (monitor) {
            appliedLsn = lsn;
            monitor.notifyAll();
        }
    }

    /**
     * Records cannot be applied, because of {@code why}; with {@code closed}, the database is closed
     * and reads are refused until {@link #cleared}. Wakes the threads that wait.
     */
    void faulted(String why, boolean closed) {
        synchronized (monitor) {
            fault = why;
            reopening = closed;
            monitor.notifyAll();
        }
    }

    /** Records are applied again. */
    void cleared() {
        reopening = false;
        fault = null;
    }

    /** The applier is stopping: nothing waits for it any more. */
    void stopped() {
        stopped = true;
    }

    /**
     * Waits until every record up to {@code lsn} is applied.
     *
     * @throws StorageException if that takes longer than {@code timeoutMillis}, or (as
     *     {@linkplain StorageException#unavailable unavailable}) while the database is being reopened
     */
    void awaitApplied(long lsn, long timeoutMillis) {
        refuseWhileReopening();
        if (appliedLsn >= lsn) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (monitor) {
            while (appliedLsn < lsn) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StorageException("the database is " + (lsn - appliedLsn)
                            + " journal records behind; not applied within " + timeoutMillis + " ms");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted while waiting for the database");
                }
                refuseWhileReopening();
            }
        }
    }

    private void refuseWhileReopening() {
        String why = fault;
        if (reopening) {
            throw StorageException.unavailable(why == null ? "storage unavailable: reopening the database" : why, null);
        }
    }

    /**
     * Blocks while more than {@code maxLag} records up to {@code journaledLsn} wait to be applied,
     * until stopped, or while records cannot be applied ({@link #fault}: the writer then refuses).
     */
    void awaitLagBelow(long journaledLsn, long maxLag) throws InterruptedException {
        if (journaledLsn - appliedLsn <= maxLag) {
            return;
        }
        synchronized (monitor) {
            while (journaledLsn - appliedLsn > maxLag && !stopped && fault == null) {
                monitor.wait(100);
            }
        }
    }
}
