package dev.quire.server.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.ConflictException;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.StoredDocument;
import dev.quire.server.storage.pg.PgDocumentStore;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's optimistic retry on a real PostgreSQL database: a rival node commits first, the
 * node's op meets the conflict in the database, and the pipeline catches up, transforms and
 * commits again — at most {@link ConflictRetries#MAX_RETRIES} times, then {@code retry-later}.
 */
class ConflictRetryTest extends RacingPostgres {
    private static final String DOC = "raced";

    private RecordingSink joinEmpty(String[] clientIdOut) {
        RecordingSink sink = new RecordingSink();
        clientIdOut[0] =
                registry.join(new ClientMessage.Join(DOC, "session-edit", OptionalInt.of(0), Optional.of("Ada")), sink);
        ServerMessage.Joined joined = (ServerMessage.Joined) sink.awaitMessage(0);
        assertEquals(0, joined.version());
        return sink;
    }

    private static List<ServerMessage> rivalOps(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(v -> (ServerMessage) new ServerMessage.Op(
                        DOC, v, TextOperation.parse(v == 1 ? "[\"r\"]" : "[\"r\"," + (v - 1) + "]"), "rival-" + v))
                .toList();
    }

    @Test
    void anOpThatLosesThreeRacesIsCommittedOnceTransformedPastEveryWinner() {
        String[] clientId = new String[1];
        RecordingSink sink = joinEmpty(clientId);
        store.race(3);
        registry.op(new ClientMessage.Op(DOC, 0, 1, TextOperation.parse("[\"x\"]")), clientId[0], sink);
        List<ServerMessage> got = sink.awaitCount(5);
        assertEquals(rivalOps(1, 3), got.subList(1, 4));
        assertEquals(new ServerMessage.Ack(DOC, 1, 4), got.get(4));
        List<OpRecord> log = store.ops(DOC, 1, 100);
        assertEquals(
                List.of("rival-1", "rival-2", "rival-3", clientId[0]),
                log.stream().map(OpRecord::clientId).toList());
        assertEquals("[\"x\",3]", log.get(3).opJson());
        assertEquals(1L, store.lastSeq(DOC, "session-edit"));
    }

    @Test
    void pastTheBoundTheEditorIsToldToRetryLaterAndItsResendCommits() {
        String[] clientId = new String[1];
        RecordingSink sink = joinEmpty(clientId);
        int races = ConflictRetries.MAX_RETRIES + 1;
        store.race(races);
        TextOperation x = TextOperation.parse("[\"x\"]");
        registry.op(new ClientMessage.Op(DOC, 0, 1, x), clientId[0], sink);
        List<ServerMessage> got = sink.awaitCount(races + 2);
        assertEquals(rivalOps(1, races), got.subList(1, races + 1));
        assertEquals(
                new ServerMessage.Error(
                        ErrorCode.RETRY_LATER,
                        "another node committed to raced first; send the op again",
                        Optional.of(DOC),
                        Optional.of(1L),
                        OptionalLong.of(ConflictRetries.RETRY_AFTER_MS)),
                got.get(races + 1));
        assertEquals(0L, store.lastSeq(DOC, "session-edit"));
        // The editor sends the same op again (same seq), now transformed to the version it has.
        registry.op(
                new ClientMessage.Op(DOC, races, 1, TextOperation.parse("[\"x\"," + races + "]")), clientId[0], sink);
        assertEquals(new ServerMessage.Ack(DOC, 1, races + 1), sink.awaitMessage(races + 2));
        assertEquals(races + 1, store.ops(DOC, 1, 100).size());
        assertEquals(1L, store.lastSeq(DOC, "session-edit"));
    }

    /**
     * Decision 049: six ops of one editor in flight at once on PostgreSQL; the rival takes version
     * 3 just before the node's append of it, and the node's appends of versions 4 to 6 (made on top
     * of its version 3) reach the database after it refused version 3 but before the document heard
     * of it — were they not fenced by their generation, version 4 would follow the rival's version
     * 3 and commit a fork. They are refused; the document goes back to version 2, takes the rival's
     * op, and places its four lost ops again after it: every op once, versions contiguous, one order
     * for the author, another editor, the op log and another node's read.
     */
    @Test
    void appendsInFlightBehindAConflictAreFencedAndPlacedAgainInOrder() throws Exception {
        String[] clientId = new String[1];
        RecordingSink sink = joinEmpty(clientId);
        RecordingSink watcher = new RecordingSink(false);
        registry.join(new ClientMessage.Join(DOC, "session-look", OptionalInt.of(0), Optional.of("Bo")), watcher);
        watcher.awaitMessage(0);
        store.raceInTheMiddle(3, 6);
        String letters = "abcdef";
        for (int i = 0; i < letters.length(); i++) {
            String insert = "\"" + letters.charAt(i) + "\"";
            // Pipelined from version 0: each op follows the editor's previous one (decision 039).
            TextOperation op = TextOperation.parse(i == 0 ? "[" + insert + "]" : "[" + i + "," + insert + "]");
            registry.op(new ClientMessage.Op(DOC, 0, i + 1, op), clientId[0], sink);
        }
        RecordingSink.waiting()
                .until(() -> sink.messages().stream()
                                .filter(m -> !(m instanceof ServerMessage.Presence))
                                .count()
                        >= 8);
        List<ServerMessage> got = sink.messages().stream()
                .filter(m -> !(m instanceof ServerMessage.Presence))
                .toList();
        assertEquals(8, got.size());
        assertEquals(
                List.of(
                        new ServerMessage.Ack(DOC, 1, 1),
                        new ServerMessage.Ack(DOC, 2, 2),
                        new ServerMessage.Op(DOC, 3, TextOperation.parse("[\"r\",2]"), "rival-1"),
                        new ServerMessage.Ack(DOC, 3, 4),
                        new ServerMessage.Ack(DOC, 4, 5),
                        new ServerMessage.Ack(DOC, 5, 6),
                        new ServerMessage.Ack(DOC, 6, 7)),
                got.subList(1, 8));

        List<CompletableFuture<Void>> reached = store.reached();
        assertEquals(6, reached.size());
        reached.get(1).get(10, TimeUnit.SECONDS);
        ExecutionException conflict =
                assertThrows(ExecutionException.class, () -> reached.get(2).get());
        assertInstanceOf(ConflictException.class, conflict.getCause());
        for (int v = 4; v <= 6; v++) {
            int version = v;
            ExecutionException fenced = assertThrows(
                    ExecutionException.class, () -> reached.get(version - 1).get());
            assertEquals(
                    "append of raced version " + v + " was made on top of an append that failed",
                    fenced.getCause().getMessage());
        }

        List<String> ops =
                List.of("[\"a\"]", "[1,\"b\"]", "[\"r\",2]", "[3,\"c\"]", "[4,\"d\"]", "[5,\"e\"]", "[6,\"f\"]");
        List<OpRecord> log = store.ops(DOC, 1, 100);
        assertEquals(
                List.of(1, 2, 3, 4, 5, 6, 7),
                log.stream().map(OpRecord::version).toList());
        assertEquals(ops, log.stream().map(OpRecord::opJson).toList());
        assertEquals(
                List.of(
                        "session-edit/1",
                        "session-edit/2",
                        "session-rival/1",
                        "session-edit/3",
                        "session-edit/4",
                        "session-edit/5",
                        "session-edit/6"),
                log.stream().map(r -> r.session() + "/" + r.seq()).toList());
        List<ServerMessage> seen = watcher.awaitCount(8).subList(1, 8);
        assertEquals(
                IntStream.rangeClosed(1, 7).boxed().toList(),
                seen.stream().map(m -> ((ServerMessage.Op) m).version()).toList());
        assertEquals(
                ops,
                seen.stream().map(m -> ((ServerMessage.Op) m).op().toString()).toList());
        try (PgDocumentStore other = new PgDocumentStore(database.location(), 2)) {
            StoredDocument read = other.load(DOC).orElseThrow();
            String text = read.snapshot().content();
            for (OpRecord r : read.ops()) {
                text = TextOperation.parse(r.opJson()).apply(text);
            }
            assertEquals("rabcdef", text);
        }
        assertEquals(6L, store.lastSeq(DOC, "session-edit"));
    }
}
