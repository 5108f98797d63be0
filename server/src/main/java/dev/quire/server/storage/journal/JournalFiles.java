package dev.quire.server.storage.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How a {@link Journal} opens its files: each segment it writes, and its directory when it fsyncs
 * the directory. The server always uses {@link #DISK}; a power-cut test passes channels that
 * record what was written and what was fsynced, so it can cut the files back to what a power cut
 * would have left (everything after the last {@code fdatasync} lost).
 */
@FunctionalInterface
public interface JournalFiles {
    /** The operating system's files, through {@link FileChannel#open(Path, OpenOption...)}. */
    JournalFiles DISK = FileChannel::open;

    /** Opens {@code path} as {@link FileChannel#open(Path, OpenOption...)} does. */
    FileChannel open(Path path, OpenOption... options) throws IOException;
}
