package dev.quire.server.storage.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the segment being written zero-filled ahead of its records, from a thread of its own
 * ({@code quire-journal-fill}), and fsyncs the zeros there (decision 036). A record then lands
 * inside the file's durable size, so the {@code fdatasync} that acknowledges it writes its data
 * blocks only: no size or extent change to commit to the file system's journal, which on ext4
 * would wait for every other process's metadata in the same transaction. The segment's records
 * are followed by zeros; replay stops at the first zero length ({@link Journal#replay}).
 *
 * <p>The filler writes zeros only at or beyond {@code zeroed}, under the segment's lock; a record
 * written beyond the durable fill is written under that lock too and moves {@code zeroed} past
 * itself, so the filler never zeroes a record. A fill stops at the segment's size (a segment is
 * rolled once its records reach it), so a rolled segment has no zero tail.
 *
 * <p>Thread-safety: {@link #begin}, {@link #write}, {@link #truncate} and {@link #end} by the
 * journal's writing thread; the filler runs on its own.
 */
final class ZeroFill implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ZeroFill.class);
    /** Bytes of zeros written (and then fsynced) at a time. */
    private static final int CHUNK = 1 << 20;
    /** How far the zeros are kept ahead of the records. */
    private static final long AHEAD = 8L << 20;

    /** What the journal does with the bytes it writes. */
    interface Write {
        void run() throws IOException;
    }

    /** One segment's fill; its lock guards {@code zeroed} and {@code ended}. */
    private static final class Segment {
        final FileChannel channel;
        final AtomicBoolean scheduled = new AtomicBoolean();
        volatile long zeroed;
        boolean ended;
        /** Zeros at and below this offset are durable (their size fsynced). */
        volatile long filled;
        /** The end of the records written. */
        volatile long records;

        Segment(FileChannel channel) {
            this.channel = channel;
        }
    }

    private final long limit;
    private final ExecutorService filler;
    private final ByteBuffer zeros = ByteBuffer.allocateDirect(CHUNK);
    private Segment segment;

    /** @param limit the segment size: never filled beyond it */
    ZeroFill(long limit) {
        this.limit = limit;
        this.filler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "quire-journal-fill");
            t.setDaemon(true);
            return t;
        });
    }

    /** A new (empty) segment is being written: fills it from its start. */
    void begin(FileChannel channel) {
        segment = new Segment(channel);
        schedule(segment);
    }

    /**
     * Runs the journal's write of the bytes that end at offset {@code end}: at once if they lie
     * inside the durable fill, else under the segment's lock, moving the fill's start past them.
     */
    void write(long end, Write write) throws IOException {
        Segment s = segment;
        if (end <= s.filled) {
            write.run();
        } else {
            synchronized (s) {
                write.run();
                s.zeroed = Math.max(s.zeroed, end);
            }
        }
        s.records = end;
        if (s.zeroed - end < AHEAD / 2) { // read without the lock: at worst one fill more or later
            schedule(s);
        }
    }

    /** Cuts the segment back to {@code size} bytes (a failed write); the fill begins there again. */
    void truncate(long size) throws IOException {
        Segment s = segment;
        synchronized (s) {
            s.channel.truncate(size);
            s.zeroed = Math.min(s.zeroed, size);
            s.filled = Math.min(s.filled, size);
            s.records = size;
        }
        schedule(s);
    }

    /** The segment is about to be closed: no more zeros go into it. */
    void end() {
        Segment s = segment;
        if (s != null) {
            synchronized (s) {
                s.ended = true;
            }
        }
        segment = null;
    }

    private void schedule(Segment s) {
        if (s.zeroed < limit && s.scheduled.compareAndSet(false, true)) {
            try {
                filler.execute(() -> fill(s));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                s.scheduled.set(false);
            }
        }
    }

    /** On the filler: writes and fsyncs zeros, a chunk at a time, until they are far enough ahead. */
    private void fill(Segment s) {
        try {
            while (true) {
                long target;
                synchronized (s) {
                    if (s.ended || s.zeroed >= limit || s.zeroed - s.records >= AHEAD) {
                        s.scheduled.set(false);
                        return;
                    }
                    long from = s.zeroed;
                    int n = (int) Math.min(CHUNK, limit - from);
                    ByteBuffer z = zeros.duplicate().clear().limit(n);
                    long at = from;
                    while (z.hasRemaining()) {
                        at += s.channel.write(z, at);
                    }
                    s.zeroed = from + n;
                    target = s.zeroed;
                }
                s.channel.force(false);
                synchronized (s) {
                    if (s.zeroed >= target) { // not cut back meanwhile
                        s.filled = Math.max(s.filled, target);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A full disk, a closed segment: records are then written beyond the fill, as without it.
            log.debug("journal: cannot fill the segment ahead: {}", e.toString());
            s.scheduled.set(false);
        }
    }

    @Override
    public void close() {
        end();
        filler.shutdown();
    }
}
