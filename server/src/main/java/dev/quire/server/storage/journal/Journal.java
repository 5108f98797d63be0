package dev.quire.server.storage.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's write-ahead journal: append-only segment files {@code <dir>/<first lsn>.journal}
 * holding {@link JournalCodec} records in lsn order. A write is durable once its record is in
 * the journal: {@link #append} returns after the bytes reached the operating system (they
 * survive {@code kill -9}) and, with {@link Durability#FSYNC}, after {@code fdatasync} (they
 * survive a power cut). The database behind the journal is filled from it later; a segment is deleted only once
 * every record in it is in a checkpointed database. With fsync, the segment being written is filled
 * with zeros ahead of its records ({@link ZeroFill}); reading stops at the first zero length.
 *
 * <p>Thread-safety: {@link #append} is called by one thread (the journal writer);
 * {@link #deleteThrough} may be called from another; {@link #startAt} only before writing starts,
 * and {@link #replay} too, but up to an lsn already written, from the thread that deletes.
 */
public final class Journal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final String SUFFIX = ".journal";

    private final Path dir;
    private final long segmentBytes;
    private final Durability durability;
    private final JournalFiles files;
    /** With fsync: keeps the segment zero-filled ahead of its records (decision 036); else null. */
    private final ZeroFill fill;
    /** Segments by their first lsn; guarded by {@code this}. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();

    private FileChannel current;
    private volatile boolean closed;
    private long currentFirst;
    private long currentSize;

    /**
     * @param segmentBytes a segment is closed and a new one begun once it holds this many bytes
     * @param durability   what an appended record survives (with {@link Durability#FSYNC} every
     *     append is fsynced, and the directory when a segment is created)
     */
    public Journal(Path dir, long segmentBytes, Durability durability) throws IOException {
        this(dir, segmentBytes, durability, JournalFiles.DISK);
    }

    /**
     * A journal whose segment files (and directory, for its fsync) are opened through {@code files}.
     *
     * @param opener {@link JournalFiles#DISK}, but in a power-cut test
     */
    public Journal(Path dir, long segmentBytes, Durability durability, JournalFiles opener) throws IOException {
        this.dir = dir;
        this.files = opener;
        this.segmentBytes = segmentBytes;
        this.durability = durability;
        this.fill = durability == Durability.FSYNC ? new ZeroFill(segmentBytes) : null;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    try {
                        segments.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), p);
                    } catch (NumberFormatException e) {
                        log.warn("journal: ignoring {}, not a segment name", p);
                    }
                }
            }
        }
    }

    /**
     * Reads every intact record with an lsn above {@code afterLsn}, in order, handing them out in
     * batches ({@link JournalReplay}).
     *
     * @return the highest lsn read (intact), or {@code afterLsn} if none is above it
     */
    public long replay(long afterLsn, int batchSize, Consumer<List<JournalEntry>> batches) throws IOException {
        return replay(afterLsn, Long.MAX_VALUE, batchSize, batches);
    }

    /**
     * Like {@link #replay(long, int, Consumer)}, but stops after the record {@code throughLsn}: while
     * the journal is being written (the applier reopening H2), every record up to an lsn the writer
     * has passed is intact.
     */
    public long replay(long afterLsn, long throughLsn, int batchSize, Consumer<List<JournalEntry>> batches)
            throws IOException {
        Map<Long, Path> copy;
        synchronized (this) {
            copy = new TreeMap<>(segments);
        }
        return JournalReplay.replay(copy, afterLsn, throughLsn, batchSize, batches);
    }

    /** What an appended record survives. */
    Durability durability() {
        return durability;
    }

    /** Deletes every segment and begins a new one whose first record will have {@code nextLsn}. */
    public synchronized void startAt(long nextLsn) throws IOException {
        closeCurrent();
        for (Path p : segments.values()) {
            Files.deleteIfExists(p);
        }
        segments.clear();
        open(nextLsn);
    }

    /**
     * The journal can no longer be trusted: a failed write could not be cut off again, or an
     * fsync failed (the kernel may have dropped the pages it could not write). Only a restart,
     * which replays up to the last intact record, is safe.
     */
    static final class UntrustedException extends IOException {
        private static final long serialVersionUID = 1L;

        UntrustedException(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * Writes {@code length} bytes of whole records, the first of which has {@code firstLsn}, and
     * returns once they are durable (see the class comment).
     *
     * @throws UntrustedException if the journal cannot be trusted any more (see there)
     * @throws IOException        if the write failed (a full disk, say): the journal is then as it
     *     was before the call, and the same records may be appended again
     */
    void append(byte[] bytes, int length, long firstLsn) throws IOException {
        if (closed) {
            throw new UntrustedException("the journal is closed", new java.nio.channels.ClosedChannelException());
        }
        if (current == null || (currentSize >= segmentBytes && firstLsn > currentFirst)) {
            synchronized (this) {
                closeCurrent();
                open(firstLsn);
            }
        }
        long before = currentSize;
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes, 0, length);
            if (fill != null) {
                fill.write(before + length, () -> writeAll(buf));
            } else {
                writeAll(buf);
            }
        } catch (IOException e) {
            cutBack(before);
            throw e;
        }
        if (durability == Durability.FSYNC) {
            try {
                current.force(false);
            } catch (IOException e) {
                throw new UntrustedException("fsync of the journal failed", e);
            }
        }
        currentSize += length;
    }

    private void writeAll(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            current.write(buf);
        }
    }

    /** Cuts off what a failed write left at the end of the segment, so the next write follows intact records. */
    private void cutBack(long size) throws UntrustedException {
        try {
            if (fill != null) {
                fill.truncate(size);
            } else {
                current.truncate(size);
            }
            current.position(size);
        } catch (IOException e) {
            throw new UntrustedException("cannot cut a failed write off the journal", e);
        }
    }

    /**
     * Checks that a write of {@code bytes} would fit now, leaving the journal as it was: writes
     * zeros at the end of the segment and cuts them off again. For a store waiting for disk space.
     *
     * @throws UntrustedException if they could not be cut off again
     */
    void probe(int bytes) throws IOException {
        if (closed || current == null) {
            return; // the next append opens a segment, and so probes itself
        }
        long before = currentSize;
        try {
            ByteBuffer zeros = ByteBuffer.allocate(bytes);
            while (zeros.hasRemaining()) {
                current.write(zeros);
            }
        } catch (IOException e) {
            cutBack(before);
            throw e;
        }
        cutBack(before);
    }

    /** Deletes the segments, other than the one being written, all of whose records are at or below {@code lsn}. */
    public synchronized int deleteThrough(long lsn) {
        int deleted = 0;
        while (segments.size() > 1) {
            Map.Entry<Long, Path> first = segments.firstEntry();
            long nextFirst = segments.higherKey(first.getKey());
            if (nextFirst - 1 > lsn) {
                break;
            }
            try {
                Files.deleteIfExists(first.getValue());
            } catch (IOException e) {
                log.warn("journal: cannot delete {}: {}", first.getValue(), e.toString());
                break;
            }
            segments.remove(first.getKey());
            deleted++;
        }
        return deleted;
    }

    /** Whether {@link #deleteThrough} of {@code lsn} would delete at least one segment. */
    public synchronized boolean canDeleteThrough(long lsn) {
        return segments.size() > 1 && segments.higherKey(segments.firstKey()) - 1 <= lsn;
    }

    private void open(long firstLsn) throws IOException {
        Path p = dir.resolve(String.format("%020d%s", firstLsn, SUFFIX));
        // Not CREATE_NEW: a segment whose creation failed half-way (a full disk) is begun again;
        // it holds no record, since every lsn at or above firstLsn is still to be written.
        current = files.open(
                p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        if (durability == Durability.FSYNC) {
            try (FileChannel d = files.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                log.debug("journal: cannot fsync directory {}: {}", dir, e.toString());
            }
        }
        segments.put(firstLsn, p);
        currentFirst = firstLsn;
        currentSize = 0;
        if (fill != null) {
            fill.begin(current);
        }
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            if (fill != null) {
                fill.end();
            }
            current.close();
            current = null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        closeCurrent();
        if (fill != null) {
            fill.close();
        }
    }
}
