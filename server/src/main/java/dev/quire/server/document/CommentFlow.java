package dev.quire.server.document;

import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.CommentAction;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.CommentRecord;
import dev.quire.server.storage.CommentStore;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The path of a comment change through one live document (issue 17): checked and kept by
 * {@link Comments}, then stored, broadcast ({@code comment}) and told to the other nodes as the
 * {@link RangeFlow} comments share with suggestions does it (decision 042).
 *
 * <p>Owned by the document's mailbox, like {@link OpPipeline}.
 */
final class CommentFlow extends RangeFlow<CommentRecord, CommentView, ServerMessage.Comments> {
    private static final Kind<CommentView, ServerMessage.Comments> KIND = new Kind<>(
            "comment",
            Editor.Accept.COMMENTS,
            ServerMessage.Comment::new,
            ServerMessage.Comments::new,
            BusMessage.CommentChanged::new);

    private final Comments comments;

    CommentFlow(
            String docId,
            CommentStore store,
            OpPipeline pipeline,
            Roster roster,
            SerialExecutor mailbox,
            Consumer<BusMessage> publish) {
        this(new Comments(docId, store, pipeline.history()::opsBetween), store, pipeline, roster, mailbox, publish);
    }

    private CommentFlow(
            Comments comments,
            CommentStore store,
            OpPipeline pipeline,
            Roster roster,
            SerialExecutor mailbox,
            Consumer<BusMessage> publish) {
        super(store, comments.ranges(), KIND, pipeline, roster, mailbox, publish);
        this.comments = comments;
    }

    /**
     * Applies {@code action} for {@code who}; {@code result} completes with the comment as
     * broadcast once it is committed.
     *
     * @throws ProtocolException for the client's mistake (nothing is stored)
     */
    void submit(CommentAction action, Commenter who, CompletableFuture<CommentView> result) {
        int length = action instanceof CommentAction.Create c ? lengthAt(c.version()) : 0;
        CommentRecord made = comments.apply(action, who, published(), length, Instant.now());
        save(made).whenComplete((view, fault) -> {
            if (fault != null) {
                result.completeExceptionally(fault);
            } else {
                result.complete(view);
            }
        });
    }

    /** Applies {@code action} for a joined editor; a store fault reaches it as {@code internal}. */
    void submitFrom(CommentAction action, String clientId, EditorSink sink) {
        Commenter who = commenter(clientId);
        submit(action, who, reportingTo(sink));
    }
}
