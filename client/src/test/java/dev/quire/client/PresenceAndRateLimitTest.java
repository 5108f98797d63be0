package dev.quire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Selection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresenceAndRateLimitTest {
    @TempDir
    Path dataDir;

    @Test
    void aSelectionReachesTheOtherClientWithNameAndLeavingIsSeen() throws Exception {
        List<Peer> seen = new CopyOnWriteArrayList<>();
        List<String> left = new CopyOnWriteArrayList<>();
        try (TestServer server = TestServer.start(dataDir);
                QuireClient b =
                        QuireClient.builder().uri(server.ws()).userName("Bob").build()) {
            QuireClient a =
                    QuireClient.builder().uri(server.ws()).userName("Ada").build();
            DocumentHandle da = a.join("presence", new DocumentListener() {}).get(10, TimeUnit.SECONDS);
            Appends.line(da, "hello 😀 world").get(10, TimeUnit.SECONDS);
            DocumentHandle db = b.join("presence", new DocumentListener() {
                        @Override
                        public void onPresence(DocumentHandle document, Peer peer) {
                            seen.add(peer);
                        }

                        @Override
                        public void onLeft(DocumentHandle document, String clientId) {
                            left.add(clientId);
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            da.select(Selection.of(6, 8));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> seen.stream().anyMatch(p -> p.selection().isPresent()));
            Peer ada = seen.stream()
                    .filter(p -> p.selection().isPresent())
                    .findFirst()
                    .orElseThrow();
            assertEquals("Ada", ada.name());
            assertEquals(Optional.of(Selection.of(6, 8)), ada.selection());
            assertTrue(ada.color().startsWith("#"), ada.color());
            assertEquals(
                    List.of(ada.clientId()),
                    db.peers().get(10, TimeUnit.SECONDS).stream()
                            .map(Peer::clientId)
                            .toList());
            a.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> left.contains(ada.clientId()));
            assertEquals(List.of(), db.peers().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void rateLimitedOpsWaitAsToldAndArriveOnce() throws Exception {
        // One op a second, none saved up: each line goes out as its own op as soon as the one
        // before is acknowledged, so it comes before the next token and is refused, then resent
        // when told (unless a round trip took longer than a second, which no refusal needs).
        try (TestServer server = TestServer.start(dataDir, "--op-rate", "1", "--op-burst", "1");
                QuireClient a = QuireClient.builder().uri(server.ws()).build()) {
            DocumentHandle da = a.join("limited", new DocumentListener() {}).get(30, TimeUnit.SECONDS);
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                lines.add("line" + i);
                assertEquals(i, Appends.line(da, "line" + i).get(60, TimeUnit.SECONDS));
            }
            TestServer.Rest.Doc rest = TestServer.document(server.port(), "limited");
            assertEquals(rest.content(), da.text());
            assertEquals(String.join("\n", lines) + "\n", rest.content());
            assertEquals(8, rest.version());
            double refused = rateLimited(server);
            assertTrue(refused >= 1, "the limit was reached: " + refused + " refusals");
            Appends.logIsExactlyOnce(server.port(), "limited", rest.content());
        }
    }

    /** The server's count of {@code rate-limited} answers, from its metrics. */
    private static double rateLimited(TestServer server) {
        String prefix = "quire_errors_total{code=\"rate-limited\"} ";
        return server.server
                .meters()
                .scrape()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix.trim() + " in the metrics"));
    }

    @Test
    void aDeletedDocumentStopsWithDocumentDeleted() throws Exception {
        List<QuireException> errors = new CopyOnWriteArrayList<>();
        try (TestServer server = TestServer.start(dataDir);
                QuireClient a = QuireClient.builder().uri(server.ws()).build()) {
            DocumentHandle da = a.join("doomed", new DocumentListener() {
                        @Override
                        public void onError(DocumentHandle document, QuireException error) {
                            errors.add(error);
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            Appends.line(da, "soon gone").get(10, TimeUnit.SECONDS);
            assertEquals(204, TestServer.Rest.delete(server.port(), "/api/docs/doomed"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
            assertEquals("document-deleted", errors.get(0).code());
            assertEquals("soon gone\n", errors.get(0).unsent());
            java.util.concurrent.ExecutionException after = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> Appends.line(da, "too late").get(10, TimeUnit.SECONDS));
            assertEquals("closed: document doomed is closed", after.getCause().getMessage());
        }
    }
}
