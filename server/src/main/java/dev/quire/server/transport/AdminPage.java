package dev.quire.server.transport;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The admin page's two files under {@code /admin} (classpath folder {@code quire-admin/}). They
 * hold no data: the script reads {@code /admin/status}, which needs an admin token when
 * authentication is on (taken from the page's {@code #token=} fragment, which never reaches a
 * server log). Thread-safe.
 */
final class AdminPage implements HttpHandler {
    private record File(String contentType, byte[] body) {}

    private final Map<String, File> files;

    AdminPage(ClassLoader loader) {
        this.files = Map.of(
                "", new File("text/html; charset=utf-8", read(loader, "quire-admin/admin.html")),
                "/", new File("text/html; charset=utf-8", read(loader, "quire-admin/admin.html")),
                "/admin.js", new File("text/javascript; charset=utf-8", read(loader, "quire-admin/admin.js")),
                "/admin.css", new File("text/css; charset=utf-8", read(loader, "quire-admin/admin.css")));
    }

    private static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        File f = files.get(exchange.getRelativePath());
        if (f == null) {
            exchange.setStatusCode(404);
            exchange.endExchange();
            return;
        }
        if (!exchange.getRequestMethod().equals(Methods.GET)
                && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.setStatusCode(405);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, f.contentType());
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseSender().send(ByteBuffer.wrap(f.body()));
    }
}
