package dev.quire.server.transport;

import dev.quire.server.backup.BackupArchive;
import dev.quire.server.backup.BackupManifest;
import dev.quire.server.fatal.FatalErrors;
import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-wide operations under {@code /api/admin}: {@code POST /api/admin/backup} streams a
 * backup archive ({@link BackupArchive}). Needs admin on every document (a token granting
 * {@code "*": "admin"}); runs on a worker thread.
 */
final class AdminApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Operations operations;
    private final JsonCodec codec;

    AdminApi(Operations operations, JsonCodec codec) {
        this.operations = operations;
        this.codec = codec;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        try {
            route(exchange);
        } catch (ProtocolException e) {
            RestReplies.error(exchange, codec, e.code(), e.getMessage());
        } catch (IOException | RuntimeException | Error e) {
            FatalErrors.haltIfFatal(e);
            String id = Correlation.next();
            log.error("[{}] internal fault in {} {}", id, exchange.getRequestMethod(), exchange.getRequestPath(), e);
            RestReplies.error(exchange, codec, ErrorCode.INTERNAL, "internal error " + id);
        }
    }

    private void route(HttpServerExchange exchange) throws IOException {
        if (!exchange.getRelativePath().equals("/backup")) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no such resource: " + exchange.getRequestPath());
        }
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "method " + exchange.getRequestMethod() + " not allowed here");
        }
        Principal p = RestAccess.principal(exchange);
        if (!p.mayEverything(Role.ADMIN)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "a backup needs a token granting admin on \"*\"");
        }
        var backup = operations
                .backup()
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.NOT_SUPPORTED, "this server's store has no online backup; use the database's tools"));
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/zip");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseHeaders()
                .put(
                        Headers.CONTENT_DISPOSITION,
                        "attachment; filename=\"quire-backup-" + STAMP.format(Instant.now()) + ".zip\"");
        exchange.startBlocking();
        try (OutputStream out = exchange.getOutputStream()) {
            BackupManifest m = BackupArchive.write(backup, operations.workDir(), operations.serverVersion(), out);
            log.info("backup streamed to {} (journal head {})", p, m.journalHead());
        }
    }
}
