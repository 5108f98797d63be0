package dev.quire.server;

import dev.quire.server.config.ServerConfig;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;

/**
 * The one sentence a person meets when the server cannot start, with what to do: a port in use, a
 * data directory in use by another server, an address that is not this machine's, a directory
 * that cannot be written. Anything else keeps its own message. The stack trace goes to the log
 * at DEBUG only.
 */
final class StartupFailure {
    /** H2's "Database may be already in use" (another process holds the file lock). */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private StartupFailure() {}

    static String explain(Throwable failure, ServerConfig config) {
        String dataDir = config.dataDir().toAbsolutePath().toString();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                String reason = String.valueOf(b.getMessage());
                if (reason.contains("Cannot assign requested address")) {
                    return "cannot listen on --host " + config.host() + ": it is not an address of this machine;"
                            + " use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of its addresses";
                }
                return "port " + config.port() + " on " + config.host() + " is already in use (another Quire, or"
                        + " another program): stop it, or start with --port N (--port 0 picks a free port)";
            }
            if (t instanceof SQLException s && s.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return "the data directory " + dataDir + " is in use by another Quire process: stop that one,"
                        + " or give this one its own --data-dir";
            }
            if (t instanceof AccessDeniedException) {
                return "cannot write the data directory " + dataDir + " (permission denied): give this user"
                        + " write access to it, or choose another --data-dir";
            }
            if (t instanceof FileSystemException f
                    && f.getReason() != null
                    && f.getReason().contains("Read-only")) {
                return "cannot write the data directory " + dataDir + " (read-only file system): choose another"
                        + " --data-dir";
            }
        }
        return "start-up failed: " + failure.getMessage();
    }
}
