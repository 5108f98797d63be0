package dev.quire.server.transport;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Link} over one JSR-356 WebSocket session (Undertow's): frames handed over on the
 * session's own I/O thread through its {@link IoLanes lane}, from the message's shared UTF-8
 * bytes; ping frames, close frames.
 */
final class WebSocketLink implements Link {
    private static final Logger log = LoggerFactory.getLogger(WebSocketLink.class);
    private static final ByteBuffer PING = ByteBuffer.wrap(new byte[] {'q'}).asReadOnlyBuffer();

    private final Session session;
    private final WebSocketChannel channel;
    private final Executor lane;
    /** Tells each frame's {@code done} (Undertow's context) how its write ended. */
    private final WebSocketCallback<Consumer<Boolean>> sent = new WebSocketCallback<>() {
        @Override
        public void complete(WebSocketChannel c, Consumer<Boolean> done) {
            done.accept(true);
        }

        @Override
        public void onError(WebSocketChannel c, Consumer<Boolean> done, Throwable error) {
            log.debug("send on {} failed", session.getId(), error);
            done.accept(false);
        }
    };

    /** {@code session} is Undertow's: its channel takes the shared bytes of a message. */
    WebSocketLink(Session session, IoLanes lanes) {
        this.session = session;
        this.channel = ((UndertowSession) session).getWebSocketChannel();
        this.lane = lanes.lane(channel.getIoThread());
    }

    /**
     * Undertow's own send of a text frame from bytes: the JSR-356 {@code sendText(String)} would
     * encode the text to UTF-8 again for every connection. Called on the channel's I/O thread
     * ({@link #dispatch}), where Undertow writes the frame at once. The frame's {@code done} rides
     * as Undertow's context to this link's one callback, so a frame allocates no callback.
     */
    @Override
    public void sendText(EncodedMessage message, Consumer<Boolean> done) {
        WebSockets.sendText(message.utf8(), channel, sent, done);
    }

    @Override
    public void dispatch(Runnable drain) {
        lane.execute(drain);
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
