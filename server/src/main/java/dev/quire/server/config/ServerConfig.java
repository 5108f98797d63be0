package dev.quire.server.config;

import dev.quire.server.document.DocumentSettings;
import dev.quire.server.transport.TransportSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the server is started with; built and checked by {@link ConfigParser}.
 *
 * @param host            address to bind ({@code --host}, {@code QUIRE_HOST})
 * @param port            port, 0 for any free one ({@code --port}, {@code QUIRE_PORT})
 * @param dataDir         directory of the H2 database ({@code --data-dir}, {@code QUIRE_DATA_DIR})
 * @param syncCommits     fsync every group commit ({@code --sync-commits})
 * @param snapshotEvery   ops between snapshots ({@code --snapshot-every})
 * @param idleUnload      idle time before a document is unloaded ({@code --idle-unload})
 * @param historyLimit    ops kept in memory per open document ({@code --history-limit})
 * @param maxMessageBytes largest accepted message ({@code --max-message-bytes})
 * @param sendQueueLimit  messages queued per connection before it is closed ({@code --send-queue})
 * @param pingInterval    time between pings ({@code --ping-interval})
 * @param peerTimeout     silence after which a connection is closed ({@code --peer-timeout})
 * @param documentThreads threads running document work ({@code --document-threads})
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        boolean syncCommits,
        int snapshotEvery,
        Duration idleUnload,
        int historyLimit,
        int maxMessageBytes,
        int sendQueueLimit,
        Duration pingInterval,
        Duration peerTimeout,
        int documentThreads) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(idleUnload, "idleUnload");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(peerTimeout, "peerTimeout");
    }

    public DocumentSettings documentSettings() {
        return new DocumentSettings(snapshotEvery, idleUnload, historyLimit);
    }

    public TransportSettings transportSettings() {
        return new TransportSettings(host, port, maxMessageBytes, sendQueueLimit, pingInterval, peerTimeout);
    }
}
