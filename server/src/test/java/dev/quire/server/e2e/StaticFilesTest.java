package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.QuireServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The editor's files: hashed assets are immutable for a year and gzip-compressed for clients that
 * accept it (the same bytes once decompressed); the page itself is revalidated on every load.
 * Needs the web editor built into the classpath (the Maven reactor builds it first).
 */
class StaticFilesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private static HttpResponse<byte[]> get(int port, String path, Optional<String> acceptEncoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        acceptEncoding.ifPresent(e -> b.header("Accept-Encoding", e));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void hashedAssetsAreImmutableAndCompressed() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            assertTrue(server.editorPresent(), "the web editor must be built into the classpath for this test");
            int port = server.port();
            HttpResponse<byte[]> page = get(port, "/", Optional.empty());
            assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElseThrow());
            Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"")
                    .matcher(new String(page.body(), StandardCharsets.UTF_8));
            assertTrue(script.find(), "no script in the page");
            String asset = script.group(1);

            HttpResponse<byte[]> plain = get(port, asset, Optional.empty());
            assertEquals(200, plain.statusCode());
            assertEquals(Optional.empty(), plain.headers().firstValue("Content-Encoding"));
            assertEquals(
                    "public, max-age=31536000, immutable",
                    plain.headers().firstValue("Cache-Control").orElseThrow());

            HttpResponse<byte[]> gzip = get(port, asset, Optional.of("gzip, deflate, br"));
            assertEquals(200, gzip.statusCode());
            assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElseThrow());
            assertEquals(
                    "public, max-age=31536000, immutable",
                    gzip.headers().firstValue("Cache-Control").orElseThrow());
            byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes();
            assertArrayEquals(plain.body(), unzipped);
            assertTrue(
                    gzip.body().length * 2 < plain.body().length,
                    "gzip " + gzip.body().length + " bytes of " + plain.body().length);
        }
    }

    @Test
    void smallAnswersAndTheApiAreNotCompressed() throws Exception {
        try (QuireServer server = ServerFixture.start(dataDir)) {
            int port = server.port();
            HttpResponse<byte[]> missing = get(port, "/assets/nothing-here.js", Optional.of("gzip"));
            assertEquals(404, missing.statusCode());
            assertEquals(Optional.empty(), missing.headers().firstValue("Content-Encoding"));
            HttpResponse<byte[]> api = get(port, "/api/docs", Optional.of("gzip"));
            assertEquals(200, api.statusCode());
            assertEquals(Optional.empty(), api.headers().firstValue("Content-Encoding"));
        }
    }
}
