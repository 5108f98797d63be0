package dev.quire.server.backup;

import dev.quire.server.storage.OnlineBackup;
import dev.quire.server.storage.h2.H2DocumentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A backup archive: a zip whose first entry is {@value BackupManifest#ENTRY} ({@link
 * BackupManifest}) and whose second is the database file it names. Writing runs the store's
 * online backup into a temporary file beside the database and streams it; restoring unpacks it
 * into an empty directory. Stateless.
 */
public final class BackupArchive {
    private BackupArchive() {}

    /**
     * Streams a backup of {@code store}, a consistent copy holding every op acknowledged before
     * the call, to {@code out}.
     *
     * @param workDir where the temporary copy is made (the data directory: same disk, same rights)
     * @return the manifest written
     */
    public static BackupManifest write(OnlineBackup store, Path workDir, String serverVersion, OutputStream out)
            throws IOException {
        Instant created = Instant.now();
        Path copy = workDir.resolve("backup-" + UUID.randomUUID() + ".zip.tmp");
        try {
            OnlineBackup.BackupPoint point = store.backupTo(copy);
            BackupManifest manifest = new BackupManifest(
                    BackupManifest.FORMAT_VERSION, serverVersion, created, point.journalHead(), point.file());
            try (ZipFile h2 = new ZipFile(copy.toFile());
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                ZipEntry db = h2.getEntry(point.file());
                if (db == null) {
                    throw new BackupException("the store's copy has no entry " + point.file());
                }
                zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
                zip.write(manifest.toJson());
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(point.file()));
                try (InputStream in = h2.getInputStream(db)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            return manifest;
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /**
     * Unpacks the archive at {@code from} into {@code dataDir}, which must be empty or absent. The
     * database file is written under a temporary name and renamed last, so a failed restore leaves
     * no database behind.
     *
     * @return the archive's manifest
     * @throws BackupException if the directory is not empty or the archive is not a backup this
     *     server restores
     */
    public static BackupManifest restore(Path from, Path dataDir) throws IOException {
        requireEmpty(dataDir);
        Files.createDirectories(dataDir);
        Path part = dataDir.resolve(H2DocumentStore.DATABASE_FILE + ".part");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(from))) {
            ZipEntry first = zip.getNextEntry();
            if (first == null || !first.getName().equals(BackupManifest.ENTRY)) {
                throw new BackupException(
                        from + " is not a Quire backup: its first entry is not " + BackupManifest.ENTRY);
            }
            BackupManifest manifest = BackupManifest.parse(zip.readAllBytes());
            ZipEntry db = zip.getNextEntry();
            if (db == null || !db.getName().equals(manifest.database())) {
                throw new BackupException(from + " has no entry " + manifest.database() + " after its manifest");
            }
            Files.copy(zip, part, StandardCopyOption.REPLACE_EXISTING);
            if (zip.getNextEntry() != null) {
                throw new BackupException(from + " has entries after " + manifest.database());
            }
            Files.move(part, dataDir.resolve(H2DocumentStore.DATABASE_FILE), StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } catch (java.util.zip.ZipException e) {
            throw new BackupException(from + " is not a zip archive: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new BackupException(dir + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new BackupException(dir + " is not empty: restore only into an empty or new directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
