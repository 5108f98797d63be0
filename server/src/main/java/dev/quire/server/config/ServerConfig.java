package dev.quire.server.config;

import dev.quire.server.document.DocumentSettings;
import dev.quire.server.security.AuthSettings;
import dev.quire.server.session.SessionLimits;
import dev.quire.server.transport.EdgeSettings;
import dev.quire.server.transport.TransportSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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
 * @param sendQueueBytes  bytes queued per connection before it is closed ({@code --send-queue-bytes})
 * @param maxDocumentBytes largest document in UTF-8 bytes ({@code --max-document-bytes})
 * @param transformBudget most transform work per op ({@code --transform-budget})
 * @param shutdownTimeout longest graceful shutdown on SIGTERM ({@code --shutdown-timeout})
 * @param checksumEvery   versions between text checksums, 0 for none ({@code --checksum-every})
 * @param historyRetention age after which ops may be folded into snapshots, empty to keep every op
 *                        ({@code --history-retention}, decision 029)
 * @param auth            authentication ({@code --jwt-secret}, {@code --jwt-public-key}, {@code --auth-recheck})
 * @param edge            what the network edge lets in (origins, hosts, TLS, connection limits, timeouts)
 * @param limits          what one connection may do (op rate, documents, protocol errors, presence)
 * @param ops             watching the server ({@code --metrics-token}, {@code --log-format})
 * @param store           where documents are stored, and the node's place in a cluster
 *                        ({@code --store}, {@code --store-pool-size}, {@code --node-id}, {@code --bus})
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
        int documentThreads,
        long sendQueueBytes,
        long maxDocumentBytes,
        long transformBudget,
        Duration shutdownTimeout,
        int checksumEvery,
        Optional<Duration> historyRetention,
        AuthSettings auth,
        EdgeSettings edge,
        SessionLimits limits,
        OpsSettings ops,
        StoreSettings store) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(idleUnload, "idleUnload");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(peerTimeout, "peerTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(historyRetention, "historyRetention");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(edge, "edge");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(store, "store");
    }

    /** The same configuration with other storage settings. */
    public ServerConfig withStore(StoreSettings other) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                syncCommits,
                snapshotEvery,
                idleUnload,
                historyLimit,
                maxMessageBytes,
                sendQueueLimit,
                pingInterval,
                peerTimeout,
                documentThreads,
                sendQueueBytes,
                maxDocumentBytes,
                transformBudget,
                shutdownTimeout,
                checksumEvery,
                historyRetention,
                auth,
                edge,
                limits,
                ops,
                other);
    }

    public DocumentSettings documentSettings() {
        return new DocumentSettings(
                snapshotEvery, idleUnload, historyLimit, maxDocumentBytes, transformBudget, checksumEvery);
    }

    public TransportSettings transportSettings() {
        return new TransportSettings(
                host, port, maxMessageBytes, sendQueueLimit, sendQueueBytes, pingInterval, peerTimeout);
    }
}
