package dev.quire.server;

import dev.quire.server.config.ServerConfig;
import dev.quire.server.document.DocumentQueries;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.h2.H2DocumentStore;
import dev.quire.server.storage.journal.Durability;
import dev.quire.server.transport.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * A running server: storage, live documents and the network edge, wired by constructor.
 * {@link #close()} stops accepting connections, lets queued document work finish and closes the
 * database after every queued write.
 */
public final class QuireServer implements AutoCloseable {
    private final DocumentStore store;
    private final DocumentRegistry registry;
    private final HttpServer http;
    private final ServerConfig config;

    /** Opens the database under the data directory and starts listening. */
    public QuireServer(ServerConfig config) {
        this.config = config;
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        store = new H2DocumentStore(config.dataDir(), config.syncCommits() ? Durability.FSYNC : Durability.WRITE);
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
            store.close();
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return http.port();
    }

    /** The {@code diverged} reports editors sent since start (each also logged). */
    public long divergenceReports() {
        return registry.divergenceReports();
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
        store.close();
    }
}
