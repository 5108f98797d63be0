package dev.quire.server.storage.h2;

import dev.quire.server.storage.journal.JournalFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The journal's files as a power cut leaves them: real files, whose writes and fsyncs are
 * recorded, so that {@link #cut} can copy them as the disk would hold them after losing the page
 * cache. A file holds what was written before its last {@code fdatasync} returned, plus a random
 * part of what was written after it (the kernel may or may not have written some of it back); a
 * file whose directory entry was not fsynced after its creation is gone.
 *
 * <p>Thread-safe: the journal writes from any submitting thread.
 */
final class PowerCutFiles implements JournalFiles {
    /** Per file created: the bytes surely on disk (its size when its last fsync began). */
    private final Map<Path, Long> synced = new HashMap<>();
    /** Files whose directory entry is on disk (the directory was fsynced after their creation). */
    private final Set<Path> listed = new HashSet<>();

    private int fileSyncs;

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel channel = FileChannel.open(path, options);
        if (Files.isDirectory(path)) {
            return new Recorded(channel, size -> directorySynced(path));
        }
        synchronized (this) {
            // The journal opens a segment with TRUNCATE_EXISTING: what it held is gone either way.
            synced.put(path, 0L);
        }
        return new Recorded(channel, size -> fileSynced(path, size));
    }

    private synchronized void directorySynced(Path dir) {
        for (Path p : synced.keySet()) {
            if (dir.equals(p.getParent())) {
                listed.add(p);
            }
        }
    }

    private synchronized void fileSynced(Path file, long size) {
        synced.put(file, Math.max(synced.get(file), size));
        fileSyncs++;
    }

    /** How many times a journal file was fsynced. */
    synchronized int fileSyncs() {
        return fileSyncs;
    }

    /** What the disk surely holds right now: per file whose entry is on disk, its synced length. */
    synchronized Map<Path, Long> cut() {
        Map<Path, Long> onDisk = new HashMap<>();
        for (Path p : listed) {
            onDisk.put(p, synced.get(p));
        }
        return onDisk;
    }

    /**
     * Copies the files of {@code cut} into {@code toDir}, each with its synced bytes and a random
     * part (from {@code random}) of the bytes written after them.
     */
    static void restore(Map<Path, Long> cut, Path toDir, Random random) throws IOException {
        Files.createDirectories(toDir);
        for (Map.Entry<Path, Long> file : cut.entrySet()) {
            long written = Files.size(file.getKey());
            long synced = Math.min(file.getValue(), written);
            long keep = synced + (long) (random.nextDouble() * (written - synced));
            try (InputStream in = Files.newInputStream(file.getKey());
                    OutputStream out =
                            Files.newOutputStream(toDir.resolve(file.getKey().getFileName()))) {
                out.write(in.readNBytes((int) keep));
            }
        }
    }

    private interface OnSync {
        void synced(long sizeBeforeSync) throws IOException;
    }

    /** A real channel that reports each {@code force} once it returned, with the size it made durable. */
    private static final class Recorded extends FileChannel {
        private final FileChannel real;
        private final OnSync onSync;

        Recorded(FileChannel real, OnSync onSync) {
            this.real = real;
            this.onSync = onSync;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            long size = real.size();
            real.force(metaData);
            onSync.synced(size);
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
            return real.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return real.write(srcs, offset, length);
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
            return real.write(src, position);
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
