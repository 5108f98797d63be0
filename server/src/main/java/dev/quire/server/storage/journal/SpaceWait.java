package dev.quire.server.storage.journal;

import dev.quire.server.storage.FaultLog;
import dev.quire.server.storage.StorageException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The journal writer's wait for disk space: after a write failed (a full disk, say), writes are
 * refused at once as {@linkplain StorageException#unavailable unavailable} until the back-off has
 * passed (100 ms, doubling up to 5 s); then the next group, or the writer's idle probe, tries the
 * disk again. Failures are logged once per 30 s with a count ({@link FaultLog}), the recovery once.
 *
 * <p>Owned by the {@link GroupCommit}; touched only under the writer's lock.
 */
final class SpaceWait {
    /** Bytes a probe writes and cuts off again. */
    static final int PROBE_BYTES = 64 * 1024;

    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final FaultLog faults;
    private long backoff;
    private long retryAt;
    private String cause = "";

    SpaceWait(Logger log) {
        this.faults = new FaultLog(log, "journal writer: writing the journal", TimeUnit.SECONDS.toNanos(30));
    }

    /** Whether writes are refused now, without trying the disk. */
    boolean waiting() {
        return backoff > 0 && System.nanoTime() - retryAt < 0;
    }

    /** Whether a fault is on and its back-off has passed. */
    boolean dueForProbe() {
        return backoff > 0 && System.nanoTime() - retryAt >= 0;
    }

    /** What a write refused while waiting fails with. */
    StorageException refusal() {
        return StorageException.unavailable("storage unavailable: " + cause, null);
    }

    /** A write to the journal failed and left it intact; returns what the group fails with. */
    StorageException failed(IOException e) {
        backoff = backoff == 0 ? FIRST_BACKOFF_NANOS : Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        retryAt = System.nanoTime() + backoff;
        cause = e.toString();
        faults.fault(
                e,
                "journal writer: cannot write the journal (" + e.getMessage() + "); refusing writes as"
                        + " storage-unavailable, nothing of them acknowledged, retrying in "
                        + TimeUnit.NANOSECONDS.toMillis(backoff) + " ms");
        return refusal();
    }

    /** A write went through again. */
    void recovered() {
        backoff = 0;
        cause = "";
        faults.recovered();
    }
}
