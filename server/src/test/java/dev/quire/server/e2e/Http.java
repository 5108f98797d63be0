package dev.quire.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Tiny REST helper for the tests. */
final class Http {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Response(int status, String body, HttpHeaders headers) {
        JsonNode json() throws Exception {
            return WsClient.JSON.readTree(body);
        }
    }

    private Http() {}

    static Response get(int port, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET()
                .build());
    }

    static Response post(int port, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    static Response put(int port, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    static Response delete(int port, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .DELETE()
                .build());
    }

    /** A request carrying {@code Authorization: Bearer <token>}; {@code body} null for GET and DELETE. */
    static Response withToken(int port, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        b = body == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    /** The URI of a path on the test server. */
    /**
     * Every op of the document's log, from version 1, read page by page as any reader must
     * ({@code GET /api/docs/{id}/ops} answers at most 10,000 ops per request).
     */
    static List<JsonNode> opLog(int port, String docId) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            JsonNode page = get(port, "/api/docs/" + docId + "/ops?from=" + (all.size() + 1))
                    .json()
                    .get("ops");
            if (page.isEmpty()) {
                return all;
            }
            page.forEach(all::add);
        }
    }

    static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static Response send(HttpRequest request) throws Exception {
        return send(HTTP, request);
    }

    static Response send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers());
    }
}
