package dev.quire.server.backup;

import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.h2.H2DocumentStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar quire-server.jar restore --from FILE --data-dir DIR}: unpacks a backup archive
 * into an empty directory, then opens it once as the server would (migrating its schema) to prove
 * it starts. Exit status 0 on success, 1 if the restore failed, 2 for bad arguments.
 */
public final class RestoreCommand {
    static final String USAGE = "Usage: java -jar quire-server.jar restore --from FILE --data-dir DIR\n";

    private RestoreCommand() {}

    /** Runs the command; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> flags;
        try {
            flags = CommandFlags.parse(args, List.of("--from", "--data-dir"), List.of("--from", "--data-dir"));
        } catch (IllegalArgumentException e) {
            err.println("quire restore: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Path from = Path.of(flags.get("--from"));
        Path dataDir = Path.of(flags.get("--data-dir"));
        if (!Files.isRegularFile(from)) {
            err.println("quire restore: --from: no such file " + from);
            return 2;
        }
        try {
            BackupManifest m = BackupArchive.restore(from, dataDir);
            // Opening migrates an older schema and proves the copy is a database the server starts on.
            new H2DocumentStore(dataDir).close();
            out.println("restored " + from + " into " + dataDir + " (backup of " + m.created() + ", server "
                    + m.serverVersion() + ", journal head " + m.journalHead() + ")");
            return 0;
        } catch (BackupException | StorageException | IOException e) {
            err.println("quire restore: " + e.getMessage());
            return 1;
        }
    }
}
