package dev.quire.server.transport;

import io.undertow.predicate.Predicates;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
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
 *
 * <p>Caching and compression: the files under {@code /assets/} carry a content hash in their
 * names (Vite's build), so they are {@code immutable} for a year; everything else is
 * {@code no-cache} (revalidated, so a new build shows at once). Answers of at least
 * {@value #MIN_GZIP_BYTES} bytes are gzip-compressed for clients that accept it (Undertow's
 * {@link EncodingHandler}); the API and the WebSocket are not compressed here.
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

    /** Smaller answers are sent as they are: gzip would save little and cost a round of CPU. */
    static final long MIN_GZIP_BYTES = 1024;

    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final Optional<byte[]> index;
    private final HttpHandler files;
    private final HttpHandler compressed;

    StaticFiles(ClassLoader loader) {
        this.index = read(loader, "quire-web/index.html");
        this.files = new ResourceHandler(new ClassPathResourceManager(loader, "quire-web"))
                .setDirectoryListingEnabled(false)
                .setWelcomeFiles();
        this.compressed = new EncodingHandler(
                this::serve,
                new ContentEncodingRepository()
                        .addEncodingHandler(
                                "gzip",
                                new GzipEncodingProvider(),
                                50,
                                Predicates.maxContentSize(MIN_GZIP_BYTES - 1))); // true from 1,024 bytes
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
        compressed.handleRequest(exchange);
    }

    private void serve(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        boolean page = path.isEmpty() || path.equals("/") || path.equals("/index.html") || path.startsWith("/d/");
        if (!page) {
            exchange.getResponseHeaders()
                    .put(Headers.CACHE_CONTROL, path.startsWith("/assets/") ? IMMUTABLE : "no-cache");
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
