package dev.quire.server.transport;

import dev.quire.server.document.DocumentQueries;
import dev.quire.server.document.DocumentRegistry;
import dev.quire.server.metrics.Observability;
import dev.quire.server.session.SessionLimits;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.servlet.ServletException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * Undertow with every route: {@code /ws} (WebSocket) and its HTTP fallback {@code /poll}
 * ({@link PollRoutes}), {@code /api/docs} (REST), the operators'
 * routes ({@link OpsRoutes}: {@code /health}, {@code /ready}, {@code /metrics}; {@code /admin}),
 * and the static editor at {@code /}, behind the edge's checks (one handler each, listed in
 * {@link #edge}); HTTP or, with {@code --tls-keystore}, HTTPS and WSS. Also pings every
 * connection (a fallback connection's held poll is answered) and closes dead peers and sockets
 * that never join, whatever their transport.
 */
public final class HttpServer implements AutoCloseable {
    static final String WS_PATH = "/ws";
    /** The WebSocket buffer pool's buffer size (decision 035). */
    static final int WS_BUFFER_BYTES = 4 * 1024;
    /** All request headers together; a browser's are a few KB, a token in the handshake adds one or two. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final int MAX_HEADERS = 100;

    private final Undertow undertow;
    private final XnioWorker worker;
    private final DeploymentManager deployment;
    private final ScheduledExecutorService heartbeat;
    private final ConnectionHub hub;
    private final PollRoutes polls;
    private final StaticFiles staticFiles;
    private final TransportSettings settings;
    private final UserConnections users;
    private final DrainGate drainGate;

    /** Binds and starts the server. */
    public HttpServer(
            TransportSettings settings,
            EdgeSettings edge,
            SessionLimits limits,
            DocumentRegistry registry,
            DocumentQueries queries,
            AccessControl access,
            Observability ops,
            Operations operations) {
        this.settings = settings;
        this.users = new UserConnections(access.maxConnectionsPerUser(), access.recheck());
        // First, so that a bad keystore or password stops start-up before anything runs.
        Optional<SSLContext> tls =
                edge.tlsKeystore().map(k -> Tls.context(k, edge.tlsPassword().orElseThrow()));
        JsonCodec codec = new JsonCodec(settings.maxMessageBytes());
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "quire-heartbeat");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        heartbeat = scheduler;
        try {
            worker = Xnio.getInstance(HttpServer.class.getClassLoader())
                    .createWorker(OptionMap.builder()
                            .set(
                                    Options.WORKER_IO_THREADS,
                                    Math.max(2, Runtime.getRuntime().availableProcessors()))
                            .set(Options.WORKER_TASK_CORE_THREADS, 16)
                            .set(Options.WORKER_TASK_MAX_THREADS, 16)
                            .set(Options.TCP_NODELAY, true)
                            .set(Options.THREAD_DAEMON, true)
                            .getMap());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start the network worker: " + e.getMessage(), e);
        }
        hub = new ConnectionHub(
                registry,
                codec,
                settings,
                limits,
                access.authenticator(),
                users,
                new JoinDeadline(heartbeat, edge.joinTimeout()),
                ops.meters());
        WebSocketEndpoint endpoint = new WebSocketEndpoint(hub, ops.meters());
        polls = new PollRoutes(hub);
        ServerEndpointConfig wsConfig = ServerEndpointConfig.Builder.create(WebSocketEndpoint.class, WS_PATH)
                .configurator(new HandshakePrincipal(endpoint))
                .subprotocols(List.of(HandshakePrincipal.SUBPROTOCOL))
                .build();
        WebSocketDeploymentInfo ws = new WebSocketDeploymentInfo()
                .setWorker(worker)
                // Each connected WebSocket holds one of these direct buffers even while idle: 4 KiB, not
                // 16, is 12 KiB less per editor outside the heap (180 MB at 15,000; decision 035).
                // Larger frames are read in more reads.
                .setBuffers(new DefaultByteBufferPool(true, WS_BUFFER_BYTES))
                .addEndpoint(wsConfig);
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(HttpServer.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("quire")
                .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, ws);
        deployment = Servlets.newContainer().addDeployment(info);
        deployment.deploy();
        HttpHandler wsHandler;
        try {
            wsHandler = deployment.start();
        } catch (ServletException e) {
            throw new IllegalStateException("cannot start the WebSocket endpoint: " + e.getMessage(), e);
        }
        staticFiles = new StaticFiles(HttpServer.class.getClassLoader());
        PathHandler routes = new PathHandler(staticFiles)
                .addPrefixPath("/api/admin", new AdminApi(operations, codec))
                .addPrefixPath(
                        "/api/docs",
                        new RestApi(
                                registry,
                                queries,
                                codec,
                                settings.maxMessageBytes(),
                                new ShareLinks(access.authenticator(), codec),
                                new RestRateLimit(limits.opRate(), limits.opBurst()),
                                ops.meters()))
                .addPrefixPath("/admin", new AdminPage(HttpServer.class.getClassLoader()))
                .addPrefixPath(PollRoutes.PATH, polls);
        OpsRoutes opsRoutes = new OpsRoutes(
                ops, access.authenticator(), codec, () -> hub.connections().size(), registry::liveCount);
        OpsRoutes.PATHS.forEach(p -> routes.addExactPath(p, opsRoutes));
        // The servlet deployment maps /ws by the relative path: hand it the request untouched.
        HttpHandler app = exchange -> {
            if (exchange.getRequestPath().equals(WS_PATH)) {
                wsHandler.handleRequest(exchange);
            } else {
                routes.handleRequest(exchange);
            }
        };
        AllowedHosts hosts = AllowedHosts.discover(settings.host(), edge.publicUrls());
        HttpHandler auth = new AuthGate(access.authenticator(), users, codec, app, ops.meters());
        drainGate = new DrainGate(operations.lifecycle(), codec, auth);
        undertow = listen(edge(drainGate, edge, hosts, tls.isPresent()), settings, edge, tls);
        undertow.start();
        long every = Heartbeat.periodMillis(settings.pingInterval());
        heartbeat.scheduleWithFixedDelay(
                new Heartbeat(hub, polls, settings.peerTimeout()), every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The checks every request passes before a route or the WebSocket upgrade sees it, outermost
     * first; each answers the request itself when it refuses.
     */
    private static HttpHandler edge(HttpHandler app, EdgeSettings edge, AllowedHosts hosts, boolean tls) {
        return chain(
                app,
                RequestLogIds::new, // the request's correlation id in every line logged for it
                next -> new SecurityHeaders(edge.frameAncestors(), tls, next), // every answer, refusals too
                next -> new HostCheck(hosts, next), // DNS rebinding: 421 (not /health, /ready)
                next -> new OriginCheck(edge.allowedOrigins(), edge.publicUrls(), next), // CSWSH, CSRF: 403
                next -> new ConnectionCap(edge.maxConnectionsPerIp(), next)); // per address: 429
        // The application handed in is already behind AuthGate (401; per user: 429).
    }

    /** One listener, HTTP or HTTPS, with the edge's limits on requests. */
    private Undertow listen(
            HttpHandler handler, TransportSettings settings, EdgeSettings edge, Optional<SSLContext> tls) {
        int requestTimeout =
                (int) Math.min(Integer.MAX_VALUE, edge.requestTimeout().toMillis());
        Undertow.Builder builder = Undertow.builder()
                .setWorker(worker)
                .setHandler(handler)
                // Slow or idle clients are cut off: headers must arrive within the timeout (slowloris),
                // and a connection without a request (new or kept alive) is closed after it.
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, requestTimeout)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, requestTimeout)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.MAX_HEADERS, MAX_HEADERS);
        if (tls.isPresent()) {
            builder.addHttpsListener(settings.port(), settings.host(), tls.get());
        } else {
            builder.addHttpListener(settings.port(), settings.host());
        }
        return builder.build();
    }

    @SafeVarargs
    private static HttpHandler chain(HttpHandler app, UnaryOperator<HttpHandler>... checks) {
        HttpHandler handler = app;
        for (int i = checks.length - 1; i >= 0; i--) {
            handler = checks[i].apply(handler);
        }
        return handler;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Whether the web editor's files are in this jar. */
    public boolean editorPresent() {
        return staticFiles.editorPresent();
    }

    /** How many connections are open (WebSocket and HTTP fallback). */
    public int connectionCount() {
        return hub.connections().size();
    }

    /**
     * Tells every editor to reconnect: each connection is closed with 1012 "service restart",
     * after the messages already queued to it (acks included).
     */
    public void closeEditors() {
        for (Connection c : hub.connections()) {
            c.close(1012, "service restart");
        }
    }

    /**
     * Waits until no HTTP request is in progress (REST calls waiting for their op to be durable,
     * say), at most {@code millis}; new ones are already refused by the drain gate.
     *
     * @return whether every request finished in time
     */
    public boolean awaitRequests(long millis) throws InterruptedException {
        return drainGate.awaitIdle(millis);
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        users.close();
        undertow.stop();
        try {
            deployment.stop();
        } catch (ServletException e) {
            // Stopping is best effort.
        }
        deployment.undeploy();
        worker.shutdownNow();
    }
}
