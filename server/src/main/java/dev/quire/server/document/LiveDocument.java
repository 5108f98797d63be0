package dev.quire.server.document;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.ot.server.Applied;
import dev.quire.server.cluster.Bus;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.ChatStore;
import dev.quire.server.storage.CommentStore;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open document: its op path ({@link OpPipeline}) and its editors ({@link Roster}), loaded
 * from the store on first use and unloaded when idle.
 *
 * <p>The mailbox rule: every method whose name starts with {@code on} runs as a task of this
 * document's {@link SerialExecutor}, one at a time, and only those tasks touch the document's
 * state, its pipeline's and its roster's. Nothing here blocks but the store's reads on first use
 * and the op-log reads for a client older than the history in memory ({@link OpLog}).
 */
final class LiveDocument {
    /** Longest an import waits for its writes to be durable before it is rolled back. */
    private static final long IMPORT_WAIT_SECONDS = 120;

    private static final Logger log = LoggerFactory.getLogger(LiveDocument.class);
    private final String docId;
    private final DocumentStore store;
    private final DocumentSettings settings;
    final SerialExecutor mailbox;
    private final Consumer<LiveDocument> onUnloaded;
    private final Roster roster;
    private final OpPipeline pipeline;
    /** Present with a bus (several nodes), empty on one node. */
    private final Optional<DocumentFeed> feed;

    private final CommentFlow comments;
    private final ChatFlow chat;
    private final SuggestionFlow suggestions;
    private boolean loaded;
    private long lastActivity = System.nanoTime();

    LiveDocument(
            String docId,
            DocumentStore store,
            DocumentSettings settings,
            SerialExecutor mailbox,
            Consumer<LiveDocument> onUnloaded,
            DocumentMeters meters,
            Bus bus,
            CommentStore commentStore,
            ChatStore chatStore,
            dev.quire.server.storage.SuggestionStore suggestionStore,
            ScheduledExecutorService timer) {
        this.docId = docId;
        this.store = store;
        this.settings = settings;
        this.mailbox = mailbox;
        this.onUnloaded = onUnloaded;
        this.roster = new Roster(
                docId,
                (ranges, from, to) -> moveSelection(ranges, from, to),
                meters,
                this::joinExtras,
                mailbox::execute,
                timer);
        this.pipeline = new OpPipeline(docId, store, settings, mailbox, roster, meters, bus);
        this.feed = bus.isLocal()
                ? Optional.empty()
                : Optional.of(new DocumentFeed(docId, bus, mailbox, roster, pipeline, pipeline.sync()));
        feed.ifPresent(roster::connect);
        this.comments = new CommentFlow(docId, commentStore, pipeline, roster, mailbox, this::publish);
        this.chat = new ChatFlow(docId, chatStore, roster, mailbox, bus);
        feed.ifPresent(f -> f.onChat(chat::heard));
        this.suggestions = new SuggestionFlow(docId, suggestionStore, pipeline, roster, mailbox);
    }

    String docId() {
        return docId;
    }

    private List<Selection.Range> moveSelection(List<Selection.Range> ranges, int from, int to) {
        return pipeline.moveSelection(ranges, from, to);
    }

    private List<ServerMessage> joinExtras(Editor e, int version) {
        List<ServerMessage> extras = new ArrayList<>(comments.joinExtras(e, version));
        extras.addAll(chat.joinExtras(e));
        extras.addAll(suggestions.joinExtras(e, version));
        return extras;
    }

    /** Runs a task on this document's comments (issue 17), loaded with the document. */
    void onComments(Consumer<CommentFlow> task) {
        ensureLoaded();
        task.accept(comments);
    }

    /** Runs a task on this document's chat (issue 17), loaded with the document. */
    void onChat(Consumer<ChatFlow> task) {
        ensureLoaded();
        task.accept(chat);
    }

    /** Runs a task on this document's suggestions (issue 17), loaded with the document. */
    void onSuggestions(Consumer<SuggestionFlow> task) {
        ensureLoaded();
        task.accept(suggestions);
    }

