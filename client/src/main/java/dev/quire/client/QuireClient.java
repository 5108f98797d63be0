package dev.quire.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A program's connection to a Quire server: one WebSocket ({@code java.net.http}) carrying any
 * number of joined documents, reconnected with back-off whenever it drops, every document then
 * catching up and resending its unacknowledged edit exactly once.
 *
 * <pre>{@code
 * try (QuireClient quire = QuireClient.builder()
 *         .uri("ws://localhost:8080/ws")
 *         .token(jwt)                       // only when the server has authentication on
 *         .userName("importer")
 *         .build()) {
 *     DocumentHandle notes = quire.join("notes", new DocumentListener() {}).join();
 *     notes.edit(text -> TextOperation.builder().retain(text.length()).insert("hello\n").build()).join();
 * }
 * }</pre>
 *
 * <p>Events of all documents run on the client's one event thread ({@code quire-client-N}), in
 * order; see {@link DocumentListener}. Thread-safety: safe for use from any thread.
 */
public final class QuireClient implements AutoCloseable {
    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final Pattern DOC_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final EventLoop loop;
    private final Connection connection;

    private QuireClient(ClientConfig config) {
        this.loop = new EventLoop("quire-client-" + NUMBER.incrementAndGet());
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        this.connection = new Connection(config, loop, http);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Joins document {@code docId}: the future completes with its handle once the server sent
     * the text ({@link DocumentListener#onText} has then run), or fails with a
     * {@link QuireException} ({@code unauthorized}, {@code forbidden}…). Until the server is
     * reachable the client keeps trying with back-off.
     *
     * @throws IllegalArgumentException if {@code docId} is not 1–128 characters of
     *     {@code [A-Za-z0-9._-]} or is {@code __proto__}, {@code constructor} or {@code prototype}
     */
    public CompletableFuture<DocumentHandle> join(String docId, DocumentListener listener) {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(listener, "listener");
        if (!DOC_ID.matcher(docId).matches()
                || docId.equals("__proto__")
                || docId.equals("constructor")
                || docId.equals("prototype")) {
            throw new IllegalArgumentException("docId: expected 1-128 characters of [A-Za-z0-9._-], found " + docId);
        }
        return loop.call(() -> {
            if (connection.contains(docId)) {
                throw new IllegalStateException("join: document " + docId + " is already joined by this client");
            }
            DocumentHandle handle = new DocumentHandle(docId, loop);
            DocumentSession session = new DocumentSession(docId, connection, listener, handle);
            handle.bind(session);
            connection.add(session);
            return session.firstJoin();
        });
    }

    /**
     * Replaces the token: sent at once as an {@code auth} message, and used for every later
     * handshake. It must be for the same user ({@code sub}), else the server closes the socket.
     */
    public void updateToken(String token) {
        Objects.requireNonNull(token, "token");
        connection.token(token);
    }

    /**
     * Leaves every document, closes the socket and stops the event thread. Waits up to 5 s for
     * the thread to finish, except when called from a listener callback (on that thread).
     */
    @Override
    public void close() {
        if (loop.inLoop()) {
            connection.close();
            loop.shutdown();
            return;
        }
        loop.execute(connection::close);
        loop.shutdown();
        try {
            loop.awaitTermination(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Settings, checked whole by {@link #build()} with messages naming the setting. Only
     * {@link #uri} is required.
     */
    public static final class Builder {
        private URI uri;
        private Optional<String> token = Optional.empty();
        private Optional<String> userName = Optional.empty();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectMin = Duration.ofMillis(300);
        private Duration reconnectMax = Duration.ofSeconds(8);
        private Duration peerTimeout = Duration.ofSeconds(45);

        private Builder() {}

        /** The server's WebSocket endpoint, e.g. {@code ws://localhost:8080/ws}. Required. */
        public Builder uri(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** {@link #uri(URI)} from text. */
        public Builder uri(String uri) {
            return uri(URI.create(Objects.requireNonNull(uri, "uri")));
        }

        /** The JSON Web Token sent as {@code Authorization: Bearer} on every handshake. Default: none. */
        public Builder token(String token) {
            this.token = Optional.of(Objects.requireNonNull(token, "token"));
            return this;
        }

        /** The display name others see (ignored by a server with authentication on). Default: the server's. */
        public Builder userName(String userName) {
            this.userName = Optional.of(Objects.requireNonNull(userName, "userName"));
            return this;
        }

        /** How long a handshake may take. Default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Reconnect delays: from {@code min}, doubling up to {@code max}, with jitter. Default 300 ms – 8 s. */
        public Builder reconnectDelay(Duration min, Duration max) {
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        /**
         * A socket on which nothing arrived (the server pings every 15 s by default) for this long
         * is taken for dead and replaced. Default 45 s, the server's own {@code --peer-timeout}.
         */
        public Builder peerTimeout(Duration peerTimeout) {
            this.peerTimeout = peerTimeout;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first bad setting
         * @throws NullPointerException if {@link #uri} was not set
         */
        public QuireClient build() {
            return new QuireClient(
                    new ClientConfig(uri, token, userName, connectTimeout, reconnectMin, reconnectMax, peerTimeout));
        }
    }
}
