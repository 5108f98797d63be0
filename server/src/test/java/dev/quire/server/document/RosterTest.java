package dev.quire.server.document;

import static dev.quire.server.document.DocumentFixture.DOC;
import static dev.quire.server.document.DocumentFixture.insert;
import static dev.quire.server.document.OpPipelineTest.ack;
import static dev.quire.server.document.OpPipelineTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.Selection.Range;
import dev.quire.server.document.DocumentFixture.Client;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joins, presence and leaves of the editors of one document, through the registry. */
class RosterTest {
    @TempDir
    Path dataDir;

    private DocumentFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private DocumentFixture open(DocumentSettings settings) {
        f = new DocumentFixture(dataDir, settings);
        return f;
    }

    private DocumentFixture open() {
        return open(DocumentFixture.SETTINGS);
    }

    private static ServerMessage.Error error(ErrorCode code, String message) {
        return new ServerMessage.Error(code, message, Optional.of(DOC), Optional.empty());
    }

    @Test
    void aJoinOfAnEmptyDocumentGetsEmptyContentAtVersionZero() {
        open();

        Client ada = f.joined("session-ada", "Ada");

        assertEquals("c1", ada.clientId);
        assertEquals(
                List.of(new ServerMessage.Joined(
                        DOC, 0, Optional.of(""), List.of(), "c1", List.of(), "admin", Optional.of(ada.user()))),
                ada.sink.messages());
    }

    @Test
    void aSecondEditorSeesTheFirstAsAPeerWithItsSelectionAtTheJoinedVersion() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        ada.op(0, 1, insert(0, "hello", 0));
        ada.sink.awaitCount(2);
        ada.presence(1, new Range(1, 3));
        ada.op(1, 2, insert(0, "XY", 5));
        ada.sink.awaitCount(3);

        Client bob = f.joined("session-bob", "Bob");

