package dev.quire.server.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.pg.PgDocumentStore;
import dev.quire.server.storage.pg.PgTestDatabase;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's optimistic retry on a real PostgreSQL database: a rival node commits first, the
 * node's op meets the conflict in the database, and the pipeline catches up, transforms and
 * commits again — at most {@link ConflictRetries#MAX_RETRIES} times, then {@code retry-later}.
 */
class ConflictRetryTest {
    private static final String DOC = "raced";
    private static PgTestDatabase database;
    private RacingStore store;
    private DocumentRegistry registry;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PgTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void open() throws Exception {
        store = new RacingStore(
                new PgDocumentStore(database.location(), 3), new PgDocumentStore(database.location(), 2));
        database.truncate();
        registry = new DocumentRegistry(store, DocumentFixture.SETTINGS, 2);
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

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
}
