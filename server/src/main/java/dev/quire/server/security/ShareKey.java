package dev.quire.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The server's own HS256 key for share links: {@code <data-dir>/share.key}, 32 bytes from
 * {@link SecureRandom}, created at first start readable by the owner only (mode 600). Deleting
 * the file revokes every share link at the next start.
 */
final class ShareKey {
    static final String FILE = "share.key";
    private static final int BYTES = 32;

    private ShareKey() {}

    /** Reads the key, creating it first if there is none. */
    static byte[] loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != BYTES) {
                throw new IllegalStateException(file + ": expected " + BYTES + " bytes, found " + key.length
                        + " (delete it to make a new one)");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the share key " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.write(file, key, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            // Another process created it first: use theirs.
        }
    }
}
