package dev.quire.server.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Link} over one JSR-356 WebSocket session: Undertow's asynchronous sends (frames waiting
 * on a socket are written together, one system call for a burst), ping frames, close frames.
 */
final class WebSocketLink implements Link {
    private static final Logger log = LoggerFactory.getLogger(WebSocketLink.class);
    private static final ByteBuffer PING = ByteBuffer.wrap(new byte[] {'q'}).asReadOnlyBuffer();

    private final Session session;

    WebSocketLink(Session session) {
        this.session = session;
    }

    @Override
    public void sendText(String text, Consumer<Boolean> done) {
        session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK()));
    }

    @Override
    public void ping() {
        try {
            session.getAsyncRemote().sendPing(PING.duplicate());
        } catch (IOException | RuntimeException e) {
            log.debug("ping of {} failed", session.getId(), e);
        }
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            log.debug("close of {} failed", session.getId(), e);
        }
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public String transport() {
        return "websocket";
    }
}
