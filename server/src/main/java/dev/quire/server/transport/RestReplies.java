package dev.quire.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.storage.StorageException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the HTTP routes answer (docs/protocol.md, "REST"): a JSON body that is never cached, an
 * error as {@code {"code":…,"message":…}} with the status of its code, and a document's future
 * waited for on the worker thread with its failure turned into that error. Shared by
 * {@link RestApi}, its route classes, {@link AdminApi} and {@link DrainGate}. Stateless.
 */
final class RestReplies {
    private RestReplies() {}

    /**
     * The future's value, waited for at most 60 s: a {@link ProtocolException} it failed with is
     * thrown as it is, an unavailable store becomes {@code storage-unavailable}, anything else an
     * {@link IllegalStateException} (an internal fault).
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProtocolException p) {
                throw p;
            }
            if (e.getCause() instanceof StorageException s && s.isUnavailable()) {
                throw new ProtocolException(ErrorCode.STORAGE_UNAVAILABLE, "storage unavailable; retry later");
            }
            throw new IllegalStateException("operation failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("operation timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND, COMMENT_NOT_FOUND, SUGGESTION_NOT_FOUND -> 404;
            case VERSION_OUT_OF_RANGE, DOCUMENT_DELETED, DOCUMENT_EXISTS, SUGGESTION_DECIDED -> 409;
            case HISTORY_COMPACTED -> 410;
            case INVALID_IMPORT -> 422;
            case SHUTTING_DOWN -> 503;
            case NOT_SUPPORTED -> 501;
            case MESSAGE_TOO_LARGE, DOCUMENT_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case INTERNAL -> 500;
            case STORAGE_UNAVAILABLE -> 503;
            case RETRY_LATER -> 503;
            default -> 400;
        };
    }

    /** Answers {@code {"code":…,"message":…}} with the code's status (ends a response already under way). */
    static void error(HttpServerExchange exchange, JsonCodec codec, ErrorCode code, String message) {
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        ObjectNode body = codec.mapper().createObjectNode().put("code", code.wire());
        json(exchange, codec, status(code), body.put("message", message));
    }

    static void json(HttpServerExchange exchange, JsonCodec codec, int status, JsonNode body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        try {
            exchange.getResponseSender().send(codec.mapper().writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
