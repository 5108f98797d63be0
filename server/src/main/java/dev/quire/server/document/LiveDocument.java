package dev.quire.server.document;

import dev.quire.ot.Selection;
import dev.quire.ot.server.Applied;
import dev.quire.server.cluster.Bus;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.cluster.Owners;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.ChatStore;
import dev.quire.server.storage.CommentStore;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One open document: its op path ({@link OpPipeline}) and its editors ({@link Roster}), loaded
 * from the store on first use and unloaded when idle. Its title, delete and import are
 * {@link DocumentLifecycle}'s; the hand-over of its ops to the pipeline, {@link Submitter}'s.
 *
 * <p>The mailbox rule: every method whose name starts with {@code on} runs as a task of this
 * document's {@link SerialExecutor}, one at a time, and only those tasks touch the document's
 * state, its pipeline's and its roster's. Nothing here blocks but the store's reads on first use
 * and the op-log reads for a client older than the history in memory ({@link OpLog}).
 */
final class LiveDocument {
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
    private final DocumentLifecycle lifecycle;
    private final Submitter submitter;
    /** Ownership (decision 043): this node's editors' ops to the owner, and other nodes' ops when this one owns. */
    private final Forwarder forwarder;

    private final ForwardedOps forwarded;
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
        this.suggestions = new SuggestionFlow(docId, suggestionStore, pipeline, roster, mailbox, this::publish);
        this.submitter = new Submitter(docId, pipeline);
        this.forwarder = new Forwarder(docId, bus.owners(), roster, submitter, pipeline, mailbox, timer, meters);
        this.forwarded = new ForwardedOps(docId, bus.owners(), pipeline, meters);
        roster.elsewhere(forwarded::away);
        this.lifecycle = new DocumentLifecycle(
                docId, store, settings, mailbox, roster, pipeline, feed, comments, chat, suggestions);
    }

    String docId() {
        return docId;
    }

    private List<Selection.Range> moveSelection(List<Selection.Range> ranges, int from, int to) {
        return pipeline.history().moveSelection(ranges, from, to);
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
                () -> pipeline.history().joined(editor.clientId, editor.session, from),
                pipeline.published());
        editorsChanged();
    }

    void onLeave(String clientId) {
        ensureLoaded();
        roster.leave(clientId);
        editorsChanged();
    }

    private void editorsChanged() {
        feed.ifPresent(DocumentFeed::editorsChanged);
        forwarder.editorsChanged();
    }

    /** Another node forwarded an editor's op: this node owns the document, or did (decision 043). */
    void onForwarded(Owners.Forward submission) {
        ensureLoaded();
        forwarded.serve(submission);
    }

    /** The owner answered an op this node forwarded. */
    void onReplied(Owners.Reply reply) {
        if (loaded) {
            forwarder.replied(reply);
        }
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
        } else if (message instanceof BusMessage.SuggestionChanged s) {
            suggestions.heard(s.id());
        } else if (message instanceof BusMessage.Deleted) {
            lifecycle.removeEveryone();
        } else {
            if (message instanceof BusMessage.Committed c) {
                forwarder.heard(c.op());
            }
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
        if (p.version() > published || p.version() < pipeline.history().oldestVersion()) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE,
                    "presence: version " + p.version() + " is outside "
                            + pipeline.history().oldestVersion() + ".." + published,
                    Optional.of(docId),
                    Optional.empty());
        }
        int length = pipeline.history().lengthAt(p.version());
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
        List<Selection.Range> moved = pipeline.history().moveSelection(p.selection(), p.version(), published);
        roster.presence(e, moved, published, p.name());
    }

    void onOp(ClientMessage.Op m, String clientId) {
        ensureLoaded();
        Editor e = roster.editor(clientId).orElseThrow(() -> notJoined(Optional.of(m.seq())));
        if (!forwarder.forward(m, e, () -> onOp(m, clientId))) {
            submitter.op(m, e, () -> onOp(m, clientId));
        }
    }

    /** A submission from a script: completes with the op as applied once it is durable. */
    void onSubmit(Submission s, CompletableFuture<Applied> result) {
        ensureLoaded();
        submitter.script(s, result, () -> onSubmit(s, result));
    }

    /** Sets the title and tells every editor ({@link DocumentLifecycle#title}). */
    void onTitle(String title, CompletableFuture<Void> result) {
        lifecycle.title(title, result);
    }

    /** Removes every editor, deletes the document, and starts again empty ({@link DocumentLifecycle#delete}). */
    void onDelete(CompletableFuture<Boolean> result) {
        ensureLoaded();
        lifecycle.delete(pipeline.isStored() || pipeline.version() > 0, result);
    }

    /** Stores an imported history ({@link DocumentLifecycle#importHistory}). */
    void onImport(List<OpRecord> ops, String content, CompletableFuture<Void> result) {
        ensureLoaded();
        lifecycle.importHistory(ops, content, result);
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
        editorsChanged();
        onUnloaded.accept(this);
    }

    private ProtocolException notJoined(Optional<Long> seq) {
        return new ProtocolException(ErrorCode.NOT_JOINED, "not joined to document " + docId, Optional.of(docId), seq);
    }
}
