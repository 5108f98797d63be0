package dev.quire.server.document;

import static dev.quire.server.document.DocumentFixture.DOC;
import static dev.quire.server.document.DocumentFixture.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.quire.ot.Selection.Range;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one flush sends: a batch encoded once for the editors that read batches, single messages
 * for the others, presence coalesced. The mailbox here is a list of tasks the test runs itself,
 * so what lands in one flush is exact.
 */
class FanoutTest {
    private static final User ADA = new User("Ada", "#e6194b");
    private static final User CAROL = new User("Carol", "#3cb44b");

    /** Moves a selection by one character per version: visible in the results. */
    private static final Roster.SelectionMover SHIFT = (ranges, from, to) -> ranges.stream()
            .map(r -> new Range(r.anchor() + to - from, r.head() + to - from))
            .toList();

    private final List<Runnable> mailbox = new ArrayList<>();
    /** Delays the flushes of a busy document; a test flushes one at a time, far apart. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private final Map<String, Editor> editors = new LinkedHashMap<>();
    private final Fanout fanout = new Fanout(DOC, mailbox::add, timer, () -> flush(), DocumentMeters.NONE);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private void flush() {
        fanout.flush(editors.values(), SHIFT);
    }

    private RecordingSink editor(String clientId, String session, Editor.Delivery delivery, int startVersion) {
        RecordingSink sink = new RecordingSink();
        Editor e = new Editor(clientId, session, new User(clientId, "#000000"), sink, "", "write", delivery);
        e.joinedSent = true;
        e.startVersion = startVersion;
        editors.put(clientId, e);
        return sink;
    }

    private void runMailbox() {
        List<Runnable> tasks = List.copyOf(mailbox);
        mailbox.clear();
        tasks.forEach(Runnable::run);
    }

    private static Fanout.Published op(int version, String clientId, String session, long seq, String checksum) {
        return new Fanout.Published(
                version,
                insert(version - 1, "x", 0),
                new Origin.Session(clientId, session, seq, clientId),
                Optional.ofNullable(checksum),
                System.nanoTime());
    }

    @Test
    void everythingPublishedBeforeTheFlushGoesInOneBatchSharedByEveryBatchReader() {
        RecordingSink ada = editor("c1", "session-ada", Editor.Delivery.BATCHES, 0);
        RecordingSink bob = editor("c2", "session-bob", Editor.Delivery.BATCHES, 0);
        fanout.op(op(1, "c1", "session-ada", 1, null));
        fanout.op(op(2, "c2", "session-bob", 7, "4f9a01c2"));
        fanout.op(new Fanout.Published(
                3, insert(2, "r", 0), new Origin.Script("cron"), Optional.empty(), System.nanoTime()));

        assertEquals(1, mailbox.size(), "the first op queues the one flush");
        runMailbox();

        ServerMessage.Ops expected = new ServerMessage.Ops(
                DOC,
                List.of(
                        new ServerMessage.CatchUpOp(1, insert(0, "x", 0), "c1", Optional.of(1L), Optional.empty()),
                        new ServerMessage.CatchUpOp(
                                2, insert(1, "x", 0), "c2", Optional.of(7L), Optional.of("4f9a01c2")),
                        new ServerMessage.CatchUpOp(3, insert(2, "r", 0), "", Optional.empty(), Optional.empty())),
                List.of());
        assertEquals(List.of(expected), ada.messages());
        // One instance for all: the transport encodes it once (EncodeCache).
        assertSame(ada.messages().get(0), bob.messages().get(0));
    }

    @Test
    void anEditorWithoutBatchesGetsTheSingleMessagesOfTheSameFlushAcksForItsOwn() {
        RecordingSink ada = editor("c1", "session-ada", Editor.Delivery.MESSAGES, 0);
        RecordingSink bob = editor("c2", "session-bob", Editor.Delivery.BATCHES, 0);
        fanout.op(op(1, "c1", "session-ada", 1, null));
        fanout.op(op(2, "c2", "session-bob", 1, "4f9a01c2"));
        runMailbox();

        assertEquals(
                List.of(
                        new ServerMessage.Ack(DOC, 1, 1),
                        new ServerMessage.Op(DOC, 2, insert(1, "x", 0), "c2", Optional.of("4f9a01c2"))),
                ada.messages());
        assertEquals(1, bob.messages().size());
    }

    @Test
    void presenceIsCoalescedToTheNewestPerEditorAndMovedToTheLastOpOfTheBatch() {
        RecordingSink ada = editor("c1", "session-ada", Editor.Delivery.BATCHES, 0);
        RecordingSink carol = editor("c3", "session-carol", Editor.Delivery.MESSAGES, 0);
        fanout.presence(new ServerMessage.Presence(DOC, "c3", CAROL, 0, List.of(new Range(0, 0))));
        fanout.presence(new ServerMessage.Presence(DOC, "c1", ADA, 0, List.of(new Range(0, 0))));
        fanout.op(op(1, "c1", "session-ada", 1, null));
        fanout.presence(new ServerMessage.Presence(DOC, "c3", CAROL, 1, List.of(new Range(1, 1))));
        fanout.op(op(2, "c1", "session-ada", 2, null));
        assertEquals(1, mailbox.size());
        runMailbox();

        List<ServerMessage.Presence> presence = List.of(
                new ServerMessage.Presence(DOC, "c1", ADA, 2, List.of(new Range(2, 2))),
                new ServerMessage.Presence(DOC, "c3", CAROL, 2, List.of(new Range(2, 2))));
        ServerMessage.Ops batch = (ServerMessage.Ops) ada.messages().get(0);
        assertEquals(presence, batch.presence(), "only carol's newest, after ada's, both at version 2");
        assertEquals(
                List.of(
                        new ServerMessage.Op(DOC, 1, insert(0, "x", 0), "c1"),
                        new ServerMessage.Op(DOC, 2, insert(1, "x", 0), "c1"),
                        presence.get(0)),
                carol.messages(),
                "the ops first, then the others' presence, never one's own");
    }

    @Test
    void anEditorOfTheAuthorsSessionOnAnotherConnectionGetsSingleMessagesWithTheAck() {
        RecordingSink old = editor("c1", "session-ada", Editor.Delivery.BATCHES, 0);
        RecordingSink again = editor("c4", "session-ada", Editor.Delivery.BATCHES, 0);
        fanout.op(op(1, "c1", "session-ada", 1, null));
        runMailbox();

        assertEquals(
                List.of(new ServerMessage.Ops(
                        DOC,
                        List.of(new ServerMessage.CatchUpOp(
                                1, insert(0, "x", 0), "c1", Optional.of(1L), Optional.empty())),
                        List.of())),
                old.messages());
        assertEquals(List.of(new ServerMessage.Ack(DOC, 1, 1)), again.messages(), "never its own op as another's");
    }

    @Test
    void anEditorJoinedInsideTheBatchGetsOnlyTheOpsAfterItsJoinedVersion() {
        editor("c1", "session-ada", Editor.Delivery.BATCHES, 0);
        RecordingSink late = editor("c5", "session-eve", Editor.Delivery.BATCHES, 1);
        fanout.op(op(1, "c1", "session-ada", 1, null));
        fanout.op(op(2, "c1", "session-ada", 2, null));
        runMailbox();

        assertEquals(List.of(new ServerMessage.Op(DOC, 2, insert(1, "x", 0), "c1")), late.messages());
    }

    @Test
    void aPresenceOfAnEditorThatLeftBeforeTheFlushIsNotSent() {
        RecordingSink ada = editor("c1", "session-ada", Editor.Delivery.BATCHES, 0);
        fanout.presence(new ServerMessage.Presence(DOC, "c3", CAROL, 0, List.of(new Range(0, 0))));
        fanout.forget("c3");
        runMailbox();

        assertEquals(List.of(), ada.messages());
    }
}