        assertEquals(
                new ServerMessage.Joined(
                        DOC,
                        2,
                        Optional.of("XYhello"),
                        List.of(),
                        bob.clientId,
                        List.of(new ServerMessage.Peer(ada.clientId, ada.user(), List.of(new Range(3, 5)))),
                        "admin",
                        Optional.of(bob.user())),
                bob.awaitJoined());
    }

    @Test
    void aRejoinInsideTheHistoryGetsTheCatchUpOpsWithAuthorsAndItsOwnSeqs() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");
        ada.op(0, 1, insert(0, "a", 0));
        ada.op(1, 2, insert(1, "b", 0));
        ada.sink.awaitCount(3);
        bob.op(2, 1, insert(2, "c", 0));
        bob.sink.awaitCount(4);
        ada.leave();
        assertEquals(new ServerMessage.Left(DOC, ada.clientId), bob.sink.awaitMessage(4));

        Client again = f.join("session-ada", "Ada", OptionalInt.of(1));

        assertEquals(
                new ServerMessage.Joined(
                        DOC,
                        3,
                        Optional.empty(),
                        List.of(
                                new ServerMessage.CatchUpOp(2, insert(1, "b", 0), ada.clientId, Optional.of(2L)),
                                new ServerMessage.CatchUpOp(3, insert(2, "c", 0), bob.clientId, Optional.empty())),
                        again.clientId,
                        List.of(new ServerMessage.Peer(bob.clientId, bob.user(), List.of())),
                        "admin",
                        Optional.of(again.user())),
                again.awaitJoined());
    }

    @Test
    void aRejoinOlderThanTheHistoryIsCaughtUpFromTheOpLog() {
        open(new DocumentSettings(1_000, Duration.ofHours(1), 2));
        Client ada = f.joined("session-ada", "Ada");
        for (int i = 1; i <= 5; i++) {
            ada.op(i - 1, i, insert(i - 1, "abcde".substring(i - 1, i), 0));
        }
        ada.sink.awaitCount(6);
        ada.leave();

        Client tooOld = f.join("session-ada", "Ada", OptionalInt.of(2));
        Client recent = f.join("session-ada", "Ada", OptionalInt.of(3));

        assertEquals(
                new ServerMessage.Joined(
                        DOC,
                        5,
                        Optional.empty(),
                        List.of(
                                new ServerMessage.CatchUpOp(3, insert(2, "c", 0), ada.clientId, Optional.of(3L)),
                                new ServerMessage.CatchUpOp(4, insert(3, "d", 0), ada.clientId, Optional.of(4L)),
                                new ServerMessage.CatchUpOp(5, insert(4, "e", 0), ada.clientId, Optional.of(5L))),
                        tooOld.clientId,
                        List.of(),
                        "admin",
                        Optional.of(tooOld.user())),
                tooOld.awaitJoined());
        assertEquals(
                new ServerMessage.Joined(
                        DOC,
                        5,
                        Optional.empty(),
                        List.of(
                                new ServerMessage.CatchUpOp(4, insert(3, "d", 0), ada.clientId, Optional.of(4L)),
                                new ServerMessage.CatchUpOp(5, insert(4, "e", 0), ada.clientId, Optional.of(5L))),
                        recent.clientId,
                        List.of(new ServerMessage.Peer(tooOld.clientId, tooOld.user(), List.of())),
                        "admin",
                        Optional.of(recent.user())),
                recent.awaitJoined());
    }

    @Test
    void presenceAtAnOlderVersionIsMovedThroughTheOpsSince() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");
        ada.op(0, 1, insert(0, "hello", 0));
        bob.sink.awaitCount(2);
        ada.op(1, 2, insert(0, "XY", 5));
        ada.sink.awaitCount(4); // joined, Bob's arrival, two acks

        // Bob has not seen version 2 yet: his caret after "hel" and his selection of "hello".
        bob.presence(1, new Range(3, 3), new Range(0, 5));

        assertEquals(
                new ServerMessage.Presence(DOC, bob.clientId, bob.user(), 2, List.of(new Range(5, 5), new Range(2, 7))),
                ada.sink.awaitMessage(4));
    }

    @Test
    void presenceOutsideTheVersionsOrTheTextIsRefused() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");
        ada.op(0, 1, insert(0, "hello", 0));
        ada.sink.awaitCount(3); // joined, Bob's arrival, the ack

        ada.presence(2, new Range(0, 0));
        ada.presence(1, new Range(0, 9));
        ada.presence(1, new Range(5, 5));

        assertEquals(
                List.of(
                        error(ErrorCode.VERSION_OUT_OF_RANGE, "presence: version 2 is outside 0..1"),
                        error(ErrorCode.INVALID_OP, "presence: range 0..9 is beyond document length 5 at version 1")),
                ada.sink.awaitCount(5).subList(3, 5));
        assertEquals(
                List.of(
                        op(1, insert(0, "hello", 0), ada.clientId),
                        new ServerMessage.Presence(DOC, ada.clientId, ada.user(), 1, List.of(new Range(5, 5)))),
                bob.sink.awaitCount(3).subList(1, 3));
        assertEquals(3, bob.sink.messages().size());
    }

    @Test
    void aLeaveIsSentToTheOthersAndTheLeaverIsNoLongerJoined() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");

        ada.leave();
        ada.op(0, 1, insert(0, "x", 0));
        ada.presence(0);

        assertEquals(new ServerMessage.Left(DOC, ada.clientId), bob.sink.awaitMessage(1));
        assertEquals(
                List.of(
                        new ServerMessage.Error(
                                ErrorCode.NOT_JOINED, "not joined to document doc", Optional.of(DOC), Optional.of(1L)),
                        error(ErrorCode.NOT_JOINED, "not joined to document doc")),
                ada.sink.awaitCount(4).subList(2, 4));
    }

    @Test
    void aJoinIsAnnouncedToTheOthersAtOnceAsAPresenceWithoutSelection() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        ada.op(0, 1, insert(0, "hi", 0));
        ada.sink.awaitCount(2);

        Client bob = f.joined("session-bob", "Bob");

        assertEquals(new ServerMessage.Presence(DOC, bob.clientId, bob.user(), 1, List.of()), ada.sink.awaitMessage(2));
        assertEquals(3, ada.sink.messages().size());
        assertEquals(1, bob.sink.messages().size());
    }

    @Test
    void aRenameIsSentToTheOthersAndGivenToLaterJoiners() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");

        bob.rename(0, "  Robert  ", new Range(0, 0));
        ada.sink.awaitCount(3);
        Client cy = f.joined("session-cy", "Cy");

        User robert = new User("Robert", bob.user().color());
        assertEquals(
                new ServerMessage.Presence(DOC, bob.clientId, robert, 0, List.of(new Range(0, 0))),
                ada.sink.awaitMessage(2));
        assertEquals(
                List.of(
                        new ServerMessage.Peer(ada.clientId, ada.user(), List.of()),
                        new ServerMessage.Peer(bob.clientId, robert, List.of(new Range(0, 0)))),
                ((ServerMessage.Joined) cy.sink.awaitMessage(0)).peers());
        assertEquals(new ServerMessage.Presence(DOC, cy.clientId, cy.user(), 0, List.of()), bob.sink.awaitMessage(1));
    }

    @Test
    void anOpFromAnEditorThatNeverJoinedIsNotJoined() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        RecordingSink stranger = new RecordingSink();

        f.registry.op(new ClientMessage.Op(DOC, 0, 1, insert(0, "x", 0)), "c99", stranger);
        ada.op(0, 1, insert(0, "y", 0));

        assertEquals(
                new ServerMessage.Error(
                        ErrorCode.NOT_JOINED, "not joined to document doc", Optional.of(DOC), Optional.of(1L)),
                stranger.awaitMessage(0));
        assertEquals(ack(1, 1), ada.sink.awaitMessage(1));
        assertEquals(new DocumentQueries.Text(DOC, 1, "y"), f.text());
    }
}
