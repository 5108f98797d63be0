package dev.quire.server.transport;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The web editor's built files from the classpath folder {@code quire-web/}: {@code /} and
 * {@code /d/{docId}} serve {@code index.html} (the page routes on its path), everything else
 * is a file. Without {@code quire-web/index.html} those pages say the editor was not built.
 */
final class StaticFiles implements HttpHandler {
    private static final String NOT_BUILT = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Quire</title></head>
            <body><h1>Quire server is running</h1>
            <p>The web editor was not built into this jar. Build it with <code>mvn -B -DskipTests package</code>
            at the repository root (it needs Node 20), or use the WebSocket protocol at <code>/ws</code>
            and the REST API at <code>/api/docs</code> directly.</p></body></html>
            """;

    private final Optional<byte[]> index;
    private final HttpHandler files;

    StaticFiles(ClassLoader loader) {
        this.index = read(loader, "quire-web/index.html");
        this.files = new ResourceHandler(new ClassPathResourceManager(loader, "quire-web"))
                .setDirectoryListingEnabled(false)
                .setWelcomeFiles();
    }

    /** Whether the editor's index.html is on the classpath. */
    boolean editorPresent() {
        return index.isPresent();
    }

    private static Optional<byte[]> read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        boolean page = path.isEmpty() || path.equals("/") || path.equals("/index.html") || path.startsWith("/d/");
        if (!page) {
            files.handleRequest(exchange);
            return;
        }
        if (!exchange.getRequestMethod().equals(Methods.GET)
                && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.setStatusCode(405);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        byte[] body = index.orElse(NOT_BUILT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
