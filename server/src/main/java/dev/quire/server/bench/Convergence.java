package dev.quire.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The end of a run: did every editor end with the server's text, at the server's version? */
final class Convergence {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Convergence() {}

    /**
     * Waits until every editor has nothing in flight, reads each document from the server
     * ({@code GET /api/docs/{id}}, presenting {@code reader} when there is one), waits until every
     * editor reached the server's version, then compares texts. At most 60 s.
     */
    static boolean await(List<BenchEditor> editors, URI base, Optional<String> reader) throws Exception {
        // Created only now, so that no HttpClient thread runs during the measured window.
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !editors.stream().allMatch(BenchEditor::isSynchronized)) {
            Thread.sleep(10);
        }
        Map<String, JsonNode> server = new HashMap<>();
        for (BenchEditor e : editors) {
            if (!server.containsKey(e.docId)) {
                HttpRequest.Builder get = HttpRequest.newBuilder(base.resolve("/api/docs/" + e.docId));
                reader.ifPresent(t -> get.header("Authorization", "Bearer " + t));
                HttpResponse<String> r = http.send(get.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    System.err.printf(Locale.ROOT, "bench: GET /api/docs/%s answered %d%n", e.docId, r.statusCode());
                    return false;
                }
                server.put(e.docId, JSON.readTree(r.body()));
            }
        }
        while (System.nanoTime() < deadline
                && !editors.stream()
                        .allMatch(e -> e.version()
                                == server.get(e.docId).path("version").asInt())) {
            Thread.sleep(10);
        }
        boolean converged = true;
        for (BenchEditor e : editors) {
            JsonNode s = server.get(e.docId);
            if (e.version() != s.path("version").asInt()
                    || !e.text().equals(s.path("content").asText())) {
                System.err.printf(
                        Locale.ROOT,
                        "bench: editor of %s diverged: version %d vs server %d%n",
                        e.docId,
                        e.version(),
                        s.path("version").asInt());
                converged = false;
            }
        }
        return converged;
    }
}
