package dev.quire.server.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link NioConnection}'s opening handshake (RFC 6455 4.1): the Upgrade request with a fresh
 * key, queued before any frame, and the check of the server's response head in the bytes the
 * connection reads ({@link WsHandshake} writes and checks the HTTP). {@link #opened()} tells the
 * opener how it ended: completed once the response was checked; failed with the reason when the
 * connection fails or closes before that.
 *
 * <pre>
 *   request(random) --> readResponse(in): false ... false, true --> opened() completes
 *                                         | IOException (wrong answer) --> the connection fails it
 * </pre>
 *
 * <p>Thread-safety: {@link #opened()} may be waited on from any thread; everything else runs on
 * {@code bench-io}.
 */
final class NioHandshake {
    private final WsHandshake.Target target;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    /** The key of the request; set by {@link #request}. */
    private String key;

    NioHandshake(WsHandshake.Target target) {
        this.target = target;
    }

    /** Completes when the server's 101 response was checked; fails with the reason otherwise. */
    CompletableFuture<Void> opened() {
        return opened;
    }

    /** The request to the target, in ASCII, with a key of 16 bytes from {@code random}. */
    byte[] request(SplittableRandom random) {
        byte[] random16 = new byte[16];
        random.nextBytes(random16);
        key = WsHandshake.key(random16);
        return target.request(key);
    }

    /**
     * Reads the response head from {@code in} once it is whole, checks it against the request's key
     * and completes {@link #opened()}; the bytes after the head (frames) stay in {@code in}. False
     * while the head is incomplete.
     *
     * @throws IOException naming what is wrong with the response, e.g.
     *     {@code expected HTTP/1.1 101, found "HTTP/1.1 404 Not Found"}; {@link #opened()} is then
     *     left for the connection to fail
     */
    boolean readResponse(ByteBuffer in) throws IOException {
        if (key == null) {
            throw new IllegalStateException("readResponse: no request was made");
        }
        if (!WsHandshake.readResponse(in, key)) {
            return false;
        }
        opened.complete(null);
        return true;
    }

    /** Whether the handshake has ended, either way. */
    boolean ended() {
        return opened.isDone();
    }

    /** The connection failed or closed with the handshake unfinished; no effect once it has ended. */
    void fail(Throwable cause) {
        opened.completeExceptionally(cause);
    }
}
