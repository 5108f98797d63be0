package dev.quire.server.storage.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.server.storage.CommentRecord;
import dev.quire.server.storage.CommentStore;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.DocumentStoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the storage contract against the machine's real PostgreSQL, in a database of its own, and
 * what only a store several nodes share does: reserve the ids of new comments and suggestions
 * (decision 050).
 */
class PgDocumentStoreTest extends DocumentStoreContract {
    private static PgTestDatabase database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PgTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    @Override
    protected DocumentStore openStore() throws Exception {
        DocumentStore opened = new PgDocumentStore(database.location(), 4);
        database.truncate();
        return opened;
    }

    @Override
    protected DocumentStore reopenStore() {
        store.close();
        return new PgDocumentStore(database.location(), 4);
    }

    private static CommentRecord reply(String doc, long id) {
        return new CommentRecord(
                doc,
                id,
                99,
                "owner-abc",
                "Ada",
                "r" + id,
                Instant.parse("2026-12-06T00:10:00Z"),
                Optional.empty(),
                false,
                false,
                Optional.empty());
    }

    @Test
    void newIdsAreReservedPastStoredRowsAndEveryNodesAndStartAgainAfterADelete() throws Exception {
        CommentStore comments = store.comments().orElseThrow();
        for (long id = 1; id <= 3; id++) {
            await(comments.save(reply("notes", id))); // as an import or a node of an older version stores them
        }
        try (PgDocumentStore second = new PgDocumentStore(database.location(), 2)) {
            CommentStore onSecond = second.comments().orElseThrow();
            assertEquals(4, comments.nextId("notes", 1));
            assertEquals(5, onSecond.nextId("notes", 1));
            assertEquals(6, comments.nextId("notes", 4));
            assertEquals(10, onSecond.nextId("notes", 10), "a node that knows of more goes past it");
            assertEquals(11, comments.nextId("notes", 1));
            assertEquals(1, onSecond.nextId("other", 1));
            assertEquals(1, store.suggestions().orElseThrow().nextId("notes", 1), "suggestions count apart");
            await(comments.deleteAll("notes"));
            assertEquals(1, onSecond.nextId("notes", 1));
        }
    }

    @Test
    void twoStoresReservingAtOnceNeverHandOutOneIdTwice() throws Exception {
        try (PgDocumentStore second = new PgDocumentStore(database.location(), 4)) {
            List<CommentStore> nodes =
                    List.of(store.comments().orElseThrow(), second.comments().orElseThrow());
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<Long>>> taken = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    CommentStore node = nodes.get(t % 2);
                    taken.add(threads.submit(() -> {
                        List<Long> ids = new ArrayList<>();
                        for (int i = 0; i < 25; i++) {
                            ids.add(node.nextId("busy", 1));
                        }
                        return ids;
                    }));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> f : taken) {
                    all.addAll(f.get());
                }
                all.sort(null);
                assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(), all);
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
