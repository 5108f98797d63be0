package dev.quire.server.document;

import static dev.quire.server.document.DocumentFixture.DOC;
import static dev.quire.server.document.DocumentFixture.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.TextOperation;
import dev.quire.ot.server.Applied;
import dev.quire.server.document.DocumentFixture.Client;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path of an op through the registry: exactly-once, transform, durable, ack and broadcast. */
class OpPipelineTest {
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
        // Joins are announced to the others as presence (RosterTest): not what these tests are about.
        f = new DocumentFixture(dataDir, settings).withoutPresence();
        return f;
    }

    private DocumentFixture open() {
        return open(DocumentFixture.SETTINGS);
    }

    static ServerMessage.Ack ack(long seq, int version) {
        return new ServerMessage.Ack(DOC, seq, version);
    }

    static ServerMessage.Op op(int version, TextOperation op, String clientId) {
        return new ServerMessage.Op(DOC, version, op, clientId);
    }

    static ServerMessage.Error error(ErrorCode code, String message, long seq) {
        return new ServerMessage.Error(code, message, Optional.of(DOC), Optional.of(seq));
    }

    @Test
    void opsOfOneEditorAreAckedInSeqOrder() {
        open();
        Client ada = f.joined("session-ada", "Ada");

        for (int i = 1; i <= 5; i++) {
            ada.op(i - 1, i, insert(i - 1, "abcde".substring(i - 1, i), 0));
        }

        assertEquals(
                List.of(ack(1, 1), ack(2, 2), ack(3, 3), ack(4, 4), ack(5, 5)),
                ada.sink.awaitCount(6).subList(1, 6));
        assertEquals(new DocumentQueries.Text(DOC, 5, "abcde"), f.text());
    }

    @Test
    void concurrentOpsAreTransformedAndEveryEditorGetsEveryOtherOpOnceInOrder() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");
        Client cy = f.joined("session-cy", "Cy");
        TextOperation hello = insert(0, "hello", 0);
        ada.op(0, 1, hello);
        bob.sink.awaitCount(2);

        // Both made on version 1; Bob's arrives second and is transformed over Ada's.
        ada.op(1, 2, insert(0, "A", 5));
        bob.op(1, 1, TextOperation.builder().insert("B").retain(5).insert("!").build());

        TextOperation bobApplied =
                TextOperation.builder().insert("B").retain(6).insert("!").build();
        assertEquals(
                List.of(ack(1, 1), ack(2, 2), op(3, bobApplied, bob.clientId)),
                ada.sink.awaitCount(4).subList(1, 4));
        assertEquals(
                List.of(op(1, hello, ada.clientId), op(2, insert(0, "A", 5), ada.clientId), ack(1, 3)),
                bob.sink.awaitCount(4).subList(1, 4));
        assertEquals(
                List.of(
                        op(1, hello, ada.clientId),
                        op(2, insert(0, "A", 5), ada.clientId),
                        op(3, bobApplied, bob.clientId)),
                cy.sink.awaitCount(4).subList(1, 4));
        assertEquals(new DocumentQueries.Text(DOC, 3, "BAhello!"), f.text());
    }

    @Test
    void aResendOfAnAckedOpGetsTheOriginalAckAndAppliesNothing() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");
        ada.op(0, 1, insert(0, "x", 0));
        ada.sink.awaitCount(2);

        ada.op(0, 1, insert(0, "x", 0));
        ada.op(1, 2, insert(1, "y", 0));

        assertEquals(
                List.of(ack(1, 1), ack(1, 1), ack(2, 2)), ada.sink.awaitCount(4).subList(1, 4));
        assertEquals(
                List.of(op(1, insert(0, "x", 0), ada.clientId), op(2, insert(1, "y", 0), ada.clientId)),
                bob.sink.awaitCount(3).subList(1, 3));
        assertEquals(new DocumentQueries.Text(DOC, 2, "xy"), f.text());
    }

    @Test
    void aSeqReusedForAnotherOpOrBaseIsRefused() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        ada.op(0, 1, insert(0, "x", 0));
        ada.sink.awaitCount(2);

        ada.op(0, 1, insert(0, "z", 0));
        ada.op(1, 1, insert(0, "x", 1));

        ServerMessage.Error reused = error(ErrorCode.SEQ_REUSED, "seq 1 was already used for a different op", 1);
        assertEquals(List.of(reused, reused), ada.sink.awaitCount(4).subList(2, 4));
        assertEquals(new DocumentQueries.Text(DOC, 1, "x"), f.text());
    }

    @Test
    void aSkippedSeqIsAGap() {
        open();
        Client ada = f.joined("session-ada", "Ada");

        ada.op(0, 2, insert(0, "x", 0));
        ada.op(0, 1, insert(0, "x", 0));
        ada.op(1, 3, insert(1, "y", 0));

        assertEquals(
                List.of(
                        error(ErrorCode.SEQ_GAP, "seq: expected 1, found 2", 2),
                        ack(1, 1),
                        error(ErrorCode.SEQ_GAP, "seq: expected 2, found 3", 3)),
                ada.sink.awaitCount(4).subList(1, 4));
        assertEquals(new DocumentQueries.Text(DOC, 1, "x"), f.text());
    }

    @Test
    void theSameSessionOnASecondJoinIsAckedNotSentItsOwnOp() {
        open();
        Client first = f.joined("session-ada", "Ada");
        Client second = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");

        first.op(0, 1, insert(0, "x", 0));
        bob.sink.awaitCount(2);
        second.op(0, 1, insert(0, "x", 0));
        second.op(1, 2, insert(1, "y", 0));

        assertEquals(
                List.of(ack(1, 1), ack(1, 1), ack(2, 2)),
                second.sink.awaitCount(4).subList(1, 4));
        assertEquals(List.of(ack(1, 1), ack(2, 2)), first.sink.awaitCount(3).subList(1, 3));
        assertEquals(
                List.of(op(1, insert(0, "x", 0), first.clientId), op(2, insert(1, "y", 0), second.clientId)),
                bob.sink.awaitCount(3).subList(1, 3));
        assertEquals(new DocumentQueries.Text(DOC, 2, "xy"), f.text());
    }

    @Test
    void exactlyOnceHoldsAfterTheDocumentIsUnloadedAndReloaded() {
        open(new DocumentSettings(1_000, Duration.ofMillis(1), 10_000));
        assertExactlyOnceAcross(() -> RecordingSink.waiting().until(() -> f.registry.liveCount() == 0));
    }

    @Test
    void exactlyOnceHoldsAfterARestartOfTheStore() {
        open();
        assertExactlyOnceAcross(f::restart);
    }

    /** Two ops of a session, then {@code reopen}, then resends and new seqs of that session. */
    private void assertExactlyOnceAcross(Runnable reopen) {
        Client ada = f.joined("session-ada", "Ada");
        ada.op(0, 1, insert(0, "x", 0));
        ada.op(1, 2, insert(1, "y", 0));
        ada.sink.awaitCount(3);
        ada.leave();

        reopen.run();
        Client again = f.joined("session-ada", "Ada");
        again.op(0, 1, insert(0, "x", 0));
        again.op(1, 2, insert(0, "z", 1));
        again.op(2, 4, insert(2, "z", 0));
        again.op(2, 3, insert(2, "z", 0));

        assertEquals(
                List.of(
                        new ServerMessage.Joined(
                                DOC,
                                2,
                                Optional.of("xy"),
                                List.of(),
                                again.clientId,
                                List.of(),
                                "admin",
                                Optional.of(again.user())),
                        ack(1, 1),
                        error(ErrorCode.SEQ_REUSED, "seq 2 was already used for a different op", 2),
                        error(ErrorCode.SEQ_GAP, "seq: expected 3, found 4", 4),
                        ack(3, 3)),
                again.sink.awaitCount(5));
        assertEquals(new DocumentQueries.Text(DOC, 3, "xyz"), f.text());
    }

    /**
     * A resend of an op that is applied but not yet durable, after other editors' ops pushed its
     * origin out of the history in memory: the session's seq is then looked up in the store,
     * which does not have it yet. Expected: the resend is recognised and acked once durable, as
     * it is while the origin is in memory. Fails today: it is taken as a new op and refused with
     * version-out-of-range (with a later base it would be applied twice and the store would
     * refuse the second append).
     */
    @Test
    void aResendInFlightIsRecognisedAfterItsOriginLeftTheHistory() {
        open(new DocumentSettings(1_000, Duration.ofHours(1), 1));
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");
        f.store.holdWrites();

        ada.op(0, 1, insert(0, "a", 0));
        bob.op(0, 1, insert(0, "b", 0));
        ada.op(0, 1, insert(0, "a", 0));
        RecordingSink.waiting().until(() -> f.store.appendCount() == 2);
        f.store.release();

        assertEquals(
                List.of(ack(1, 1), ack(1, 1), op(2, insert(0, "b", 1), bob.clientId)),
                ada.sink.awaitCount(4).subList(1, 4));
        assertEquals(new DocumentQueries.Text(DOC, 2, "ba"), f.text());
    }

    /**
     * An op based on a version older than the history in memory is transformed through the op
     * log; when the ops in between are not in the log yet (more than --history-limit ops in
     * flight), it waits for them to be durable instead of being refused.
     */
    @Test
    void anOpOlderThanTheHistoryWaitsForTheLogThenIsTransformedThroughIt() {
        open(new DocumentSettings(1_000, Duration.ofHours(1), 1));
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");
        Client cy = f.joined("session-cy", "Cy");
        f.store.holdWrites();

        ada.op(0, 1, insert(0, "a", 0));
        bob.op(0, 1, insert(0, "b", 0));
        cy.op(0, 1, insert(0, "c", 0));
        RecordingSink.waiting().until(() -> f.store.appendCount() == 2);
        assertEquals(1, cy.sink.messages().size());
        f.store.release();

        assertEquals(
                List.of(op(1, insert(0, "a", 0), ada.clientId), op(2, insert(0, "b", 1), bob.clientId), ack(1, 3)),
                cy.sink.awaitCount(4).subList(1, 4));
        assertEquals(new DocumentQueries.Text(DOC, 3, "cba"), f.text());
    }

    @Test
    void nothingIsAckedBroadcastOrJoinedAtAVersionBeforeItIsDurable() throws Exception {
        f = new DocumentFixture(dataDir, DocumentFixture.SETTINGS); // with presence: the barrier below
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");
        f.store.hold();

        ada.op(0, 1, insert(0, "x", 0));
        CompletableFuture<Applied> bot =
                f.registry.submit(DOC, new Submission(0, insert(0, "b", 0), new Origin.Script("bot")));
        Client cy = f.join("session-cy", "Cy", OptionalInt.empty());
        // The mailbox runs tasks in order: once Ada has Bob's presence, the op, the submission and
        // Cy's join have been handled.
        bob.presence(0);
        ada.sink.awaitCount(3);

        assertEquals(2, f.store.appendCount());
        ServerMessage.Presence bobHere = new ServerMessage.Presence(DOC, bob.clientId, bob.user(), 0, List.of());
        assertEquals(List.of(bobHere, bobHere), ada.sink.messages().subList(1, 3)); // his join, his presence
        assertEquals(1, bob.sink.messages().size());
        assertEquals(List.of(), cy.sink.messages());
        assertFalse(bot.isDone());

        f.store.release();

        TextOperation botApplied = insert(0, "b", 1);
        assertEquals(new Applied(2, botApplied), bot.get(10, TimeUnit.SECONDS));
        assertEquals(
                List.of(ack(1, 1), op(2, botApplied, "")),
                ada.sink.awaitCount(5).subList(3, 5));
        assertEquals(
                List.of(op(1, insert(0, "x", 0), ada.clientId), op(2, botApplied, "")),
                bob.sink.awaitCount(3).subList(1, 3));
        assertEquals(
                List.of(new ServerMessage.Joined(
                        DOC,
                        2,
                        Optional.of("bx"),
                        List.of(),
                        cy.clientId,
                        List.of(
                                new ServerMessage.Peer(ada.clientId, ada.user(), List.of()),
                                new ServerMessage.Peer(bob.clientId, bob.user(), List.of())),
                        "admin",
                        Optional.of(cy.user()))),
                cy.sink.awaitCount(1));
    }

    @Test
    void aFailedAppendGivesInternalToEveryAuthorInFlightAndTheDocumentReloads() {
        open();
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");
        Client cy = f.joined("session-cy", "Cy");
        ada.op(0, 1, insert(0, "a", 0));
        cy.sink.awaitCount(2);
        bob.sink.awaitCount(2);
        f.store.failAppendOf(2);
        f.store.hold();

        ada.op(1, 2, insert(1, "b", 0)); // version 2: the store fails it
        bob.op(1, 1, insert(1, "c", 0)); // version 3: refused by H2, it does not follow version 1
        RecordingSink.waiting().until(() -> f.store.appendCount() == 3);
        f.store.release();

        assertInternal(ada.sink.awaitMessage(2));
        assertInternal(bob.sink.awaitMessage(2));
        assertEquals(new DocumentQueries.Text(DOC, 1, "a"), f.text());

        Client dan = f.joined("session-dan", "Dan");
        assertEquals(1, dan.awaitJoined().version());
        assertEquals(Optional.of("a"), dan.awaitJoined().content());
        dan.op(1, 1, insert(1, "d", 0));

        assertEquals(ack(1, 2), dan.sink.awaitMessage(1));
        assertEquals(
                List.of(op(1, insert(0, "a", 0), ada.clientId), op(2, insert(1, "d", 0), dan.clientId)),
                cy.sink.awaitCount(3).subList(1, 3));
        assertEquals(new DocumentQueries.Text(DOC, 2, "ad"), f.text());

        // Ada's lost seq 2 is new again for her session.
        Client ada2 = f.joined("session-ada", "Ada");
        ada2.op(1, 2, insert(1, "b", 0));
        assertEquals(ack(2, 3), ada2.sink.awaitMessage(1));
        assertEquals(new DocumentQueries.Text(DOC, 3, "abd"), f.text());
        assertEquals(
                List.of(
                        op(1, insert(0, "a", 0), ada.clientId),
                        op(2, insert(1, "d", 0), dan.clientId),
                        op(3, insert(1, "b", 1), ada2.clientId)),
                cy.sink.awaitCount(4).subList(1, 4));
    }

    private static void assertInternal(ServerMessage m) {
        ServerMessage.Error e = assertInstanceOf(ServerMessage.Error.class, m);
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertTrue(e.message().matches("internal error [0-9a-f]{12}; rejoin the document"), e.message());
        assertEquals(Optional.of(DOC), e.docId());
        assertEquals(Optional.empty(), e.seq());
    }

    @Test
    void aScriptSubmissionCompletesOnceDurableAndIsBroadcastWithoutClientId() throws Exception {
        open();
        Client ada = f.joined("session-ada", "Ada");

        Applied applied = f.registry
                .submit(DOC, new Submission(0, insert(0, "bot", 0), new Origin.Script("bot")))
                .get(10, TimeUnit.SECONDS);

        assertEquals(new Applied(1, insert(0, "bot", 0)), applied);
        assertEquals(op(1, insert(0, "bot", 0), ""), ada.sink.awaitMessage(1));
        DocumentQueries.LoggedOp logged = f.queries.ops(DOC, 1, 2).get(0);
        assertEquals(new Origin.Script("bot"), logged.origin());
        assertEquals(insert(0, "bot", 0), logged.op());
    }

    @Test
    void aScriptSubmissionThatDoesNotFitFailsWithTheReason() {
        open();
        f.joined("session-ada", "Ada");

        assertProtocolError(
                ErrorCode.VERSION_OUT_OF_RANGE,
                "submit: version 5 out of range [0, 0]",
                f.registry.submit(DOC, new Submission(5, insert(0, "x", 0), new Origin.Script("bot"))));
        assertProtocolError(
                ErrorCode.INVALID_OP,
                "submit: op.baseLength 3 != document length 0 at version 0",
                f.registry.submit(DOC, new Submission(0, insert(3, "x", 0), new Origin.Script("bot"))));
    }

    @Test
    void deleteRemovesEveryEditorAndFailsAPendingSubmission() throws Exception {
        open();
        Client ada = f.joined("session-ada", "Ada");
        Client bob = f.joined("session-bob", "Bob");
        ada.op(0, 1, insert(0, "x", 0));
        bob.sink.awaitCount(2);
        f.store.hold();
        CompletableFuture<Applied> pending =
                f.registry.submit(DOC, new Submission(1, insert(1, "!", 0), new Origin.Script("bot")));
        RecordingSink.waiting().until(() -> f.store.appendCount() == 2);

        assertTrue(f.registry.delete(DOC).get(10, TimeUnit.SECONDS));

        assertProtocolError(ErrorCode.DOCUMENT_DELETED, "document doc was deleted", pending);
        ServerMessage.Error deleted = new ServerMessage.Error(
                ErrorCode.DOCUMENT_DELETED, "document doc was deleted", Optional.of(DOC), Optional.empty());
        assertEquals(deleted, ada.sink.awaitMessage(2));
        assertEquals(deleted, bob.sink.awaitMessage(2));
        assertEquals(List.of(new RecordingSink.Removal(DOC, ada.clientId)), ada.sink.removals());
        assertEquals(List.of(new RecordingSink.Removal(DOC, bob.clientId)), bob.sink.removals());
        f.store.release();

        ada.op(1, 2, insert(1, "y", 0));
        assertEquals(
                new ServerMessage.Error(
                        ErrorCode.NOT_JOINED, "not joined to document doc", Optional.of(DOC), Optional.of(2L)),
                ada.sink.awaitMessage(3));
        ProtocolException notFound = assertThrows(ProtocolException.class, f::text);
        assertEquals(ErrorCode.NOT_FOUND, notFound.code());
        assertEquals("no document doc", notFound.getMessage());

        Client fresh = f.joined("session-ada", "Ada");
        assertEquals(
                new ServerMessage.Joined(
                        DOC,
                        0,
                        Optional.of(""),
                        List.of(),
                        fresh.clientId,
                        List.of(),
                        "admin",
                        Optional.of(fresh.user())),
                fresh.awaitJoined());
        fresh.op(0, 1, insert(0, "new", 0));
        assertEquals(ack(1, 1), fresh.sink.awaitMessage(1));
        assertEquals(new DocumentQueries.Text(DOC, 1, "new"), f.text());
    }

    private static void assertProtocolError(ErrorCode code, String message, CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        ProtocolException cause = assertInstanceOf(ProtocolException.class, e.getCause());
        assertEquals(code, cause.code());
        assertEquals(message, cause.getMessage());
    }
}
