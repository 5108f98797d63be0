package dev.quire.server.migrate;

import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.h2.H2DocumentStore;
import dev.quire.server.storage.pg.PgDocumentStore;
import dev.quire.server.storage.pg.PgLocation;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar quire-server.jar migrate --from DATA_DIR --to postgresql://user:pass@host:port/db}:
 * copies the H2 database of a data directory (stopped server) into an empty PostgreSQL database
 * and verifies the copy ({@link StoreCopy}). Exit status 0 on success, 1 if the copy or its
 * verification failed, 2 on bad arguments.
 */
public final class Migrate {
    private Migrate() {}

    static final String USAGE =
            "Usage: java -jar quire-server.jar migrate --from DATA_DIR --to postgresql://user:pass@host:port/db\n";

    /** Runs the command; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String from = null;
        String to = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--from") || a.equals("--to")) && i + 1 < args.size()) {
                if (a.equals("--from")) {
                    from = args.get(++i);
                } else {
                    to = args.get(++i);
                }
            } else if (a.equals("--help") || a.equals("-h")) {
                out.print(USAGE);
                return 0;
            } else {
                err.print(
                        "quire migrate: unexpected argument " + (a.startsWith("--") ? a : "(a value)") + "\n" + USAGE);
                return 2;
            }
        }
        if (from == null || to == null || !PgLocation.isPostgresql(to)) {
            err.print("quire migrate: expected --from DATA_DIR and --to a postgresql:// URL\n" + USAGE);
            return 2;
        }
        Path dataDir = Path.of(from);
        if (!Files.isRegularFile(dataDir.resolve("quire.mv.db"))) {
            err.print("quire migrate: no Quire database in " + dataDir.toAbsolutePath() + " (quire.mv.db)\n");
            return 2;
        }
        PgLocation location;
        try {
            location = PgLocation.parse(to);
        } catch (IllegalArgumentException e) {
            err.print("quire migrate: --to: " + e.getMessage() + "\n");
            return 2;
        }
        out.print("copying " + dataDir.toAbsolutePath() + " into " + location + "\n");
        try (DocumentStore source = new H2DocumentStore(dataDir);
                DocumentStore target = new PgDocumentStore(location, 4)) {
            StoreCopy.Summary s = new StoreCopy(source, target).run();
            out.print("migrated " + s.documents() + " documents, " + s.ops() + " ops, " + s.snapshots()
                    + " snapshots; verified: every document has the same version, op log, snapshots and text\n");
            return 0;
        } catch (RuntimeException e) {
            err.print("quire migrate: " + e.getMessage() + "\n");
            return 1;
        }
    }
}
