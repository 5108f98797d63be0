package dev.quire.server;

import dev.quire.server.config.ServerConfig;
import dev.quire.server.config.StoreSettings;
import dev.quire.server.document.DocumentQueries;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.h2.H2DocumentStore;
import dev.quire.server.storage.journal.Durability;
import dev.quire.server.storage.pg.PgDocumentStore;
import dev.quire.server.storage.pg.PgNodes;
import dev.quire.server.transport.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: storage, live documents and the network edge, wired by constructor.
 * {@link #close()} stops accepting connections, lets queued document work finish and closes the
 * database after every queued write.
 */
public final class QuireServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QuireServer.class);
    private final DocumentStore store;
    private final Optional<PgNodes> nodes;
    private final DocumentRegistry registry;
    private final HttpServer http;
    private final ServerConfig config;

    /** Opens the database under the data directory and starts listening. */
    public QuireServer(ServerConfig config) {
        this.config = config;
        StoreSettings settings = config.store();
        if (settings.postgresql().isPresent()) {
            PgDocumentStore pg = new PgDocumentStore(settings.postgresql().get(), settings.poolSize());
            try {
                nodes = Optional.of(PgNodes.register(pg, settings.nodeId(), settings.bus(), settings.refusePeers()));
            } catch (RuntimeException e) {
                pg.close();
                throw e;
            }
            store = pg;
            log.info(
                    "node {}: data in PostgreSQL {}",
                    settings.nodeId(),
                    settings.postgresql().get());
        } else {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
            }
            store = new H2DocumentStore(config.dataDir(), config.syncCommits() ? Durability.FSYNC : Durability.WRITE);
            nodes = Optional.empty();
            log.info("node {}: data in {}", settings.nodeId(), config.dataDir().toAbsolutePath());
        }
        registry = new DocumentRegistry(store, config.documentSettings(), config.documentThreads());
        try {
            http = new HttpServer(
                    config.transportSettings(),
                    config.edge(),
                    config.limits(),
                    registry,
                    new DocumentQueries(store),
                    Security.access(config));
        } catch (RuntimeException e) {
            registry.close();
            nodes.ifPresent(PgNodes::close);
            store.close();
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return http.port();
    }

    /** The URL to open in a browser. */
    public String url() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return (config.edge().tlsKeystore().isPresent() ? "https://" : "http://") + host + ":" + port() + "/";
    }

    public boolean editorPresent() {
        return http.editorPresent();
    }

    /** How many WebSocket connections are open. */
    public int connectionCount() {
        return http.connectionCount();
    }

    /** How many documents are loaded in memory. */
    public int liveDocuments() {
        return registry.liveCount();
    }

    @Override
    public void close() {
        http.close();
        registry.close();
        nodes.ifPresent(PgNodes::close);
        store.close();
    }

    /** This node's id ({@code --node-id}). */
    public String nodeId() {
        return config.store().nodeId();
    }
}
