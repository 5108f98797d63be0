package dev.quire.server.storage.journal;

/**
 * What a write survives once the journal acknowledged it (its future completed).
 *
 * <pre>
 *   failure                           WRITE   FSYNC
 *   kill -9, crash of the JVM         kept    kept
 *   power cut, kernel panic, VM reset lost*   kept
 * </pre>
 *
 * (*) the acknowledged writes of the last seconds, still in the operating system's page cache.
 */
public enum Durability {
    /**
     * Each group of records is written to the segment file before its writes are acknowledged:
     * the bytes are in the operating system's page cache, so they survive {@code kill -9} of the
     * process, but not a power cut. Submitting threads may journal their own writes (decision
     * 008), since a write then costs no disk flush.
     */
    WRITE,
    /**
     * Each group is also {@code fdatasync}ed (and the directory fsynced when a segment is begun)
     * before its writes are acknowledged, so they survive a power cut too, at the cost of one
     * flush per group. Only the {@code quire-journal} thread writes, so that no I/O thread waits
     * for a disk flush.
     */
    FSYNC
}
