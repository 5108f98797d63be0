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
import java.util.concurrent.CompletableFuture;
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
        try (TestServer server = TestServer.start(dataDir, "--op-rate", "2", "--op-burst", "2");
                QuireClient a = QuireClient.builder().uri(server.ws()).build()) {
            DocumentHandle da = a.join("limited", new DocumentListener() {}).get(10, TimeUnit.SECONDS);
            List<String> lines = new ArrayList<>();
            List<CompletableFuture<Integer>> edits = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                lines.add("line" + i);
                edits.add(Appends.line(da, "line" + i));
                Thread.sleep(150); // each pause lets the next op go out: over 2 ops/s
            }
            for (CompletableFuture<Integer> f : edits) {
                f.get(30, TimeUnit.SECONDS);
            }
            TestServer.Rest.Doc rest = TestServer.document(server.port(), "limited");
            assertEquals(rest.content(), da.text());
            assertEquals(String.join("\n", lines) + "\n", rest.content());
            assertTrue(rest.version() >= 3, "several ops, so the limit was reached: " + rest.version());
            Appends.logIsExactlyOnce(server.port(), "limited", rest.content());
        }
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
