package dev.quire.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of the HTTP fallback for tests, with java.net.http: opens with {@code POST /poll},
 * long-polls on a thread of its own (confirming the frames it has), POSTs each message with the
 * count sent before it. Frames land in the same inbox a {@link WsClient} uses, so the protocol
 * tests read both transports alike.
 */
final class PollClient {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final String id;
    private final Map<String, String> headers;
    private final BlockingQueue<String> inbox;
    private final CompletableFuture<Integer> closeCode;
    private final Thread poller;
    /** Failed requests in a row before the connection counts as lost. */
    private static final int MAX_FAILURES = 5;

    private volatile boolean stopped;
    private int failures;
    private volatile boolean reading = true;
    /** The last frame number taken (the poll confirms it). */
    private long received;
    /** Messages POSTed so far. */
    private long sent;

    PollClient(URI base, Map<String, String> headers, BlockingQueue<String> inbox, CompletableFuture<Integer> closeCode)
            throws IOException, InterruptedException {
        this.base = base.toString();
        this.headers = headers;
        this.inbox = inbox;
        this.closeCode = closeCode;
        HttpResponse<String> opened = HTTP.send(
                request("/poll").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (opened.statusCode() != 200) {
            throw new IOException("POST /poll: " + opened.statusCode() + " " + opened.body());
        }
        id = WsClient.JSON.readTree(opened.body()).get("id").asText();
        poller = new Thread(this::pollLoop, "poll-" + id);
        poller.setDaemon(true);
        poller.start();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        return b;
    }

    private void pollLoop() {
        while (!stopped) {
            try {
                if (!reading) {
                    Thread.sleep(20);
                    continue;
                }
                HttpResponse<String> r = HTTP.send(
                        request("/poll/" + id + "?received=" + received).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    closeCode.complete(r.statusCode() == 404 ? 1006 : -r.statusCode());
                    return;
                }
                String[] lines = r.body().split("\n");
                JsonNode head = WsClient.JSON.readTree(lines[0]);
                long from = head.get("from").asLong();
                for (int i = 1; i < lines.length; i++) {
                    long number = from + i - 1;
                    if (number > received) {
                        inbox.add(lines[i]);
                        received = number;
                    }
                }
                if (head.has("close")) {
                    closeCode.complete(head.get("close").get("code").asInt());
                    return;
                }
                failures = 0;
            } catch (IOException e) {
                if (stopped) {
                    return;
                }
                // A dropped poll: asked again with the same count, nothing is lost. A server that
                // stays unreachable is a closed connection (1006), as a dead socket is.
                if (++failures > MAX_FAILURES) {
                    closeCode.complete(1006);
                    return;
                }
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** POSTs one message; a lost answer is retried with the same count (applied once). */
    synchronized void send(String text) {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> r = HTTP.send(
                        request("/poll/" + id + "?from=" + sent)
                                .POST(HttpRequest.BodyPublishers.ofString(text + "\n"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("POST /poll/" + id + ": " + r.statusCode() + " " + r.body());
                }
                sent = WsClient.JSON.readTree(r.body()).get("received").asLong();
                return;
            } catch (IOException e) {
                if (stopped || attempt == MAX_FAILURES) {
                    throw new IllegalStateException("POST /poll/" + id + " failed", e);
                }
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops (or resumes) polling: frames wait on the server, as on a socket nobody reads. */
    void reading(boolean on) {
        reading = on;
    }

    /** Stops polling without telling the server, as a dropped TCP connection would. */
    void abort() {
        stopped = true;
        poller.interrupt();
    }

    void close() {
        if (stopped) {
            return;
        }
        try {
            HTTP.send(request("/poll/" + id).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            // best effort, as a close frame is
        }
        abort();
    }
}
