package dev.quire.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.TextOperation;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks after a fuzz run that ask the server over REST, and the heap measurement.
 *
 * <p>{@link #replayAll}: for every document of {@code GET /api/docs} (every page), the op log
 * {@code GET /api/docs/{id}/ops} (every page) applied with ot-core to {@code ""} from version 1
 * must give {@code GET /api/docs/{id}}'s text, and the log's versions must be 1, 2, … up to the
 * document's version with no gap. Thread-safe.
 */
final class FuzzChecks {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What the replay found: documents and ops checked, and every disagreement. */
    record Replay(int documents, long ops, List<String> mismatches) {}

    private final String base;
    private final List<String> headers;

    FuzzChecks(int port, List<String> headers) {
        this.base = "http://127.0.0.1:" + port;
        this.headers = List.copyOf(headers);
    }

    /** The status and body of a GET. */
    HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        headers(b);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status and body of a DELETE. */
    HttpResponse<String> delete(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).DELETE();
        headers(b);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void headers(HttpRequest.Builder b) {
        for (String h : headers) {
            int colon = h.indexOf(':');
            b.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return FuzzMessages.JSON.readTree(r.body());
    }

    /** Every document id of the list, all pages. */
    List<String> documents() throws Exception {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = json("/api/docs?limit=1000" + (after == null ? "" : "&after=" + after));
            page.get("docs").forEach(d -> ids.add(d.get("id").asText()));
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        return ids;
    }

    Replay replayAll() throws Exception {
        List<String> mismatches = new ArrayList<>();
        List<String> ids = documents();
        long ops = 0;
        for (String id : ids) {
            try {
                ops += replay(id, mismatches);
            } catch (Exception | AssertionError e) {
                mismatches.add(id + ": " + e.getMessage());
            }
        }
        return new Replay(ids.size(), ops, mismatches);
    }

    /** Replays one document's log; adds what disagrees; returns the ops replayed. */
    private int replay(String id, List<String> mismatches) throws Exception {
        JsonNode doc = json("/api/docs/" + id);
        int version = doc.get("version").asInt();
        String text = "";
        int next = 1;
        while (next <= version) {
            JsonNode page = json("/api/docs/" + id + "/ops?from=" + next + "&to=" + (version + 1));
            if (page.get("ops").isEmpty()) {
                mismatches.add(id + ": the op log ends at " + (next - 1) + ", the document is at " + version);
                return next - 1;
            }
            for (JsonNode op : page.get("ops")) {
                int v = op.get("version").asInt();
                if (v != next) {
                    mismatches.add(id + ": op log entry " + v + " where " + next + " was expected");
                    return next - 1;
                }
                text = TextOperation.parse(op.get("op").toString()).apply(text);
                next++;
            }
        }
        if (!text.equals(doc.get("content").asText())) {
            mismatches.add(id + " at version " + version + ": the replay of its log (" + text.length()
                    + " chars) differs from its text ("
                    + doc.get("content").asText().length() + " chars)");
        }
        return version;
    }

    /**
     * The heap in use after garbage collection, in bytes: the least of three rounds of
     * {@code System.gc()}, so that a collection still running in the background does not count.
     */
    static long usedHeapAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            least = Math.min(
                    least,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
