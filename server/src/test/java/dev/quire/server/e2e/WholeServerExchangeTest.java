package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import dev.quire.server.exchange.ExchangeCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --url … --to DIR} and {@code import --from DIR --url …} between two real servers:
 * every document comes across with the same text and history; refusals are reported per document.
 */
class WholeServerExchangeTest {
    @TempDir
    Path source;

    @TempDir
    Path target;

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(boolean export, String... args) {
        out.reset();
        err.reset();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return export ? ExchangeCommand.export(List.of(args), o, e) : ExchangeCommand.importAll(List.of(args), o, e);
    }

    @Test
    void aWholeServerComesAcrossThroughAFolder() throws Exception {
        Path dir = folder.resolve("export");
        List<String> ids = List.of("alpha", "beta", "gamma.v2");
        try (QuireServer a = ServerFixture.start(source, "--op-rate", "0");
                QuireServer b = ServerFixture.start(target)) {
            ExportImportTest.type(a.port(), "alpha", 1, 20);
            ExportImportTest.type(a.port(), "beta", 2, 10);
            assertEquals(
                    200,
                    Http.post(a.port(), "/api/docs/gamma.v2/ops", "{\"version\":0,\"op\":[\"g\"]}")
                            .status());
            String url = "http://127.0.0.1:" + a.port() + "/";

            assertEquals(0, run(true, "--url", url, "--to", dir.toString()), err.toString());
            assertEquals(
                    "exported 3 documents from http://127.0.0.1:" + a.port() + " to " + dir + "\n", out.toString());
            JsonNode index = WsClient.JSON.readTree(dir.resolve("index.json").toFile());
            assertEquals("quire-export", index.get("format").asText());
            assertEquals(3, index.get("docs").size());
            for (JsonNode d : index.get("docs")) {
                assertTrue(ids.contains(d.get("id").asText()));
                assertEquals(
                        "docs/" + d.get("id").asText() + ".json", d.get("file").asText());
            }

            assertEquals(
                    0, run(false, "--from", dir.toString(), "--url", "http://127.0.0.1:" + b.port()), err.toString());
            assertEquals("imported 3 documents into http://127.0.0.1:" + b.port() + "\n", out.toString());
            for (String id : ids) {
                String exported = Files.readString(dir.resolve("docs/" + id + ".json"), StandardCharsets.UTF_8);
                assertEquals(
                        exported,
                        Http.get(b.port(), "/api/docs/" + id + "/export").body(),
                        id);
                assertEquals(
                        Http.get(a.port(), "/api/docs/" + id + "/ops").body(),
                        Http.get(b.port(), "/api/docs/" + id + "/ops").body(),
                        id);
            }

            // Again: every document exists now; each refusal is listed and the status says so.
            assertEquals(1, run(false, "--from", dir.toString(), "--url", "http://127.0.0.1:" + b.port()));
            assertEquals("imported 0 documents into http://127.0.0.1:" + b.port() + ", 3 failed\n", out.toString());
            assertTrue(
                    err.toString().contains("quire import: alpha: HTTP 409 {\"code\":\"document-exists\""),
                    err.toString());

            // An export never mixes into a folder that holds something.
            assertEquals(1, run(true, "--url", url, "--to", dir.toString()));
            assertEquals(
                    "quire export: " + dir + " is not empty: export into an empty or new directory\n", err.toString());
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals(2, run(true, "--url", "http://127.0.0.1:1"));
        assertTrue(err.toString().startsWith("quire export: --to: required\n"), err.toString());
        assertEquals(2, run(false, "--from", "x", "--url", "u", "--bogus", "1"));
        assertTrue(err.toString().startsWith("quire import: --bogus: unknown option\n"), err.toString());
    }

    @Test
    void withAuthenticationTheTokenDecidesWhatIsExportedAndWhoImports() throws Exception {
        String admin = Tokens.of("root", Map.of("*", "admin"));
        String reader = Tokens.of("ann", Map.of("*", "read"));
        String writer = Tokens.of("bob", Map.of("*", "write"));
        try (QuireServer a = ServerFixture.start(source, "--jwt-secret", Tokens.SECRET)) {
            Http.Response op =
                    Http.withToken(a.port(), "POST", "/api/docs/memo/ops", "{\"version\":0,\"op\":[\"m\"]}", admin);
            assertEquals(200, op.status(), op.body());
            JsonNode forReader =
                    WsClient.JSON.readTree(Http.withToken(a.port(), "GET", "/api/docs/memo/export", null, reader)
                            .body());
            JsonNode row = forReader.get("ops").get(0);
            assertEquals("root", row.get("author").asText());
            assertFalse(row.has("baseVersion"), "admin-only columns are for admins");
            assertTrue(WsClient.JSON
                    .readTree(Http.withToken(a.port(), "GET", "/api/docs/memo/export", null, admin)
                            .body())
                    .get("ops")
                    .get(0)
                    .has("baseVersion"));

            String file = Http.withToken(a.port(), "GET", "/api/docs/memo/export", null, reader)
                    .body();
            Http.Response refused = Http.withToken(a.port(), "POST", "/api/docs/memo2/import", file, writer);
            assertEquals(403, refused.status());
            assertEquals(
                    "{\"code\":\"forbidden\",\"message\":\"your token does not grant admin on memo2\"}",
                    refused.body());
            assertEquals(
                    401, Http.post(a.port(), "/api/docs/memo2/import", file).status());
            assertEquals(
                    201,
                    Http.withToken(a.port(), "POST", "/api/docs/memo2/import", file, admin)
                            .status());
        }
    }
}