    private void ensureLoaded() {
        lastActivity = System.nanoTime();
        if (!loaded || pipeline.stale()) {
            pipeline.reset(StoredHistory.load(store, docId, settings.historyLimit()));
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
        roster.join(
                editor,
                pipeline.version(),
                pipeline.joined(editor.clientId, editor.session, from),
                pipeline.published());
        feed.ifPresent(DocumentFeed::editorsChanged);
    }

    void onLeave(String clientId) {
        ensureLoaded();
        roster.leave(clientId);
        feed.ifPresent(DocumentFeed::editorsChanged);
    }

    /** Another node published about this document (decision 022). */
    void onBus(String nodeId, BusMessage message) {
        if (!loaded) {
            return;
        }
        if (message instanceof BusMessage.Titled t) {
            roster.sendToAll(new ServerMessage.Title(docId, t.title()));
        } else if (message instanceof BusMessage.CommentChanged c) {
            comments.heard(c.id());
        } else if (message instanceof BusMessage.Deleted) {
            removeEveryone();
        } else {
            feed.ifPresent(f -> f.onReceived(nodeId, message));
        }
    }

    /** Tells the other nodes, if there is a bus; any thread (the bus is thread-safe). */
    private void publish(BusMessage message) {
        feed.ifPresent(f -> f.publish(message));
    }

    /** This node is (again) subscribed to the document's channel. */
    void onSubscribed() {
        if (loaded) {
            feed.ifPresent(DocumentFeed::onSubscribed);
        }
    }

    void onNodesGone(Set<String> nodeIds) {
        feed.ifPresent(f -> f.onNodesGone(nodeIds));
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
        roster.presence(e, moved, published, p.name());
    }

    void onOp(ClientMessage.Op m, String clientId) {
        ensureLoaded();
        Editor e = roster.editor(clientId).orElseThrow(() -> notJoined(Optional.of(m.seq())));
        OptionalInt wait = pipeline.mustWaitFor(m.version());
        if (wait.isPresent()) {
            pipeline.whenDurable(wait.getAsInt(), new OpPipeline.Waiter() {
                @Override
                public void durable() {
                    retry(e.sink, () -> onOp(m, clientId));
                }

                @Override
                public void failed(Throwable fault) {
                    e.sink.send(fault instanceof ProtocolException p ? p.toMessage() : internalError(fault));
                }
            });
            return;
        }
        Origin origin = new Origin.Session(e.clientId, e.session, m.seq(), e.user.name(), e.userId);
        pipeline.submit(new Submission(m.version(), m.op(), origin));
    }

    /**
     * Runs a submission that waited for the op log (see {@link OpPipeline#mustWaitFor}) inside
     * the durable callback of another op, so its errors go to its editor, not to that callback.
     */
    private void retry(EditorSink sink, Runnable submission) {
        try {
            submission.run();
        } catch (ProtocolException x) {
            sink.send(x.toMessage());
        } catch (RuntimeException x) {
            sink.send(internalError(x));
        }
    }

    private ServerMessage.Error internalError(Throwable fault) {
        String correlation = Correlation.next();
        log.error("[{}] internal fault on a waiting op of document {}", correlation, docId, fault);
        return new ServerMessage.Error(
                ErrorCode.INTERNAL, "internal error " + correlation, Optional.of(docId), Optional.empty());
    }

    /** A submission from a script: completes with the op as applied once it is durable. */
    void onSubmit(Submission s, CompletableFuture<Applied> result) {
        ensureLoaded();
        OptionalInt wait = pipeline.mustWaitFor(s.baseVersion());
        if (wait.isPresent()) {
            pipeline.whenDurable(wait.getAsInt(), new OpPipeline.Waiter() {
                @Override
                public void durable() {
                    try {
                        onSubmit(s, result);
                    } catch (RuntimeException x) {
                        result.completeExceptionally(x);
                    }
                }

                @Override
                public void failed(Throwable fault) {
                    result.completeExceptionally(fault);
                }
            });
            return;
        }
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

    /**
     * Sets the title (creating the document if it is not stored yet: naming it is a reason to
     * keep it), then tells every editor. Completes once the title is durable.
     */
    void onTitle(String title, CompletableFuture<Void> result) {
        store.create(docId, Instant.now())
                // Async: the store's continuation thread must not block, and setTitle may wait for it.
                .thenComposeAsync(created -> store.setTitle(docId, title))
                .whenComplete((exists, fault) -> {
                    if (fault != null) {
                        result.completeExceptionally(fault);
                        return;
                    }
                    mailbox.execute(() -> roster.sendToAll(new ServerMessage.Title(docId, title)));
                    publish(new BusMessage.Titled(title));
                    result.complete(null);
                });
    }

    /** Removes every editor, deletes the document, and starts again empty at version 0. */
    void onDelete(CompletableFuture<Boolean> result) {
        ensureLoaded();
        boolean live = pipeline.isStored() || pipeline.version() > 0;
        // The store applies writes in order: a load issued after this delete completes sees nothing.
        // Each forgets its state here, in the mailbox; the store's rows go before the document's.
        CompletableFuture<Void> annotations =
                CompletableFuture.allOf(comments.deleteAll(), suggestions.deleteAll(), chat.deleteAll());
        CompletableFuture<Boolean> deletion = annotations.thenCompose(ignored -> store.delete(docId));
        removeEveryone();
        deletion.whenComplete((existed, fault) -> {
            if (fault != null) {
                result.completeExceptionally(fault);
            } else {
                // The other nodes' editors are removed too (they would edit a document that is gone).
                publish(new BusMessage.Deleted());
                result.complete(existed || live);
            }
        });
    }

    /** Removes every editor ({@code document-deleted}), and starts again empty at version 0. */
    private void removeEveryone() {
        roster.removeAll(new ServerMessage.Error(
                ErrorCode.DOCUMENT_DELETED,
                "document " + docId + " was deleted",
                Optional.of(docId),
                Optional.empty()));
        pipeline.abandon(new ProtocolException(ErrorCode.DOCUMENT_DELETED, "document " + docId + " was deleted"));
        pipeline.reset(Optional.empty());
        comments.forget();
        feed.ifPresent(DocumentFeed::editorsChanged);
    }

    /**
     * Stores an imported history (see {@link DocumentRegistry#importHistory}). Waits in the
     * mailbox until it is durable, so nobody joins the document half-imported, or sees an op a
     * crash could still lose; an import is rare and admin-only (decision 017).
     */
    void onImport(List<OpRecord> ops, String content, CompletableFuture<Void> result) {
        ensureLoaded();
        if (pipeline.version() > 0 || !roster.isEmpty()) {
            throw new ProtocolException(
                    ErrorCode.DOCUMENT_EXISTS,
                    "document " + docId + (roster.isEmpty() ? " has ops" : " has editors")
                            + "; import into a new id, or delete it first");
        }
        long bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > settings.maxDocumentBytes()) {
            throw new ProtocolException(
                    ErrorCode.DOCUMENT_TOO_LARGE,
                    "the imported text has " + bytes + " UTF-8 bytes, over the limit of "
                            + settings.maxDocumentBytes());
        }
        List<CompletableFuture<?>> writes = new ArrayList<>();
        if (ops.isEmpty()) {
            writes.add(store.create(docId, Instant.now()));
        }
        for (OpRecord r : ops) {
            writes.add(store.append(r, TextOperation.parse(r.opJson()).targetLength()));
        }
        if (!ops.isEmpty()) {
            writes.add(store.saveSnapshot(new Snapshot(docId, ops.size(), content, LiveAuthorship.replayed(ops))));
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                    .get(IMPORT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            store.delete(docId).whenComplete((existed, fault) -> result.completeExceptionally(e));
            pipeline.reset(Optional.empty());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
            return;
        }
        pipeline.reset(StoredHistory.load(store, docId, settings.historyLimit()));
        result.complete(null);
    }

    /** Saves a snapshot of the current text, if ops came since the last one, before the server stops. */
    void onShutdown() {
        if (loaded) {
            pipeline.snapshotIfBehind();
        }
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
        feed.ifPresent(DocumentFeed::editorsChanged);
        onUnloaded.accept(this);
    }

    private ProtocolException notJoined(Optional<Long> seq) {
        return new ProtocolException(ErrorCode.NOT_JOINED, "not joined to document " + docId, Optional.of(docId), seq);
    }
}
