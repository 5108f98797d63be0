package dev.quire.server.document;

import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.CommentAction;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.CommentRecord;
import dev.quire.server.storage.CommentStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of a comment change through one live document (issue 17): checked and kept by
 * {@link Comments}, stored, then — once committed, in the document's mailbox — broadcast with
 * its range at the durable version to every editor that asked for comments, in version order
 * with the ops (the {@code comment} message follows every op up to its version on each socket).
 *
 * <p>Owned by the document's mailbox, like {@link OpPipeline}.
 */
final class CommentFlow {
    private static final Logger log = LoggerFactory.getLogger(CommentFlow.class);
    private final String docId;
    private final CommentStore store;
    private final OpPipeline pipeline;
    private final Roster roster;
    private final SerialExecutor mailbox;
    private final Comments comments;
    /** Tells the other nodes (a bus other than local); any thread. */
    private final Consumer<BusMessage> publish;

    CommentFlow(
            String docId,
            CommentStore store,
            OpPipeline pipeline,
            Roster roster,
            SerialExecutor mailbox,
            Consumer<BusMessage> publish) {
        this.docId = docId;
        this.publish = publish;
        this.store = store;
        this.pipeline = pipeline;
        this.roster = roster;
        this.mailbox = mailbox;
        this.comments = new Comments(docId, store, pipeline.history()::opsBetween);
    }

    /**
     * Applies {@code action} for {@code who}; {@code result} completes with the comment as
     * broadcast once it is committed.
     *
     * @throws ProtocolException for the client's mistake (nothing is stored)
     */
    void submit(CommentAction action, Commenter who, CompletableFuture<CommentView> result) {
        int published = pipeline.published();
        int length = action instanceof CommentAction.Create c ? lengthAt(c.version(), published) : 0;
        CommentRecord made = comments.apply(action, who, published, length, Instant.now());
        store.save(made).whenComplete((ignored, fault) -> {
            boolean queued = mailbox.execute(() -> {
                if (fault != null) {
                    comments.forget(); // what is kept may hold the lost write: read the store again
                    result.completeExceptionally(fault);
                    return;
                }
                comments.committed(made);
                int now = pipeline.published();
                CommentView view = comments.view(made, now);
                roster.sendTo(Editor.Accept.COMMENTS, new ServerMessage.Comment(docId, now, view));
                publish.accept(new BusMessage.CommentChanged(made.id()));
                result.complete(view);
            });
            if (!queued) {
                // The document unloaded meanwhile (nobody was joined here): only other nodes may care.
                if (fault != null) {
                    result.completeExceptionally(fault);
                } else {
                    publish.accept(new BusMessage.CommentChanged(made.id()));
                    result.complete(Comments.asStored(made));
                }
            }
        });
    }

    private int lengthAt(int version, int published) {
        if (version < 0 || version > published) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE,
                    "comment: version " + version + " is outside 0.." + published,
                    Optional.of(docId),
                    Optional.empty());
        }
        if (version >= pipeline.history().oldestVersion()) {
            return pipeline.history().lengthAt(version);
        }
        return pipeline.history().opsBetween(version, version + 1).get(0).baseLength();
    }

    /**
     * Applies {@code action} for a joined editor; a store fault reaches it as {@code internal}
     * (logged once with a correlation id).
     */
    void submitFrom(CommentAction action, String clientId, EditorSink sink) {
        Editor e = roster.editor(clientId)
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.NOT_JOINED, "not joined to document " + docId, Optional.of(docId), Optional.empty()));
        // An admin moderates (edits or deletes anyone's comment) only when users are told apart.
        boolean moderator = e.role.equals("admin") && !e.userId.isEmpty();
        CompletableFuture<CommentView> result = new CompletableFuture<>();
        result.whenComplete((view, fault) -> {
            if (fault != null) {
                String id = Correlation.next();
                log.error("[{}] a comment change of document {} was not stored", id, docId, fault);
                sink.send(new ServerMessage.Error(
                        ErrorCode.INTERNAL, "internal error " + id, Optional.of(docId), Optional.empty()));
            }
        });
        submit(action, new Commenter(e.owner(), e.user.name(), moderator), result);
    }

    /**
     * Another node committed a change to comment {@code id}: what is kept here is read again and
     * the comment sent to this node's commenters, its range at the durable version. A comment
     * anchored at a version this node has not made durable yet (ops of its own in flight) is
     * not sent: its commenters get it with their next join.
     */
    void heard(long id) {
        comments.forget();
        Optional<CommentRecord> c = comments.stored(id);
        if (c.isEmpty()) {
            return;
        }
        if (c.get().anchor().map(a -> a.version() > pipeline.published()).orElse(false)) {
            pipeline.catchUp();
        }
        int now = pipeline.published();
        if (c.get().anchor().map(a -> a.version() > now).orElse(false)) {
            return;
        }
        roster.sendTo(Editor.Accept.COMMENTS, new ServerMessage.Comment(docId, now, comments.view(c.get(), now)));
    }

    /** Forgets the comments read (the document was deleted, here or on another node). */
    void forget() {
        comments.forget();
    }

    /** The {@code comments} message after the {@code joined} of an editor that asked for them. */
    List<ServerMessage> joinExtras(Editor e, int version) {
        return e.wantsComments
                ? List.of(new ServerMessage.Comments(docId, version, e.owner(), comments.at(version)))
                : List.of();
    }

    /** Every comment at the durable version ({@code you} empty: for REST and the export). */
    ServerMessage.Comments all() {
        int version = pipeline.published();
        return new ServerMessage.Comments(docId, version, "", comments.at(version));
    }

    /** Every comment with ranges at {@code version} (at most the durable version). */
    List<CommentView> at(int version) {
        return comments.at(version);
    }

    /** The document was deleted: its comments go with it. */
    CompletableFuture<Void> deleteAll() {
        comments.forget();
        return store.deleteAll(docId);
    }
}
