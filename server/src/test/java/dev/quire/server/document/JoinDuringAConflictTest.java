package dev.quire.server.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.OpRecord;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A join that waits for an op in flight whose append then loses a race with another node, on a
 * real PostgreSQL database: the version the join was promised is given up by the conflict, and
 * the joiner must still get every version once, in order — the winners, then the lost op placed
 * again after them. Found by {@code OwnershipIT} (an editor of a killed owner rejoined the other
 * node while that node's taken-back ops conflicted with the dead owner's last commits, and was
 * sent version 184 after a catch-up that ended at 182).
 */
class JoinDuringAConflictTest extends RacingPostgres {
    private static final String DOC = "joined-in-a-race";

    private String joinEmpty(RecordingSink author) {
        String authorId = registry.join(
                new ClientMessage.Join(DOC, "session-edit", OptionalInt.of(0), Optional.of("Ada")), author);
        assertEquals(0, ((ServerMessage.Joined) author.awaitMessage(0)).version());
        return authorId;
    }

    /** A late editor joins from version 0 and, once the join has run in the document's mailbox, has been sent nothing. */
    private RecordingSink joinLate() throws Exception {
        RecordingSink late = new RecordingSink(false);
        registry.join(new ClientMessage.Join(DOC, "session-late", OptionalInt.of(0), Optional.of("Bo")), late);
        registry.comments(DOC).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), late.messages());
        return late;
    }

    /**
     * The author's op "x" is applied as version 1 and held from the database; the rival commits
     * versions 1 and 2; a late editor joins from version 0 (its answer waits for version 1); the
     * append is let go and conflicts. The late editor is answered at version 2 with the rival's two
     * ops, then sent "x" as version 3 — before the fix it was answered at version 1 with "x" (an op
     * the conflict abandoned) and then sent version 3: version 2 never reached it.
     */
    @Test
    void aJoinWaitingForAnOpThatLosesARaceGetsTheWinnersAndThenTheOpPlacedAgain() throws Exception {
        RecordingSink author = new RecordingSink(false);
        String authorId = joinEmpty(author);
        CompletableFuture<Void> append = store.holdAppends();
        registry.op(new ClientMessage.Op(DOC, 0, 1, TextOperation.parse("[\"x\"]")), authorId, author);
        store.rivalCommits(DOC, 2);
        RecordingSink late = joinLate(); // its answer waits for version 1

        append.complete(null);
        List<ServerMessage> got = late.awaitCount(2);
        ServerMessage.Joined joined = (ServerMessage.Joined) got.get(0);
        assertEquals(2, joined.version(), () -> "the late editor got " + late.messages());
        assertEquals(Optional.empty(), joined.content());
        assertEquals(
                List.of(
                        new ServerMessage.CatchUpOp(1, TextOperation.parse("[\"r\"]"), "rival-1", Optional.empty()),
                        new ServerMessage.CatchUpOp(2, TextOperation.parse("[\"r\",1]"), "rival-2", Optional.empty())),
                joined.ops());
        assertEquals(new ServerMessage.Op(DOC, 3, TextOperation.parse("[\"x\",2]"), authorId), got.get(1));

        // The author saw the same order: the winners as ops, its own as the ack of version 3.
        assertEquals(
                List.of(
                        new ServerMessage.Op(DOC, 1, TextOperation.parse("[\"r\"]"), "rival-1"),
                        new ServerMessage.Op(DOC, 2, TextOperation.parse("[\"r\",1]"), "rival-2"),
                        new ServerMessage.Ack(DOC, 1, 3)),
                author.awaitCount(4).subList(1, 4));
        assertEquals(
                List.of("[\"r\"]", "[\"r\",1]", "[\"x\",2]"),
                store.ops(DOC, 1, 100).stream().map(OpRecord::opJson).toList());
    }

    /**
     * Two pipelined ops of the author in flight (versions 1 and 2), the rival commits version 1
     * only, a late editor's join waits for version 2. After the conflict the late editor is
     * answered at version 1 with the rival's op, then sent the author's two ops placed again —
     * before the fix it was answered at version 2 with the two abandoned ops (the text "xy"
     * instead of "xyr"), and then sent version 3: the same number of versions, a different text.
     */
    @Test
    void aJoinWaitingForOpsThatLoseARaceIsNotSentTheAbandonedOps() throws Exception {
        RecordingSink author = new RecordingSink(false);
        String authorId = joinEmpty(author);
        CompletableFuture<Void> appends = store.holdAppends();
        registry.op(new ClientMessage.Op(DOC, 0, 1, TextOperation.parse("[\"x\"]")), authorId, author);
        registry.op(new ClientMessage.Op(DOC, 0, 2, TextOperation.parse("[1,\"y\"]")), authorId, author);
        store.rivalCommits(DOC, 1);
        RecordingSink late = joinLate(); // its answer waits for version 2

        appends.complete(null);
        // Until the author's second op, version 3, reaches it (before the fix: two messages, not three).
        RecordingSink.waiting().until(() -> late.messages().stream()
                .anyMatch(m -> m instanceof ServerMessage.Op o && o.version() == 3));
        List<ServerMessage> got = late.messages();
        ServerMessage.Joined joined = (ServerMessage.Joined) got.get(0);
        assertEquals(1, joined.version(), () -> "the late editor got " + late.messages());
        assertEquals(
                List.of(new ServerMessage.CatchUpOp(1, TextOperation.parse("[\"r\"]"), "rival-1", Optional.empty())),
                joined.ops());
        assertEquals(
                List.of(
                        new ServerMessage.Op(DOC, 2, TextOperation.parse("[\"x\",1]"), authorId),
                        new ServerMessage.Op(DOC, 3, TextOperation.parse("[1,\"y\",1]"), authorId)),
                got.subList(1, got.size()));
        assertEquals(
                List.of("[\"r\"]", "[\"x\",1]", "[1,\"y\",1]"),
                store.ops(DOC, 1, 100).stream().map(OpRecord::opJson).toList());
    }
}
