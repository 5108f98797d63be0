package dev.quire.server.storage.h2;

import dev.quire.server.storage.journal.JournalFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The journal's files as a power cut leaves them: real files, whose writes and fsyncs are
 * recorded, so that {@link #cut} and {@link #restore} can copy them as the disk would hold them
 * after losing the page cache. A file holds every write that completed before its last
 * {@code fdatasync} began, plus a random number of the writes after them, in order; the bytes of
 * the writes lost are what the file held before them (zeros: the journal writes each byte of a
 * segment once, over the zeros it is filled with ahead of its records, decision 036, or past its
 * end), and its size is the larger of its size at that fsync and the end of the writes kept. A
 * file whose directory entry was not fsynced after its creation is gone.
 *
 * <p>Thread-safe: the journal writes from any submitting thread, and fills from its own.
 */
public final class PowerCutFiles implements JournalFiles {
    /** What happened to one file: its writes as {offset, length}, in order, and what is durable. */
    private static final class FileLog {
        final List<long[]> writes = new ArrayList<>();
        /** How many of {@link #writes}, from the first, were written before an fsync began. */
        int durableWrites;
        /** The file's size when its last fsync began. */
        long durableSize;
    }

    /** What the disk surely holds at one moment: per file whose entry is on disk, its durable writes and size. */
    record Cut(Map<Path, long[]> files) {}

    private final Map<Path, FileLog> logs = new HashMap<>();
    /** Files whose directory entry is on disk (the directory was fsynced after their creation). */
    private final Set<Path> listed = new HashSet<>();

    private int fileSyncs;
    private int groupSyncs;
    /** While held, a segment's {@code force} waits (see {@link #holdFsyncs}); guarded by {@code this}. */
    private boolean held;

    private int waiting;

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel channel = FileChannel.open(path, options);
        if (Files.isDirectory(path)) {
            return new Recorded(channel, new OnWrite() {
                @Override
                public void synced(int writes, long size) {
                    directorySynced(path);
                }

                @Override
                public void wrote(long offset, long length) {}
            });
        }
        synchronized (this) {
            // The journal opens a segment with TRUNCATE_EXISTING: what it held is gone either way.
            logs.put(path, new FileLog());
        }
        return new Recorded(channel, new OnWrite() {
            @Override
            public void syncing() throws IOException {
                awaitRelease();
            }

            @Override
            public void synced(int writes, long size) {
                fileSynced(path, writes, size);
            }

            @Override
            public void wrote(long offset, long length) {
                synchronized (PowerCutFiles.this) {
                    logs.get(path).writes.add(new long[] {offset, length});
                }
            }
        }) {
            @Override
            int writesSoFar() {
                synchronized (PowerCutFiles.this) {
                    return logs.get(path).writes.size();
                }
            }
        };
    }

    private synchronized void directorySynced(Path dir) {
        for (Path p : logs.keySet()) {
            if (dir.equals(p.getParent())) {
                listed.add(p);
            }
        }
    }

    private synchronized void fileSynced(Path file, int writes, long size) {
        FileLog f = logs.get(file);
        f.durableWrites = Math.max(f.durableWrites, writes);
        f.durableSize = Math.max(f.durableSize, size);
        fileSyncs++;
        if (Thread.currentThread().getName().equals("quire-journal")) {
            groupSyncs++;
        }
    }

    /** How many times the {@code quire-journal} thread fsynced a segment: once per group written (the filler's fsyncs aside). */
    public synchronized int groupSyncs() {
        return groupSyncs;
    }

    /** From now on a segment's {@code fdatasync} waits in its call until {@link #releaseFsyncs}: a slow disk, stopped. */
    public synchronized void holdFsyncs() {
        held = true;
    }

    /** Lets the waiting and later fsyncs go. */
    public synchronized void releaseFsyncs() {
        held = false;
        notifyAll();
    }

    /** How many threads wait in a held fsync right now. */
    public synchronized int waitingFsyncs() {
        return waiting;
    }

    private synchronized void awaitRelease() throws IOException {
        waiting++;
        try {
            while (held) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("fsync held");
        } finally {
            waiting--;
        }
    }

    /** How many times a journal file was fsynced. */
    synchronized int fileSyncs() {
        return fileSyncs;
    }

    /** What the disk surely holds right now. */
    synchronized Cut cut() {
        Map<Path, long[]> onDisk = new HashMap<>();
        for (Path p : listed) {
            FileLog f = logs.get(p);
            onDisk.put(p, new long[] {f.durableWrites, f.durableSize});
        }
        return new Cut(onDisk);
    }

    /**
     * Copies the files of {@code cut} into {@code toDir} as a power cut at that moment leaves
     * them: each with its durable writes and a random number (from {@code random}) of the writes
     * after them, every later write (made before or after the cut) taken back.
     */
    synchronized void restore(Cut cut, Path toDir, Random random) throws IOException {
        Files.createDirectories(toDir);
        for (Map.Entry<Path, long[]> file : cut.files().entrySet()) {
            List<long[]> writes = logs.get(file.getKey()).writes;
            int durable = (int) file.getValue()[0];
            long size = file.getValue()[1];
            byte[] bytes = Files.readAllBytes(file.getKey());
            int kept = durable + random.nextInt(writes.size() - durable + 1);
            for (int i = 0; i < writes.size(); i++) {
                long[] w = writes.get(i);
                if (i < kept) {
                    size = Math.max(size, w[0] + w[1]);
                } else if (w[0] < bytes.length) {
                    java.util.Arrays.fill(bytes, (int) w[0], (int) Math.min(bytes.length, w[0] + w[1]), (byte) 0);
                }
            }
            Files.write(toDir.resolve(file.getKey().getFileName()), java.util.Arrays.copyOf(bytes, (int) size));
        }
    }

    private interface OnWrite {
        /** Before a force: may wait. */
        default void syncing() throws IOException {}

        void synced(int writesBeforeSync, long sizeBeforeSync);

        void wrote(long offset, long length);
    }

    /**
     * A real channel that reports each write, and each {@code force} once it returned, with the
     * writes and the size it made durable.
     */
    private static class Recorded extends FileChannel {
        private final FileChannel real;
        private final OnWrite on;

        Recorded(FileChannel real, OnWrite on) {
            this.real = real;
            this.on = on;
        }

        int writesSoFar() {
            return 0;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            on.syncing();
            int writes = writesSoFar();
            long size = real.size();
            real.force(metaData);
            on.synced(writes, size);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            synchronized (this) { // the position and the record of the write go together
                long at = real.position();
                int n = real.write(src);
                on.wrote(at, n);
                return n;
            }
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("the journal writes one buffer at a time");
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (size < real.size()) {
                throw new UnsupportedOperationException("a power-cut test does not cut the journal back");
            }
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int n = real.write(src, position);
            on.wrote(position, n);
            return n;
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException("the journal does not map its files");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
