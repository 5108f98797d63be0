package dev.quire.server.transport;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.security.Principal;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.function.IntConsumer;

/**
 * One HTTP fallback connection: its {@link PollLink} (server to client), the count of client
 * messages received (client to server, so a repeated POST is applied once), and its place in the
 * {@link ConnectionHub}, like any WebSocket's. Thread-safe: one lock orders the POSTs.
 */
final class PollConnection {
    private final ConnectionHub hub;
    private final String owner;
    private final String id;
    private final PollLink link;
    private final Connection connection;
    private final ConnectionHub.Peer peer;
    /** Client messages taken so far; guarded by {@code this}. */
    private long received;

    private PollConnection(ConnectionHub hub, Principal principal, String id) {
        this.hub = hub;
        this.owner = principal.userId();
        this.id = id;
        // The link tells the hub when it closes; the peer exists only after the hub opened it.
        Closed closed = new Closed();
        this.link = new PollLink(hub.codec(), closed);
        this.connection = hub.connection(link);
        this.peer = hub.open(connection, principal);
        closed.opened(hub, peer);
    }

    /** Opens a connection acting as {@code principal}; closed at once if over the user's cap. */
    static PollConnection open(ConnectionHub hub, Principal principal, String id) {
        return new PollConnection(hub, principal, id);
    }

    String owner() {
        return owner;
    }

    PollLink link() {
        return link;
    }

    Connection connection() {
        return connection;
    }

    /**
     * Takes the POSTed messages N+1… ({@code from} = N): those already received are skipped (a
     * retry after a lost answer), the rest go to the hub in order, one per line. A body over
     * {@code --max-message-bytes} is one message alone (clients never batch past the limit) and is
     * refused whole, as on the WebSocket.
     *
     * @return how many messages have been received in all
     */
    synchronized long receive(HttpServerExchange exchange, long from) {
        if (from > received) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED_MESSAGE, "from=" + from + " but only " + received + " messages were received");
        }
        if (!link.isOpen()) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "connection " + id + " is closed");
        }
        int max = hub.settings().maxMessageBytes();
        byte[] body = read(exchange, max);
        if (body.length > max) {
            if (from == received) {
                OversizedMessage oversized = new OversizedMessage();
                oversized.add(new String(body, 0, OversizedMessage.HEAD_CHARS, StandardCharsets.UTF_8));
                hub.refuse(peer, oversized);
                received++;
            }
            return received;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        long index = from;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (index++ >= received) {
                hub.receive(peer, text.substring(start, end));
                received++;
            }
            start = end + 1;
        }
        return received;
    }

    /** At most {@code max + 1} bytes; the rest of a longer body is read and dropped. */
    private static byte[] read(HttpServerExchange exchange, int max) {
        exchange.startBlocking();
        try (InputStream in = exchange.getInputStream()) {
            byte[] bytes = in.readNBytes(max + 1);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return bytes;
        } catch (RequestTooBigException e) {
            throw new ProtocolException(ErrorCode.MESSAGE_TOO_LARGE, "body too large");
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "body could not be read: " + e.getMessage());
        }
    }

    /** Ends the hub's connection when the link closes, even if that happens while it is opened. */
    private static final class Closed implements IntConsumer {
        private ConnectionHub hub;
        private ConnectionHub.Peer peer;
        private OptionalInt early = OptionalInt.empty();

        @Override
        public synchronized void accept(int code) {
            if (peer == null) {
                early = OptionalInt.of(code);
            } else {
                hub.closed(peer, code);
            }
        }

        synchronized void opened(ConnectionHub hub, ConnectionHub.Peer peer) {
            this.hub = hub;
            this.peer = peer;
            early.ifPresent(code -> hub.closed(peer, code));
        }
    }
}
