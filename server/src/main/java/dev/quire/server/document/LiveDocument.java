package dev.quire.server.document;

import dev.quire.ot.Selection;
import dev.quire.ot.server.Applied;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.DocumentStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One open document: its op path ({@link OpPipeline}) and its editors ({@link Roster}), loaded
 * from the store on first use and unloaded when idle.
 *
 * <p>The mailbox rule: every method whose name starts with {@code on} runs as a task of this
 * document's {@link SerialExecutor}, one at a time, and only those tasks touch the document's
 * state, its pipeline's and its roster's. Nothing here blocks but the store's reads on first use.
 */
final class LiveDocument {
    private final String docId;
    private final DocumentStore store;
    private final DocumentSettings settings;
    final SerialExecutor mailbox;
    private final Consumer<LiveDocument> onUnloaded;
    private final Roster roster;
    private final OpPipeline pipeline;
    private boolean loaded;
    private long lastActivity = System.nanoTime();

    LiveDocument(
            String docId,
            DocumentStore store,
            DocumentSettings settings,
            SerialExecutor mailbox,
            Consumer<LiveDocument> onUnloaded) {
        this.docId = docId;
        this.store = store;
        this.settings = settings;
        this.mailbox = mailbox;
        this.onUnloaded = onUnloaded;
        this.roster = new Roster(docId, (ranges, from, to) -> moveSelection(ranges, from, to));
        this.pipeline = new OpPipeline(docId, store, settings, mailbox, roster);
    }

    String docId() {
        return docId;
    }

    private List<Selection.Range> moveSelection(List<Selection.Range> ranges, int from, int to) {
        return pipeline.moveSelection(ranges, from, to);
    }

    private void ensureLoaded() {
        lastActivity = System.nanoTime();
        if (!loaded) {
            pipeline.reset(store.load(docId));
            loaded = true;
        }
    }

    void onJoin(ClientMessage.Join join, Editor editor) {
        // A join stores nothing (the first op does), so probing ids leaves nothing behind.
        ensureLoaded();
        // On a store other nodes write to, this node may be behind: read their ops first.
        pipeline.catchUp();
        Optional<Integer> from =
                join.version().isPresent() ? Optional.of(join.version().getAsInt()) : Optional.empty();
        roster.join(editor, pipeline.joined(editor.clientId, editor.session, from), pipeline.published());
    }

    void onLeave(String clientId) {
        ensureLoaded();
        roster.leave(clientId);
    }

    void onPresence(ClientMessage.Presence p, String clientId) {
        ensureLoaded();
        Editor e = roster.editor(clientId).orElseThrow(() -> notJoined(Optional.empty()));
        int published = pipeline.published();
        if (p.version() > published || p.version() < pipeline.oldestVersion()) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE,
                    "presence: version " + p.version() + " is outside " + pipeline.oldestVersion() + ".." + published,
                    Optional.of(docId),
                    Optional.empty());
        }
        int length = pipeline.lengthAt(p.version());
        for (Selection.Range r : p.selection()) {
            if (r.anchor() > length || r.head() > length) {
                throw new ProtocolException(
                        ErrorCode.INVALID_OP,
                        "presence: range " + r.anchor() + ".." + r.head() + " is beyond document length " + length
                                + " at version " + p.version(),
                        Optional.of(docId),
                        Optional.empty());
            }
        }
        List<Selection.Range> moved = pipeline.moveSelection(p.selection(), p.version(), published);
        roster.presence(e, moved, published);
    }

    void onOp(ClientMessage.Op m, String clientId) {
        ensureLoaded();
        Editor e = roster.editor(clientId).orElseThrow(() -> notJoined(Optional.of(m.seq())));
        Origin origin = new Origin.Session(e.clientId, e.session, m.seq(), e.user.name(), e.userId);
        pipeline.submit(new Submission(m.version(), m.op(), origin));
    }

    /** A submission from a script: completes with the op as applied once it is durable. */
    void onSubmit(Submission s, CompletableFuture<Applied> result) {
        ensureLoaded();
        Applied applied = pipeline.submit(s).orElseThrow(() -> new IllegalStateException("only sessions resend"));
        pipeline.whenDurable(applied.version(), new OpPipeline.Waiter() {
            @Override
            public void durable() {
                result.complete(applied);
            }

            @Override
            public void failed(Throwable fault) {
                result.completeExceptionally(fault);
            }
        });
    }

    /** Removes every editor, deletes the document, and starts again empty at version 0. */
    void onDelete(CompletableFuture<Boolean> result) {
        ensureLoaded();
        roster.removeAll(new ServerMessage.Error(
                ErrorCode.DOCUMENT_DELETED,
                "document " + docId + " was deleted",
                Optional.of(docId),
                Optional.empty()));
        pipeline.abandon(new ProtocolException(ErrorCode.DOCUMENT_DELETED, "document " + docId + " was deleted"));
        boolean live = pipeline.isStored() || pipeline.version() > 0;
        // The store applies writes in order: a load issued after this delete completes sees nothing.
        CompletableFuture<Boolean> deletion = store.delete(docId);
        pipeline.reset(Optional.empty());
        deletion.whenComplete((existed, fault) -> {
            if (fault != null) {
                result.completeExceptionally(fault);
            } else {
                result.complete(existed || live);
            }
        });
    }

    /** Snapshots and closes this document if nobody has used it for the idle time. */
    void onIdleCheck(long nowNanos) {
        if (!roster.isEmpty()
                || !pipeline.idle()
                || nowNanos - lastActivity < settings.idleUnload().toNanos()
                || !mailbox.closeIfIdle()) {
            return;
        }
        if (loaded) {
            pipeline.snapshotIfBehind();
        }
        onUnloaded.accept(this);
    }

    private ProtocolException notJoined(Optional<Long> seq) {
        return new ProtocolException(ErrorCode.NOT_JOINED, "not joined to document " + docId, Optional.of(docId), seq);
    }
}
