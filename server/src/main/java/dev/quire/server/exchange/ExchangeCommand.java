package dev.quire.server.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.server.backup.CommandFlags;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole server as a folder, through its REST API:
 *
 * <pre>
 *   java -jar quire-server.jar export --url URL --to DIR [--token T]
 *   java -jar quire-server.jar import --from DIR --url URL [--token T]
 * </pre>
 *
 * An export writes {@code DIR/index.json} ({@code {"format":"quire-export","formatVersion":1,
 * "source":…,"exported":…,"docs":[{"id":…,"version":…,"file":"docs/<id>.json"}]}}) and one
 * {@link DocumentJson} file per document; an import posts each file to
 * {@code /api/docs/{id}/import} and goes on past a refused one, listing it. The token (else
 * {@code QUIRE_TOKEN}) needs read on every document to export, admin to import, and admin on
 * {@code *} for the op log's admin-only columns. Exit status 0, 1 if a document failed, 2 for bad
 * arguments.
 */
public final class ExchangeCommand {
    /** The {@code format} of an export folder's index. */
    public static final String INDEX_FORMAT = "quire-export";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;
    private final Optional<String> token;
    private final PrintStream out;
    private final PrintStream err;

    private ExchangeCommand(String url, Optional<String> token, PrintStream out, PrintStream err) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        this.out = out;
        this.err = err;
    }

    /** {@code export --url URL --to DIR [--token T]}; returns the exit status. */
    public static int export(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> f = flags("export", args, List.of("--url", "--to"), err);
        if (f == null) {
            return 2;
        }
        try {
            return command(f, out, err).exportTo(Path.of(f.get("--to")));
        } catch (IOException | RuntimeException e) {
            err.println("quire export: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** {@code import --from DIR --url URL [--token T]}; returns the exit status. */
    public static int importAll(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> f = flags("import", args, List.of("--from", "--url"), err);
        if (f == null) {
            return 2;
        }
        try {
            return command(f, out, err).importFrom(Path.of(f.get("--from")));
        } catch (IOException | RuntimeException e) {
            err.println("quire import: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Map<String, String> flags(String name, List<String> args, List<String> required, PrintStream err) {
        List<String> known =
                Stream.concat(required.stream(), Stream.of("--token")).toList();
        try {
            return CommandFlags.parse(args, known, required);
        } catch (IllegalArgumentException e) {
            err.println("quire " + name + ": " + e.getMessage());
            err.println("Usage: java -jar quire-server.jar "
                    + (name.equals("export") ? "export --url URL --to DIR" : "import --from DIR --url URL")
                    + " [--token T]   (or QUIRE_TOKEN)");
            return null;
        }
    }

    private static ExchangeCommand command(Map<String, String> f, PrintStream out, PrintStream err) {
        Optional<String> token = Optional.ofNullable(f.get("--token"))
                .or(() -> Optional.ofNullable(System.getenv("QUIRE_TOKEN")))
                .filter(t -> !t.isBlank());
        return new ExchangeCommand(f.get("--url"), token, out, err);
    }

    private int exportTo(Path dir) throws IOException, InterruptedException {
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(dir + " is not empty: export into an empty or new directory");
                }
            }
        }
        Files.createDirectories(dir.resolve("docs"));
        ObjectNode index = JSON.createObjectNode()
                .put("format", INDEX_FORMAT)
                .put("formatVersion", 1)
                .put("source", url)
                .put("exported", Instant.now().toString());
        ArrayNode docs = index.putArray("docs");
        Optional<String> after = Optional.empty();
        do {
            String query = "/api/docs?limit=1000"
                    + after.map(a -> "&after=" + URLEncoder.encode(a, StandardCharsets.UTF_8))
                            .orElse("");
            JsonNode page =
                    JSON.readTree(expect(send(request(query).GET(), HttpResponse.BodyHandlers.ofString()), 200));
            for (JsonNode d : page.path("docs")) {
                String id = d.path("id").asText();
                String file = "docs/" + id + ".json";
                HttpResponse<Path> r = send(
                        request("/api/docs/" + id + "/export?format=json").GET(),
                        HttpResponse.BodyHandlers.ofFile(dir.resolve(file)));
                if (r.statusCode() != 200) {
                    throw new IOException("export of " + id + ": HTTP " + r.statusCode() + " "
                            + Files.readString(dir.resolve(file), StandardCharsets.UTF_8));
                }
                int version = JSON.readTree(dir.resolve(file).toFile())
                        .path("version")
                        .asInt();
                docs.addObject().put("id", id).put("version", version).put("file", file);
            }
            after = page.path("next").isTextual()
                    ? Optional.of(page.path("next").asText())
                    : Optional.empty();
        } while (after.isPresent());
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("index.json").toFile(), index);
        out.println("exported " + docs.size() + " documents from " + url + " to " + dir);
        return 0;
    }

    private int importFrom(Path dir) throws IOException, InterruptedException {
        JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
        if (!INDEX_FORMAT.equals(index.path("format").asText())
                || index.path("formatVersion").asInt() != 1) {
            throw new IOException(dir.resolve("index.json") + " is not a Quire export index of format version 1");
        }
        int imported = 0;
        int failed = 0;
        for (JsonNode d : index.path("docs")) {
            String id = d.path("id").asText();
            Path file = dir.resolve(d.path("file").asText()).normalize();
            if (!file.startsWith(dir.normalize())) {
                throw new IOException("index.json: " + id + "'s file is outside " + dir);
            }
            HttpResponse<String> r = send(
                    request("/api/docs/" + id + "/import")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofFile(file)),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 201) {
                imported++;
            } else {
                failed++;
                err.println("quire import: " + id + ": HTTP " + r.statusCode() + " " + r.body());
            }
        }
        out.println("imported " + imported + " documents into " + url + (failed > 0 ? ", " + failed + " failed" : ""));
        return failed == 0 ? 0 : 1;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(TIMEOUT);
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return http.send(request.build(), body);
    }

    private static String expect(HttpResponse<String> r, int status) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException(r.request().uri() + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
