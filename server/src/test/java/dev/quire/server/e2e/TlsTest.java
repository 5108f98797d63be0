package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.QuireServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS from a PKCS#12 keystore; HSTS with TLS; a bad keystore or password stops start-up. */
class TlsTest {
    private static final String PASSWORD = "test-password";

    @TempDir
    static Path keys;

    static Path keystore;
    static HttpClient trusting;

    @TempDir
    Path dataDir;

    /** A self-signed certificate for 127.0.0.1 made by the JDK's keytool, and a client trusting it. */
    @BeforeAll
    static void keystore() throws Exception {
        keystore = keys.resolve("quire.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "quire",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "san=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        trusting = HttpClient.newBuilder().sslContext(context).build();
    }

    private QuireServer tlsServer() {
        return ServerFixture.start(dataDir, "--tls-keystore", keystore.toString(), "--tls-password", PASSWORD);
    }

    @Test
    void httpsAndWssRoundTrip() throws Exception {
        try (QuireServer server = tlsServer()) {
            int port = server.port();
            assertTrue(server.url().startsWith("https://"), server.url());
            try (WsClient ws = WsClient.connect(trusting, URI.create("wss://127.0.0.1:" + port + "/ws"))) {
                OriginTest.edits(ws, "secure");
            }
            Http.Response doc = Http.send(
                    trusting,
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/docs/secure"))
                            .build());
            assertEquals(200, doc.status());
            assertEquals("hi", doc.json().get("content").asText());
        }
    }

    @Test
    void hstsOnlyWithTls() throws Exception {
        try (QuireServer server = tlsServer()) {
            Http.Response page = Http.send(
                    trusting,
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/"))
                            .build());
            assertEquals(200, page.status());
            assertEquals(Optional.of("max-age=31536000"), page.headers().firstValue("Strict-Transport-Security"));
            assertEquals(Optional.of("nosniff"), page.headers().firstValue("X-Content-Type-Options"));
        }
        try (QuireServer server = ServerFixture.start(dataDir)) {
            Http.Response page = Http.get(server.port(), "/");
            assertEquals(Optional.empty(), page.headers().firstValue("Strict-Transport-Security"));
        }
    }

    @Test
    void aWrongPasswordStopsStartUpNamingTheSetting() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ServerFixture.start(dataDir, "--tls-keystore", keystore.toString(), "--tls-password", "wrong"));
        assertEquals("--tls-password: not the password of --tls-keystore " + keystore, e.getMessage());
    }

    @Test
    void aFileThatIsNoKeystoreStopsStartUpNamingTheSetting() throws Exception {
        Path garbage = dataDir.resolve("not-a-keystore.p12");
        Files.writeString(garbage, "not a keystore");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ServerFixture.start(dataDir, "--tls-keystore", garbage.toString(), "--tls-password", PASSWORD));
        assertTrue(e.getMessage().startsWith("--tls-keystore: cannot read " + garbage), e.getMessage());
    }
}
