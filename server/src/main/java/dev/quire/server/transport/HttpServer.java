package dev.quire.server.transport;

import dev.quire.server.document.DocumentQueries;
import dev.quire.server.document.DocumentRegistry;
import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.util.Headers;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.servlet.ServletException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * Undertow with every route: {@code /ws} (WebSocket), {@code /api/docs} (REST), {@code /health}
 * and the static editor at {@code /}. Also pings every connection and closes dead peers.
 */
public final class HttpServer implements AutoCloseable {
    private final Undertow undertow;
    private final XnioWorker worker;
    private final DeploymentManager deployment;
    private final ScheduledExecutorService heartbeat;
    private final WebSocketEndpoint endpoint;
    private final StaticFiles staticFiles;
    private final TransportSettings settings;
    private final UserConnections users;

    /** Binds and starts the server. */
    public HttpServer(
            TransportSettings settings, DocumentRegistry registry, DocumentQueries queries, AccessControl access) {
        this.settings = settings;
        this.users = new UserConnections(access.maxConnectionsPerUser(), access.recheck());
        JsonCodec codec = new JsonCodec();
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
        endpoint = new WebSocketEndpoint(registry, codec, settings, access.authenticator(), users);
        ServerEndpointConfig wsConfig = ServerEndpointConfig.Builder.create(WebSocketEndpoint.class, "/ws")
                .configurator(new HandshakePrincipal(endpoint))
                .subprotocols(List.of(HandshakePrincipal.SUBPROTOCOL))
                .build();
        WebSocketDeploymentInfo ws = new WebSocketDeploymentInfo()
                .setWorker(worker)
                .setBuffers(new DefaultByteBufferPool(true, 16 * 1024))
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
                .addExactPath("/health", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    exchange.getResponseSender().send("{\"status\":\"ok\"}");
                })
                .addPrefixPath(
                        "/api/docs",
                        new RestApi(
                                registry,
                                queries,
                                codec,
                                settings.maxMessageBytes(),
                                new ShareLinks(access.authenticator(), codec)));
        undertow = Undertow.builder()
                .setWorker(worker)
                .addHttpListener(settings.port(), settings.host())
                // The servlet deployment maps /ws by the relative path: hand it the request untouched.
                .setHandler(new AuthGate(access.authenticator(), users, codec, exchange -> {
                    if (exchange.getRequestPath().equals("/ws")) {
                        wsHandler.handleRequest(exchange);
                    } else {
                        routes.handleRequest(exchange);
                    }
                }))
                .build();
        undertow.start();
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quire-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = settings.pingInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        long now = System.nanoTime();
        long timeout = settings.peerTimeout().toNanos();
        for (Connection c : endpoint.connections()) {
            try {
                if (now - c.lastSeenNanos() > timeout) {
                    c.closeDead();
                } else {
                    c.ping();
                }
            } catch (RuntimeException e) {
                // One connection's failure must not stop the heartbeat of the others.
            }
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Whether the web editor's files are in this jar. */
    public boolean editorPresent() {
        return staticFiles.editorPresent();
    }

    /** How many WebSocket connections are open. */
    public int connectionCount() {
        return endpoint.connections().size();
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
