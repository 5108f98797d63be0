package dev.quire.server.transport;

import dev.quire.server.metrics.ServerLifecycle;
import dev.quire.server.storage.OnlineBackup;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the operator's data routes need: the server's lifecycle (draining refuses new work), its store's
 * online backup if it has one ({@code POST /api/admin/backup}), where a backup's temporary copy
 * goes, and the server version a backup records.
 */
public record Operations(ServerLifecycle lifecycle, Optional<OnlineBackup> backup, Path workDir, String serverVersion) {
    public Operations {
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(serverVersion, "serverVersion");
    }
}
