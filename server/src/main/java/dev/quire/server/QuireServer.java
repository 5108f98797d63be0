package dev.quire.server;

import dev.quire.server.cluster.Bus;
import dev.quire.server.cluster.Owners;
import dev.quire.server.cluster.redis.RedisBus;
import dev.quire.server.config.ServerConfig;
import dev.quire.server.config.StoreSettings;
import dev.quire.server.document.DocumentQueries;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.lifecycle.GracefulShutdown;
import dev.quire.server.metrics.HealthChecks;
import dev.quire.server.metrics.MeterHistory;
import dev.quire.server.metrics.Meters;
import dev.quire.server.metrics.Observability;
import dev.quire.server.metrics.ServerLifecycle;
import dev.quire.server.storage.CompactionSweep;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OnlineBackup;
import dev.quire.server.storage.StoreHealth;
import dev.quire.server.storage.h2.H2DocumentStore;
import dev.quire.server.storage.journal.Durability;
import dev.quire.server.storage.journal.JournalFiles;
import dev.quire.server.storage.pg.PgDocumentStore;
import dev.quire.server.storage.pg.PgNodes;
import dev.quire.server.transport.HttpServer;
import dev.quire.server.transport.Operations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running server: storage, live documents and the network edge, wired by constructor.
 * {@link #close()} stops accepting connections, lets queued document work finish and closes the
 * database after every queued write.
 */
public final class QuireServer implements AutoCloseable {
    private final DocumentStore store;
    private final Optional<PgNodes> nodes;
    private final DocumentRegistry registry;
    private final Bus bus;
    private final HttpServer http;
    private final ServerConfig config;
    private final ServerLifecycle lifecycle = new ServerLifecycle();
    private final Meters meters = new Meters();
    private final MeterHistory history;
    private final Optional<CompactionSweep> compaction;
    /** Set by the first of {@link #shutdown} and {@link #close}; the other then does nothing. */
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** Opens the database under the data directory and starts listening. */
    public QuireServer(ServerConfig config) {
        this(config, JournalFiles.DISK);
    }

    /**
     * Like {@link #QuireServer(ServerConfig)}, with the H2 store's journal opening its files
     * through {@code journalFiles}: for a test that holds an {@code fdatasync} to see what waits
     * for it. The server itself always uses {@link JournalFiles#DISK}.
     */
    public QuireServer(ServerConfig config, JournalFiles journalFiles) {
        this.config = config;
        StoreSettings settings = config.store();
        StoreHealth health;
        Optional<OnlineBackup> backup;
        if (settings.postgresql().isPresent()) {
            PgDocumentStore pg = new PgDocumentStore(settings.postgresql().get(), settings.poolSize());
            try {
                nodes = Optional.of(PgNodes.register(
                        pg, settings.nodeId(), settings.bus(), settings.refusePeers() && settings.localBus()));
            } catch (RuntimeException e) {
                pg.close();
                throw e;
            }
            store = pg;
            health = pg.health();
            backup = Optional.empty();
        } else {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
            }
            H2DocumentStore h2 = new H2DocumentStore(
                    config.dataDir(), config.syncCommits() ? Durability.FSYNC : Durability.WRITE, journalFiles);
            store = h2;
            health = h2.health();
            backup = Optional.of(h2);
            nodes = Optional.empty();
        }
        try {
            bus = settings.localBus()
                    ? Bus.LOCAL
                    : new RedisBus(settings.bus(), settings.busPrefix(), settings.nodeId());
        } catch (RuntimeException e) {
            nodes.ifPresent(PgNodes::close);
            store.close();
            throw new IllegalStateException("--bus: cannot reach " + settings.bus() + " (" + e.getMessage() + ")", e);
        }
        registry = new DocumentRegistry(store, config.documentSettings(), config.documentThreads(), meters, bus);
        meters.gauge("quire.documents.open", "documents loaded in memory", registry::liveCount);
        Owners owners = bus.owners();
        meters.counter(
                "quire.lease.acquisitions",
                "document leases this node took (decision 043)",
                owners,
                Owners::acquisitions);
        meters.counter(
                "quire.lease.losses",
                "document leases this node held and found another node holding",
                owners,
                Owners::losses);
        meters.gauge("quire.leases.owned", "documents whose lease this node holds", () -> bus.owners()
                .owned());
        meters.gauge(
                "quire.leases.elsewhere", "documents whose ops this node forwards to their owner", () -> bus.owners()
                        .ownedElsewhere());
        meters.gauge("quire.journal.lag.ops", "ops acknowledged but not yet in the database", health::journalLag);
        history = new MeterHistory(meters);
        try {
            http = new HttpServer(
                    config.transportSettings(),
                    config.edge(),
                    config.limits(),
                    registry,
                    new DocumentQueries(store),
                    Security.access(config),
                    new Observability(
                            meters,
                            history,
                            new HealthChecks(health, lifecycle, config.dataDir()),
                            config.ops().metricsToken(),
                            version()),
                    new Operations(lifecycle, backup, config.dataDir(), version()));
        } catch (RuntimeException e) {
            history.close();
            registry.close();
            bus.close();
            nodes.ifPresent(PgNodes::close);
            store.close();
            meters.close();
            throw e;
        }
        meters.gauge("quire.connections", "open connections (WebSocket and HTTP fallback)", http::connectionCount);
        compaction = CompactionSweep.start(store, config.historyRetention());
        lifecycle.ready();
    }

    /** The version of this build ({@code dev} when run from classes, not the jar). */
    public static String version() {
        String v = QuireServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Where the server is in its life: {@code /ready} answers 503 unless it is ready. A drain
     * calls {@link ServerLifecycle#draining()} first; {@link #close()} does too.
     */
    public ServerLifecycle lifecycle() {
        return lifecycle;
    }

    /** The server's meters (what {@code /metrics} shows). */
    public Meters meters() {
        return meters;
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

    /**
     * Shuts down gracefully (SIGTERM): see {@link GracefulShutdown}. The caller bounds the time;
     * whatever is cut short, every acknowledged op is in the journal.
     */
    public void shutdown(Duration timeout) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        compaction.ifPresent(CompactionSweep::close);
        new GracefulShutdown(lifecycle, http, registry, store).run(timeout);
        bus.close();
        history.close();
        meters.close();
    }

    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            return; // shut down already
        }
        lifecycle.draining();
        compaction.ifPresent(CompactionSweep::close);
        http.close();
        bus.close();
        registry.close();
        nodes.ifPresent(PgNodes::close);
        store.close();
        history.close();
        meters.close();
    }

    /** This node's id ({@code --node-id}). */
    public String nodeId() {
        return config.store().nodeId();
    }
}
