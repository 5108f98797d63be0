package dev.quire.server.transport;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The server-to-client half of one HTTP fallback connection (decision 025): frames are numbered
 * from 1 and kept until the client confirms them, and each long poll ({@code GET
 * /poll/{id}?received=K}) confirms 1…K and is answered with every frame after K, at once or as
 * soon as one is queued. A poll lost on the way is simply asked again with the same K: the same
 * frames come back, nothing is lost, and the client drops numbers it already has, so nothing is
 * repeated. At most one poll is held; a newer one answers the older at once, empty.
 *
 * <p>The answer is NDJSON: a head line {@code {"from":F}} (with {@code "close":{"code":…,
 * "reason":…}} once the server closed the connection), then frames F, F+1, … one per line (the
 * codec writes no raw newline). Frames still unconfirmed count in the connection's send queue, so
 * a client that stops polling fills it and is closed like a WebSocket that stops reading.
 *
 * <p>Thread-safe: one lock guards the frames, the held poll and the close.
 */
final class PollLink implements Link {
    private record Frame(long number, String text, Consumer<Boolean> done) {}

    private record Close(int code, String reason) {}

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final JsonCodec codec;
    private final IntConsumer closed;
    private long next = 1;
    private Optional<HttpServerExchange> held = Optional.empty();
    private boolean answering;
    private Optional<Close> close = Optional.empty();
    private long closedAt;

    /**
     * @param closed runs once with the close code, when the connection closes (its editors leave at once, as when a
     *               WebSocket closes; frames and the close still reach the next poll)
     */
    PollLink(JsonCodec codec, IntConsumer closed) {
        this.codec = codec;
        this.closed = closed;
    }

    @Override
    public void sendText(EncodedMessage message, Consumer<Boolean> done) {
        synchronized (this) {
            if (close.isEmpty()) {
                frames.add(new Frame(next++, message.text(), done));
                wake();
                return;
            }
        }
        done.accept(false);
    }

    @Override
    public void dispatch(Runnable drain) {
        drain.run(); // adding to the poll buffer is cheap, and a waiting poll is answered by its own thread
    }

    @Override
    public void ping() {
        synchronized (this) {
            wake();
        }
    }

    @Override
    public void close(int code, String reason) {
        synchronized (this) {
            if (close.isPresent()) {
                return;
            }
            close = Optional.of(new Close(code, reason));
            closedAt = System.nanoTime();
            wake();
        }
        closed.accept(code);
    }

    @Override
    public synchronized boolean isOpen() {
        return close.isEmpty();
    }

    @Override
    public String transport() {
        return "http";
    }

    /** When the connection closed ({@link System#nanoTime()}), if it did. */
    synchronized Optional<Long> closedAt() {
        return close.map(c -> closedAt);
    }

    /**
     * A poll confirming frames 1…{@code received}: answered now if anything is newer (or the
     * connection closed), else held until a frame, a ping or a newer poll.
     *
     * @return false if {@code received} names a frame never sent (the exchange is left to the caller)
     */
    boolean poll(HttpServerExchange exchange, long received) {
        List<Frame> confirmed = new ArrayList<>();
        synchronized (this) {
            if (received < 0 || received >= next) {
                return false;
            }
            while (!frames.isEmpty() && frames.peekFirst().number() <= received) {
                confirmed.add(frames.pollFirst());
            }
            held.ifPresent(older -> answer(older, List.of(), received, Optional.empty()));
            held = Optional.of(exchange);
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                synchronized (this) {
                    if (held.isPresent() && held.get() == ex) {
                        held = Optional.empty();
                    }
                }
                nextListener.proceed();
            });
            if (!frames.isEmpty() || close.isPresent()) {
                wake();
            }
        }
        confirmed.forEach(f -> f.done().accept(true));
        return true;
    }

    /**
     * Answers the held poll on its I/O thread, after whatever the current burst still queues: one
     * answer carries all of it.
     */
    private void wake() {
        if (held.isEmpty() || answering) {
            return;
        }
        HttpServerExchange exchange = held.get();
        answering = true;
        exchange.getIoThread().execute(() -> {
            List<Frame> out;
            Optional<Close> end;
            long from;
            synchronized (this) {
                answering = false;
                if (held.isEmpty() || held.get() != exchange) {
                    return;
                }
                held = Optional.empty();
                out = List.copyOf(frames);
                end = close;
                from = out.isEmpty() ? next : out.get(0).number();
            }
            answer(exchange, out, from - 1, end);
        });
    }

    private void answer(HttpServerExchange exchange, List<Frame> out, long after, Optional<Close> end) {
        StringBuilder body = new StringBuilder(
                64 + out.stream().mapToInt(f -> f.text().length() + 1).sum());
        var head = codec.mapper().createObjectNode().put("from", after + 1);
        end.ifPresent(c -> head.putObject("close").put("code", c.code()).put("reason", c.reason()));
        body.append(head).append('\n');
        for (Frame f : out) {
            body.append(f.text()).append('\n');
        }
        Runnable send = () -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-ndjson; charset=utf-8");
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            exchange.getResponseSender().send(body.toString(), StandardCharsets.UTF_8);
        };
        if (exchange.isInIoThread()) {
            send.run();
        } else {
            exchange.getIoThread().execute(send);
        }
    }
}
