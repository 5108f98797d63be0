package dev.quire.server.document;

import static dev.quire.server.document.DocumentFixture.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.server.protocol.ServerMessage;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OriginsTest {
    private static final Origins.Entry ADA_1 = new Origins.Entry(1, new Origin.Session("c1", "ada", 1, "Ada"), 0, 11);
    private static final Origins.Entry BOT = new Origins.Entry(2, new Origin.Script("bot"), 1, 22);
    private static final Origins.Entry BOB_1 = new Origins.Entry(3, new Origin.Session("c2", "bob", 1, "Bob"), 1, 33);
    private static final Origins.Entry ADA_2 = new Origins.Entry(4, new Origin.Session("c1", "ada", 2, "Ada"), 3, 44);

    private final Origins origins = new Origins();

    private void addAll() {
        List.of(ADA_1, BOT, BOB_1, ADA_2).forEach(origins::add);
    }

    @Test
    void afterListsTheEntriesOfLaterVersionsOldestFirst() {
        addAll();

        assertEquals(List.of(ADA_1, BOT, BOB_1, ADA_2), origins.after(0));
        assertEquals(List.of(BOB_1, ADA_2), origins.after(2));
        assertEquals(List.of(), origins.after(4));
    }

    @Test
    void bySeqAndNewestSeqAnswerPerSession() {
        addAll();

        assertEquals(Optional.of(ADA_1), origins.bySeq("ada", 1));
        assertEquals(Optional.of(ADA_2), origins.bySeq("ada", 2));
        assertEquals(Optional.of(BOB_1), origins.bySeq("bob", 1));
        assertEquals(Optional.empty(), origins.bySeq("ada", 3));
        assertEquals(Optional.empty(), origins.bySeq("carol", 1));
        assertEquals(OptionalLong.of(2), origins.newestSeq("ada"));
        assertEquals(OptionalLong.of(1), origins.newestSeq("bob"));
        assertEquals(OptionalLong.empty(), origins.newestSeq("carol"));
    }

    @Test
    void forgettingAnOlderEntryKeepsTheSessionsNewestSeq() {
        addAll();

        origins.forgetThrough(1);

        assertEquals(Optional.empty(), origins.bySeq("ada", 1));
        assertEquals(OptionalLong.of(2), origins.newestSeq("ada"));
        assertEquals(List.of(BOT, BOB_1, ADA_2), origins.after(0));
    }

    @Test
    void forgettingTheSessionsNewestEntryEmptiesItsNewestSeq() {
        addAll();

        origins.forgetThrough(3);

        assertEquals(OptionalLong.empty(), origins.newestSeq("bob"));
        assertEquals(Optional.empty(), origins.bySeq("bob", 1));
        assertEquals(OptionalLong.of(2), origins.newestSeq("ada"));
        assertEquals(List.of(ADA_2), origins.after(0));

        origins.forgetThrough(4);

        assertEquals(OptionalLong.empty(), origins.newestSeq("ada"));
        assertEquals(List.of(), origins.after(0));
    }

    @Test
    void catchUpNamesAuthorsAndTheJoiningSessionsSeqs() {
        addAll();

        assertEquals(
                List.of(
                        new ServerMessage.CatchUpOp(3, insert(0, "b", 0), "c2", Optional.empty()),
                        new ServerMessage.CatchUpOp(4, insert(0, "a", 1), "c1", Optional.of(2L))),
                origins.catchUp(List.of(insert(0, "b", 0), insert(0, "a", 1)), 2, "ada"));
        assertEquals(
                List.of(new ServerMessage.CatchUpOp(2, insert(0, "x", 0), "", Optional.empty())),
                origins.catchUp(List.of(insert(0, "x", 0)), 1, "bob"));
    }

    @Test
    void clearForgetsEverything() {
        addAll();

        origins.clear();

        assertEquals(List.of(), origins.after(0));
        assertEquals(Optional.empty(), origins.bySeq("ada", 1));
        assertEquals(OptionalLong.empty(), origins.newestSeq("ada"));
    }
}
