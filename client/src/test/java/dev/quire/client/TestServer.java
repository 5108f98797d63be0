package dev.quire.client;

import dev.quire.server.QuireServer;
import dev.quire.server.config.ConfigParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real server in this JVM on port 0 over a data directory, and REST reads of it. */
final class TestServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final QuireServer server;

    private TestServer(QuireServer server) {
        this.server = server;
    }

    static TestServer start(Path dataDir, String... extra) {
        List<String> args =
                new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        return new TestServer(new QuireServer(ConfigParser.parse(args, Map.of())));
    }

    int port() {
        return server.port();
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + port() + "/ws");
    }

    /** The durable text of a document ({@code GET /api/docs/{id}}) with its version. */
    static Rest.Doc document(int port, String docId, String... token) throws Exception {
        return Rest.document(port, docId, token);
    }

    @Override
    public void close() {
        server.close();
    }

    /** Tiny REST reader (JSON through the client's own strict reader). */
    static final class Rest {
        record Doc(int version, String content) {}

        private Rest() {}

        static Doc document(int port, String docId, String... token) throws Exception {
            ServerMessage json = ServerMessage.parse(withType(get(port, "/api/docs/" + docId, token)));
            return new Doc(json.integer("version"), json.string("content"));
        }

        /** The op log's (session, seq) pairs and ops: {@code GET /api/docs/{id}/ops}. */
        static List<ServerMessage> ops(int port, String docId, String... token) throws Exception {
            return ServerMessage.parse(withType(get(port, "/api/docs/" + docId + "/ops", token)))
                    .objects("ops");
        }

        static String get(int port, String path, String... token) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (token.length > 0) {
                b.header("Authorization", "Bearer " + token[0]);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        }

        static int delete(int port, String path) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .DELETE()
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        /** ServerMessage needs a type; REST bodies have none. */
        private static String withType(String body) {
            return "{\"type\":\"rest\"," + body.substring(1);
        }
    }
}
