package dev.quire.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP fallback as editors behind a proxy use it ({@code --transport http}): each editor opens
 * a connection with {@code POST /poll}, keeps one long poll outstanding (confirming the frames it
 * has) and POSTs what it sends in batches: everything queued while the last POST was on its way
 * goes in the next, as the web editor does. Asynchronous {@code java.net.http} calls on two
 * {@code bench-http} threads, no thread per editor; open-loop ticks on one {@code bench-timer}.
 *
 * <p>Thread-safety: safe for use from any thread.
 */
final class PollTransport implements BenchTransport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutorService callbacks = Executors.newFixedThreadPool(2, daemon("bench-http"));
    private final HttpClient http = HttpClient.newBuilder()
            .executor(callbacks)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("bench-timer"));

    @Override
    public BenchSocket open(URI url, Optional<String> bearer, BenchEditor editor) throws Exception {
        String scheme = url.getScheme().equals("wss") ? "https" : "http";
        String base = scheme + "://" + url.getRawAuthority();
        // The WebSocket URL's query (the document, a balancer's routing hint) goes on every request.
        String hint = url.getRawQuery() == null ? "" : url.getRawQuery();
        HttpRequest.Builder open = HttpRequest.newBuilder(
                        URI.create(base + "/poll" + (hint.isEmpty() ? "" : "?" + hint)))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.noBody());
        bearer.ifPresent(t -> open.header("Authorization", "Bearer " + t));
        HttpResponse<String> r = http.send(open.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("POST /poll: " + r.statusCode() + " " + r.body());
        }
        Connection c = new Connection(
                base + "/poll/" + JSON.readTree(r.body()).get("id").asText(), hint, bearer, editor);
        c.poll();
        return c;
    }

    @Override
    public void repeat(Runnable tick, long delayNanos, long periodNanos) {
        timer.scheduleAtFixedRate(tick, delayNanos / 1000, periodNanos / 1000, TimeUnit.MICROSECONDS);
    }

    @Override
    public void stopRepeating() {
        timer.shutdownNow();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        callbacks.shutdown();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One editor's fallback connection: one poll and at most one POST on their way at a time. */
    private final class Connection implements BenchSocket {
        private final String url;
        /** The routing hint ({@code doc=…}) added to every request, or empty. */
        private final String hint;

        private final Optional<String> bearer;
        private final BenchEditor editor;
        /** The last frame handed to the editor; touched by the poll chain only. */
        private long received;
        /** Guarded by {@code this}: messages not yet POSTed, messages the server took, a POST on its way. */
        private final List<String> queued = new ArrayList<>();

        private long sent;
        private boolean posting;
        private boolean closing;
        private volatile boolean closed;

        Connection(String url, String hint, Optional<String> bearer, BenchEditor editor) {
            this.url = url;
            this.hint = hint;
            this.bearer = bearer;
            this.editor = editor;
        }

        /** A request to this connection's URL with {@code query} ({@code ""} or {@code "a=b"}) and the hint. */
        private HttpRequest.Builder request(String query) {
            String all = hint.isEmpty() ? query : query.isEmpty() ? hint : query + "&" + hint;
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + (all.isEmpty() ? "" : "?" + all)))
                    .timeout(Duration.ofSeconds(60));
            bearer.ifPresent(t -> b.header("Authorization", "Bearer " + t));
            return b;
        }

        void poll() {
            if (closed) {
                return;
            }
            http.sendAsync(request("received=" + received).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        if (e != null || r.statusCode() != 200) {
                            if (!closed) {
                                closed = true;
                                editor.onFailure("poll-failed", e == null ? new IOException("" + r.statusCode()) : e);
                            }
                            return;
                        }
                        long now = System.nanoTime();
                        String[] lines = r.body().split("\n");
                        JsonNode head = head(lines[0]);
                        long from = head.get("from").asLong();
                        for (int i = 1; i < lines.length; i++) {
                            if (from + i - 1 > received) {
                                received = from + i - 1;
                                editor.onFrame(lines[i], now);
                            }
                        }
                        if (head.has("close")) {
                            closed = true;
                            editor.onClose(head.get("close").get("code").asInt());
                        } else {
                            poll();
                        }
                    });
        }

        private JsonNode head(String line) {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException("bad poll head: " + line, e);
            }
        }

        @Override
        public synchronized void send(String text) {
            if (closing) {
                return;
            }
            queued.add(text);
            post();
        }

        /** POSTs everything queued, unless a POST is on its way (its answer posts the rest). */
        private synchronized void post() {
            if (posting || queued.isEmpty()) {
                if (!posting && closing) {
                    delete();
                }
                return;
            }
            posting = true;
            int count = queued.size();
            String body = String.join("\n", queued) + "\n";
            http.sendAsync(
                            request("from=" + sent)
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> posted(count, r, e));
        }

        private synchronized void posted(int count, HttpResponse<String> r, Throwable e) {
            posting = false;
            if (e != null || r.statusCode() != 200) {
                editor.onFailure("send-failed", e == null ? new IOException("" + r.statusCode()) : e);
                return;
            }
            queued.subList(0, count).clear();
            sent += count;
            post();
        }

        @Override
        public synchronized void close() {
            closing = true;
            post();
        }

        private void delete() {
            http.sendAsync(request("").DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }
}
