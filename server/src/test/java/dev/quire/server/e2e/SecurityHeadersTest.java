package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.QuireServer;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security headers on the page, an asset, the API and a refusal; HSTS only with TLS (TlsTest). */
class SecurityHeadersTest {
    @TempDir
    Path dataDir;

    private static void assertSecurityHeaders(HttpHeaders headers, int port, String frameAncestors) {
        assertEquals(
                Optional.of("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                        + "img-src 'self' data:; connect-src 'self' ws://127.0.0.1:" + port + " wss://127.0.0.1:"
                        + port + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors "
                        + frameAncestors),
                headers.firstValue("Content-Security-Policy"));
        assertEquals(Optional.of("nosniff"), headers.firstValue("X-Content-Type-Options"));
        assertEquals(Optional.of("no-referrer"), headers.firstValue("Referrer-Policy"));
        assertEquals(Optional.empty(), headers.firstValue("Strict-Transport-Security"));
    }

    @Test
    void everyAnswerCarriesThem() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            int port = server.port();
            Http.Response page = Http.get(port, "/");
            assertEquals(200, page.status());
            assertSecurityHeaders(page.headers(), port, "'self'");
            assertSecurityHeaders(Http.get(port, "/d/notes").headers(), port, "'self'");
            // The editor is one external module script: nothing inline for the policy to block.
            Matcher script =
                    Pattern.compile("<script[^>]*src=\"(/assets/[^\"]+\\.js)\"").matcher(page.body());
            if (server.editorPresent()) {
                assertTrue(script.find(), page.body());
                assertTrue(
                        !Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>")
                                .matcher(page.body())
                                .find(),
                        "inline script in " + page.body());
                Http.Response asset = Http.get(port, script.group(1));
                assertEquals(200, asset.status());
                assertSecurityHeaders(asset.headers(), port, "'self'");
            }
            assertSecurityHeaders(Http.get(port, "/assets/missing.js").headers(), port, "'self'");
            Http.Response api = Http.get(port, "/api/docs");
            assertEquals(200, api.status());
            assertSecurityHeaders(api.headers(), port, "'self'");
            assertSecurityHeaders(Http.get(port, "/api/docs/none").headers(), port, "'self'");
            assertSecurityHeaders(Http.get(port, "/health").headers(), port, "'self'");
        }
    }

    @Test
    void frameAncestorsComeFromTheSetting() throws Exception {
        try (QuireServer server =
                ServerFixture.start(dataDir, "--frame-ancestors", "'self' https://wiki.example.com")) {
            assertSecurityHeaders(
                    Http.get(server.port(), "/").headers(), server.port(), "'self' https://wiki.example.com");
        }
    }

    @Test
    void refusalsCarryThemToo() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            RawHttp.Response r = RawHttp.send(server.port(), RawHttp.request("GET", "/", "evil.example", ""));
            assertEquals(421, r.status());
            assertEquals(Optional.of("nosniff"), r.header("X-Content-Type-Options"));
            assertTrue(r.header("Content-Security-Policy").orElseThrow().startsWith("default-src 'self';"));
        }
    }
}
