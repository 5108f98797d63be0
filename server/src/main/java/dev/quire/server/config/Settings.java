package dev.quire.server.config;

import java.util.List;

/** Every setting of the server: its flag, its environment variable, its default and what it accepts. */
final class Settings {
    /** One setting; an empty default means "not set". */
    record Setting(String flag, String env, String defaultValue, String description) {}

    private Settings() {}

    /** Every setting, in the order of docs/configuration.md. */
    static final List<Setting> ALL = List.of(
            new Setting("--host", "QUIRE_HOST", "0.0.0.0", "address to bind"),
            new Setting("--port", "QUIRE_PORT", "8080", "port to listen on, 0..65535 (0 = any free port)"),
            new Setting("--data-dir", "QUIRE_DATA_DIR", "./data", "directory of the database"),
            new Setting(
                    "--sync-commits",
                    "QUIRE_SYNC_COMMITS",
                    "true",
                    "fsync every group commit, so acknowledged ops survive a power cut (false: kill -9 only)"),
            new Setting(
                    "--store",
                    "QUIRE_STORE",
                    "h2",
                    "h2 (the data directory) or postgresql://user:pass@host:port/db (or jdbc:postgresql:)"),
            new Setting("--store-pool-size", "QUIRE_STORE_POOL_SIZE", "10", "connections to PostgreSQL, 2..1000"),
            new Setting(
                    "--node-id",
                    "QUIRE_NODE_ID",
                    "",
                    "this node's name in logs and the nodes table (default: generated)"),
            new Setting(
                    "--bus",
                    "QUIRE_BUS",
                    "local",
                    "how committed ops reach other nodes: local (one node) or redis://host:port"),
            new Setting(
                    "--bus-prefix",
                    "QUIRE_BUS_PREFIX",
                    "quire",
                    "first part of every Redis key and channel of the bus, [A-Za-z0-9._-]"),
            new Setting("--snapshot-every", "QUIRE_SNAPSHOT_EVERY", "100", "ops between snapshots, 1..1000000"),
            new Setting("--idle-unload", "QUIRE_IDLE_UNLOAD", "60s", "unload a document idle this long (ms|s|m|h)"),
            new Setting(
                    "--history-limit",
                    "QUIRE_HISTORY_LIMIT",
                    "10000",
                    "ops kept in memory per open document, 1..1000000"),
            new Setting(
                    "--history-retention",
                    "QUIRE_HISTORY_RETENTION",
                    "forever",
                    "age after which ops may be folded into snapshots (s|m|h|d), or forever"),
            new Setting(
                    "--checksum-every",
                    "QUIRE_CHECKSUM_EVERY",
                    "100",
                    "versions between text checksums sent to editors, 0..1000000 (0 = none)"),
            new Setting(
                    "--max-message-bytes",
                    "QUIRE_MAX_MESSAGE_BYTES",
                    "1048576",
                    "largest accepted message in bytes, 1024..67108864"),
            new Setting("--send-queue", "QUIRE_SEND_QUEUE", "1000", "messages queued per connection, 1..1000000"),
            new Setting("--ping-interval", "QUIRE_PING_INTERVAL", "15s", "time between pings (ms|s|m|h)"),
            new Setting(
                    "--peer-timeout",
                    "QUIRE_PEER_TIMEOUT",
                    "45s",
                    "close a connection silent this long (ms|s|m|h), more than the ping interval"),
            new Setting(
                    "--document-threads",
                    "QUIRE_DOCUMENT_THREADS",
                    "0",
                    "threads for document work, 0 = number of processors, 0..256"),
            new Setting(
                    "--send-queue-bytes",
                    "QUIRE_SEND_QUEUE_BYTES",
                    "16777216",
                    "bytes queued per connection before it is closed (1013), 65536..1073741824"),
            new Setting(
                    "--max-document-bytes",
                    "QUIRE_MAX_DOCUMENT_BYTES",
                    "16777216",
                    "largest document in UTF-8 bytes, 1024..1073741824"),
            new Setting(
                    "--transform-budget",
                    "QUIRE_TRANSFORM_BUDGET",
                    "10000000",
                    "most transform work per op (components x versions behind), 1000..10000000000"),
            new Setting(
                    "--shutdown-timeout",
                    "QUIRE_SHUTDOWN_TIMEOUT",
                    "10s",
                    "longest graceful shutdown on SIGTERM before the process halts (ms|s|m|h)"),
            // Authentication (docs/security.md)
            new Setting(
                    "--jwt-secret",
                    "QUIRE_JWT_SECRET",
                    "",
                    "HS256 secret (>= 32 bytes): require signed tokens; prefer the variable"),
            new Setting(
                    "--jwt-public-key",
                    "QUIRE_JWT_PUBLIC_KEY",
                    "",
                    "PEM public key file (RS256/ES256): require tokens signed by its private key"),
            new Setting(
                    "--auth-recheck",
                    "QUIRE_AUTH_RECHECK",
                    "60s",
                    "close connections whose token expired within this long (ms|s|m|h)"),
            // The network edge
            new Setting(
                    "--allowed-origins",
                    "QUIRE_ALLOWED_ORIGINS",
                    "",
                    "comma-separated browser origins allowed besides the server's own"),
            new Setting(
                    "--public-url",
                    "QUIRE_PUBLIC_URL",
                    "",
                    "comma-separated URLs the server is reached by (their hosts are accepted)"),
            new Setting(
                    "--frame-ancestors",
                    "QUIRE_FRAME_ANCESTORS",
                    "'self'",
                    "Content-Security-Policy frame-ancestors: who may embed the editor"),
            new Setting("--tls-keystore", "QUIRE_TLS_KEYSTORE", "", "PKCS#12 keystore: serve HTTPS and WSS"),
            new Setting("--tls-password", "QUIRE_TLS_PASSWORD", "", "the keystore's password; prefer the variable"),
            new Setting(
                    "--max-connections-per-ip",
                    "QUIRE_MAX_CONNECTIONS_PER_IP",
                    "500",
                    "WebSocket connections per client address, 0 = unlimited"),
            new Setting(
                    "--max-connections-per-user",
                    "QUIRE_MAX_CONNECTIONS_PER_USER",
                    "100",
                    "WebSocket connections per user (auth on), 0 = unlimited"),
            new Setting(
                    "--request-timeout",
                    "QUIRE_REQUEST_TIMEOUT",
                    "30s",
                    "longest time to receive a request's headers (ms|s|m|h)"),
            new Setting(
                    "--join-timeout", "QUIRE_JOIN_TIMEOUT", "10s", "longest time from the upgrade to the first join"),
            // What one connection may do
            new Setting("--op-rate", "QUIRE_OP_RATE", "50", "ops per second per connection, 0 = unlimited"),
            new Setting("--op-burst", "QUIRE_OP_BURST", "200", "ops a connection may send at once, 1..1000000"),
            new Setting(
                    "--max-documents-per-connection",
                    "QUIRE_MAX_DOCUMENTS_PER_CONNECTION",
                    "100",
                    "documents one connection may have joined, 1..100000"),
            new Setting(
                    "--max-protocol-errors",
                    "QUIRE_MAX_PROTOCOL_ERRORS",
                    "100",
                    "error replies to one connection before it is closed (1008), 1..1000000"),
            new Setting(
                    "--max-presence-ranges",
                    "QUIRE_MAX_PRESENCE_RANGES",
                    "100",
                    "ranges in one presence message, 1..10000"),
            // Operations (docs/operations.md)
            new Setting(
                    "--metrics-token",
                    "QUIRE_METRICS_TOKEN",
                    "",
                    "bearer token (>= 16 characters) that may read /metrics besides an admin; prefer the variable"),
            new Setting("--log-format", "QUIRE_LOG_FORMAT", "text", "text, or json: one JSON object per line"));
}
