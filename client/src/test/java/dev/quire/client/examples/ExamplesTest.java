package dev.quire.client.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.client.Change;
import dev.quire.client.DocumentHandle;
import dev.quire.client.DocumentListener;
import dev.quire.client.QuireClient;
import dev.quire.server.QuireServer;
import dev.quire.server.config.ConfigParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two worked examples of docs/client.md, run against the real server. */
class ExamplesTest {
    @TempDir
    Path dataDir;

    private QuireServer server() {
        return new QuireServer(ConfigParser.parse(
                List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()), Map.of()));
    }

    private static QuireClient client(QuireServer server, String name) {
        return QuireClient.builder()
                .uri("ws://127.0.0.1:" + server.port() + "/ws")
                .userName(name)
                .build();
    }

    @Test
    void theTimeBotAnswersTimeOnALineOfItsOwnOnce() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-05T21:34:05Z"), ZoneOffset.UTC);
        try (QuireServer server = server();
                QuireClient bot = client(server, "time-bot");
                QuireClient user = client(server, "Ada")) {
            bot.join("chat", new TimeBot(clock)).get(10, TimeUnit.SECONDS);
            DocumentHandle doc = user.join("chat", new DocumentListener() {}).get(10, TimeUnit.SECONDS);
            // Typed one character at a time: "/time" is a command only once its line ends.
            for (char c : "hello\n/timer\n/time".toCharArray()) {
                type(doc, String.valueOf(c));
            }
            Thread.sleep(300);
            assertEquals("hello\n/timer\n/time", doc.text(), "not answered before the line ends");
            type(doc, "\n");
            type(doc, "/time\n");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> doc.text().equals("hello\n/timer\n/time → 21:34:05 UTC\n/time → 21:34:05 UTC\n"));
            doc.synced().get(10, TimeUnit.SECONDS);
            Thread.sleep(300);
            assertEquals("hello\n/timer\n/time → 21:34:05 UTC\n/time → 21:34:05 UTC\n", doc.text(), "answered once");
        }
    }

    private static void type(DocumentHandle doc, String s) throws Exception {
        doc.edit(text -> dev.quire.ot.TextOperation.insert(text.length(), s, text.length()))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void theImporterStreamsAFileThatAnotherEditorSeesArrive() throws Exception {
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= 3000; i++) {
            content.append("line ")
                    .append(i)
                    .append(i % 100 == 0 ? " 🚀 🇫🇷" : "")
                    .append('\n');
        }
        Path file = dataDir.resolveSibling(dataDir.getFileName() + "-import.txt");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        AtomicReference<String> seen = new AtomicReference<>("");
        try (QuireServer server = server();
                QuireClient importer = client(server, "importer");
                QuireClient watcher = client(server, "watcher")) {
            watcher.join("imported", new DocumentListener() {
                        @Override
                        public void onChange(DocumentHandle document, Change change) {
                            seen.set(change.text());
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            DocumentHandle doc =
                    importer.join("imported", new DocumentListener() {}).get(10, TimeUnit.SECONDS);
            int version = FileImporter.importFile(doc, file);
            assertTrue(version > 1, "several batches: " + version);
            assertEquals(content.toString(), doc.text());
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.get().equals(content.toString()));
        }
    }

    @Test
    void docsClientMdShowsTheExamplesAsTheyAre() throws Exception {
        String doc = Files.readString(Path.of("../docs/client.md"), StandardCharsets.UTF_8);
        for (String example : List.of("TimeBot.java", "FileImporter.java")) {
            String code = Files.readString(
                    Path.of("src/test/java/dev/quire/client/examples", example), StandardCharsets.UTF_8);
            assertTrue(doc.contains("```java\n" + code + "```\n"), "docs/client.md must show " + example + " verbatim");
        }
    }
}
