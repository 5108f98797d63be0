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
     * process, but not a power cut ({@code --sync-commits false}).
     */
    WRITE,
    /**
     * Each group is also {@code fdatasync}ed (and the directory fsynced when a segment is begun)
     * before its writes are acknowledged, so they survive a power cut too, at the cost of one
     * flush per group: the server's default (decision 024). Only the {@code quire-journal} thread
     * writes, so that no I/O thread waits for a disk flush and a document's next ops are
     * transformed and queued while earlier ones wait for it (they make the next group). The
     * segment being written is kept zero-filled ahead of its records, so that flush writes data
     * blocks only, no file-size change (decision 036).
     */
    FSYNC
}
