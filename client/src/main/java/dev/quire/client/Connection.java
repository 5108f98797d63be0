package dev.quire.client;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;

/**
 * The client's one WebSocket, shared by all its documents (protocol v1 lets one socket carry any
 * number): opens it with the bearer token, routes each message to its document, notices a dead
 * socket (a close, an error, or nothing heard — not even the server's ping — for the peer
 * timeout) and reconnects with back-off, after which every document rejoins and catches up.
 * Refusals that another try cannot cure (HTTP 401, 403, 421; close 4401) stop the documents.
 * Internal.
 *
 * <p>Confined to the event thread, except {@link #token(String)}.
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final ClientConfig config;
    private final EventLoop loop;
    private final HttpClient http;
    private final Backoff backoff;
    private final Map<String, DocumentSession> documents = new LinkedHashMap<>();
    private volatile Optional<String> token;
    private Socket current;
    private boolean open;
    private boolean closed;
    private ScheduledFuture<?> reconnect;
    private final ScheduledFuture<?> watchdog;

    Connection(ClientConfig config, EventLoop loop, HttpClient http) {
        this.config = config;
        this.loop = loop;
        this.http = http;
        this.token = config.token();
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax());
        long timeout = config.peerTimeout().toMillis();
        this.watchdog = loop.every(this::checkAlive, Math.max(timeout / 3, 10));
    }

    void add(DocumentSession doc) {
        documents.put(doc.docId(), doc);
        if (open) {
            doc.connected();
        } else if (current == null && reconnect == null) {
            connect();
        }
    }

    void remove(DocumentSession doc) {
        documents.remove(doc.docId(), doc);
    }

    boolean contains(String docId) {
        return documents.containsKey(docId);
    }

    boolean isOpen() {
        return open;
    }

    Optional<String> userName() {
        return config.userName();
    }

    /** A document joined: the connection works, so the next loss starts from the base delay. */
    void joinedOne() {
        backoff.reset();
    }

    /** Sends one text frame if the socket is open (else it is lost with the socket anyway). */
    void send(String text) {
        if (open) {
            current.send(text);
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return loop.schedule(task, delayMillis);
    }

    /** Any thread: the token for the next handshakes, and an {@code auth} message now. */
    void token(String newToken) {
        token = Optional.of(newToken);
        loop.execute(() -> send(ClientMessages.auth(newToken)));
    }

    private void connect() {
        reconnect = null;
        if (closed || documents.isEmpty()) {
            return;
        }
        Socket socket = new Socket(this, loop);
        current = socket;
        open = false;
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(config.connectTimeout());
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        builder.buildAsync(config.uri(), socket)
                .whenComplete((ws, error) -> loop.execute(() -> opened(socket, ws, error)));
    }

    private void opened(Socket socket, WebSocket ws, Throwable error) {
        if (socket != current || closed) {
            if (ws != null) {
                ws.abort();
            }
            return;
        }
        if (error != null) {
            current = null;
            refusedOrRetry(error);
            return;
        }
        socket.opened(ws);
        open = true;
        for (DocumentSession doc : new ArrayList<>(documents.values())) {
            doc.connected();
        }
    }

    private void refusedOrRetry(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WebSocketHandshakeException refused) {
            int status = refused.getResponse().statusCode();
            String code = status == 401 ? "unauthorized" : status == 403 || status == 421 ? "forbidden" : null;
            if (code != null) {
                haltAll(new QuireException(code, "the server refused the WebSocket handshake with HTTP " + status));
                return;
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "connecting to {0} failed: {1}", config.uri(), cause.toString());
        scheduleReconnect();
    }

    void received(Socket socket, String text) {
        if (socket != current || !open) {
            return;
        }
        ServerMessage m;
        try {
            m = ServerMessage.parse(text);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "ignored a malformed server message: {0}", e.getMessage());
            return;
        }
        DocumentSession doc = m.doc().map(documents::get).orElse(null);
        if (doc == null) {
            LOG.log(System.Logger.Level.DEBUG, "message for no joined document: {0}", m);
            return;
        }
        try {
            doc.receive(m);
        } catch (RuntimeException e) {
            doc.lostTrack(e);
        }
    }

    void lost(Socket socket, int statusCode, String reason) {
        if (socket != current) {
            return;
        }
        current = null;
        open = false;
        LOG.log(System.Logger.Level.DEBUG, "socket lost ({0} {1})", statusCode, reason);
        for (DocumentSession doc : new ArrayList<>(documents.values())) {
            doc.disconnected();
        }
        if (statusCode == 4401) {
            haltAll(new QuireException("unauthorized", "the server ended the connection's access: " + reason));
        } else {
            scheduleReconnect();
        }
    }

    private void checkAlive() {
        if (open && current.silentFor() > config.peerTimeout().toNanos()) {
            Socket dead = current;
            dead.abort();
            lost(dead, 1006, "nothing heard for " + config.peerTimeout());
        }
    }

    private void scheduleReconnect() {
        if (closed || documents.isEmpty() || reconnect != null) {
            return;
        }
        reconnect = loop.schedule(this::connect, backoff.next());
    }

    private void haltAll(QuireException cause) {
        for (DocumentSession doc : new ArrayList<>(documents.values())) {
            doc.halt(cause);
        }
    }

    /** Leaves every document and closes the socket; nothing reconnects afterwards. */
    void close() {
        for (DocumentSession doc : new ArrayList<>(documents.values())) {
            doc.leave();
        }
        closed = true;
        watchdog.cancel(false);
        if (reconnect != null) {
            reconnect.cancel(false);
        }
        if (current != null) {
            current.close();
        }
        current = null;
        open = false;
    }
}
