package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read {@code /metrics} and {@code /admin/status} (401, 403, 200), what {@code /health}
 * and {@code /ready} answer while serving and draining, and what the admin page is served as.
 */
class OpsRoutesTest {
    private static final String METRICS_TOKEN = "scrape-me-0123456789abcdef";

    @TempDir
    Path dataDir;

    QuireServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withAuthenticationOnlyAnAdminOrTheMetricsTokenReadsThem() throws Exception {
        server = ServerFixture.start(dataDir, "--jwt-secret", Tokens.SECRET, "--metrics-token", METRICS_TOKEN);
        int port = server.port();
        String admin = Tokens.of("ada", Map.of("*", "admin"));
        String writer = Tokens.of("bob", Map.of("*", "write"));
        String docAdmin = Tokens.of("cy", Map.of("notes", "admin"));

        assertRefused(Http.get(port, "/metrics"), 401, "unauthorized");
        assertRefused(Http.withToken(port, "GET", "/metrics", null, writer), 403, "forbidden");
        assertRefused(Http.withToken(port, "GET", "/metrics", null, docAdmin), 403, "forbidden");
        assertRefused(Http.withToken(port, "GET", "/metrics", null, "not-the-token-0123456789"), 401, "unauthorized");
        Http.Response byAdmin = Http.withToken(port, "GET", "/metrics", null, admin);
        assertEquals(200, byAdmin.status());
        assertEquals(
                Scrape.CONTENT_TYPE,
                byAdmin.headers().firstValue("Content-Type").orElse(""));
        assertEquals(
                200,
                Http.withToken(port, "GET", "/metrics", null, METRICS_TOKEN).status());

        assertRefused(Http.get(port, "/admin/status"), 401, "unauthorized");
        assertRefused(Http.withToken(port, "GET", "/admin/status", null, writer), 403, "forbidden");
        // The metrics token reads the metrics only.
        assertRefused(Http.withToken(port, "GET", "/admin/status", null, METRICS_TOKEN), 401, "unauthorized");
        Http.Response status = Http.withToken(port, "GET", "/admin/status", null, admin);
        assertEquals(200, status.status(), status.body());
        assertEquals("ok", status.json().get("health").asText());

        // The page holds no data: served to anyone, it asks /admin/status with the token.
        Http.Response page = Http.get(port, "/admin");
        assertEquals(200, page.status());
        assertEquals(
                "text/html; charset=utf-8",
                page.headers().firstValue("Content-Type").orElse(""));
        assertTrue(page.body().contains("<script type=\"module\" src=\"/admin/admin.js\"></script>"), page.body());
        assertEquals(200, Http.get(port, "/admin/admin.js").status());
        assertEquals(404, Http.get(port, "/admin/secrets").status());
        // Health and readiness are for load balancers: no token.
        assertEquals(200, Http.get(port, "/health").status());
        assertEquals(200, Http.get(port, "/ready").status());

        // Each refusal counted once under its code (the ones above, none from elsewhere).
        Scrape scrape = Scrape.parse(
                Http.withToken(port, "GET", "/metrics", null, METRICS_TOKEN).body());
        assertEquals(4, scrape.count("quire_errors_total{code=\"unauthorized\"}"));
        assertEquals(3, scrape.count("quire_errors_total{code=\"forbidden\"}"));
    }

    @Test
    void withAuthenticationOffTheMetricsTokenStillGuardsTheMetrics() throws Exception {
        server = ServerFixture.start(dataDir, "--metrics-token", METRICS_TOKEN);
        int port = server.port();
        assertRefused(Http.get(port, "/metrics"), 401, "unauthorized");
        assertEquals(
                200,
                Http.withToken(port, "GET", "/metrics", null, METRICS_TOKEN).status());
        assertEquals(200, Http.get(port, "/admin/status").status());
    }

    @Test
    void readyIsServiceUnavailableWhileDrainingAndHealthStaysOk() throws Exception {
        server = ServerFixture.start(dataDir);
        int port = server.port();
        Http.Response ready = Http.get(port, "/ready");
        assertEquals(200, ready.status());
        assertEquals("{\"status\":\"ready\",\"state\":\"ready\"}", ready.body());
        assertEquals("{\"status\":\"ok\"}", Http.get(port, "/health").body());

        // Probes come by IP or service name: no Host check on /health and /ready, but on the rest.
        assertEquals(
                200,
                RawHttp.send(port, RawHttp.request("GET", "/ready", "quire.internal", ""))
                        .status());
        assertEquals(
                200,
                RawHttp.send(port, RawHttp.request("GET", "/health", "quire.internal", ""))
                        .status());
        assertEquals(
                421,
                RawHttp.send(port, RawHttp.request("GET", "/metrics", "quire.internal", ""))
                        .status());

        server.lifecycle().draining();
        Http.Response draining = Http.get(port, "/ready");
        assertEquals(503, draining.status());
        assertEquals("{\"status\":\"not-ready\",\"state\":\"draining\",\"problems\":[\"draining\"]}", draining.body());
        assertEquals(200, Http.get(port, "/health").status());
    }

    @Test
    void theAdminStatusListsOpenDocumentsWithTheirEditors() throws Exception {
        server = ServerFixture.start(dataDir);
        int port = server.port();
        try (WsClient a = WsClient.connect(port);
                WsClient b = WsClient.connect(port)) {
            a.send("{\"type\":\"join\",\"doc\":\"notes\",\"session\":\"session-a\",\"user\":{\"name\":\"Zoe\"}}");
            a.nextOfType("joined");
            b.send("{\"type\":\"join\",\"doc\":\"notes\",\"session\":\"session-b\",\"user\":{\"name\":\"Ada\"}}");
            b.nextOfType("joined");
            JsonNode s = Http.get(port, "/admin/status").json();
            assertEquals(QuireServer.version(), s.get("version").asText());
            assertEquals(2, s.get("connections").asInt());
            assertEquals(1, s.get("documentsOpen").asInt());
            assertEquals(2, s.get("editors").asInt());
            assertEquals(0, s.get("journalLag").asLong());
            assertEquals("ok", s.get("health").asText());
            assertEquals("ready", s.get("ready").asText());
            assertEquals(
                    "[{\"id\":\"notes\",\"editors\":[\"Ada\",\"Zoe\"]}]",
                    s.get("documents").toString());
            assertTrue(s.get("history").isArray());

            // A rename (a presence with user.name) reaches the other editor and the admin page.
            b.send("{\"type\":\"presence\",\"doc\":\"notes\",\"version\":0,\"selection\":[],"
                    + "\"user\":{\"name\":\"Bea\"}}");
            assertEquals("Ada", a.nextOfType("presence").get("user").get("name").asText()); // her join
            assertEquals("Bea", a.nextOfType("presence").get("user").get("name").asText());
            JsonNode renamed = Http.get(port, "/admin/status").json();
            assertEquals(2, renamed.get("editors").asInt());
            assertEquals(
                    "[{\"id\":\"notes\",\"editors\":[\"Bea\",\"Zoe\"]}]",
                    renamed.get("documents").toString());
        }
    }

    private static void assertRefused(Http.Response r, int status, String code) throws Exception {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.json().get("code").asText(), r.body());
    }
}
