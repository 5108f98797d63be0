package dev.quire.server.document;

import dev.quire.ot.TextOperation;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What happens to one live document as a whole, rather than to its text or its editors one by
 * one: its title is set, it is deleted (with its comments, suggestions and chat), or an imported
 * history becomes its own. Each tells the document's editors and, with a bus, the other nodes.
 *
 * <p>Runs in the document's mailbox ({@link LiveDocument} calls it from its {@code on} tasks,
 * the document loaded); the store's completions come back to the mailbox before touching the
 * roster.
 */
final class DocumentLifecycle {
    /** Longest an import waits for its writes to be durable before it is rolled back. */
    private static final long IMPORT_WAIT_SECONDS = 120;

    private final String docId;
    private final DocumentStore store;
    private final DocumentSettings settings;
    private final SerialExecutor mailbox;
    private final Roster roster;
    private final OpPipeline pipeline;
    /** Present with a bus (several nodes), empty on one node. */
    private final Optional<DocumentFeed> feed;

    private final CommentFlow comments;
    private final ChatFlow chat;
    private final SuggestionFlow suggestions;

    DocumentLifecycle(
            String docId,
            DocumentStore store,
            DocumentSettings settings,
            SerialExecutor mailbox,
            Roster roster,
            OpPipeline pipeline,
            Optional<DocumentFeed> feed,
            CommentFlow comments,
            ChatFlow chat,
            SuggestionFlow suggestions) {
        this.docId = docId;
        this.store = store;
        this.settings = settings;
        this.mailbox = mailbox;
        this.roster = roster;
        this.pipeline = pipeline;
        this.feed = feed;
        this.comments = comments;
        this.chat = chat;
        this.suggestions = suggestions;
    }

    /** Tells the other nodes, if there is a bus; any thread (the bus is thread-safe). */
    private void publish(BusMessage message) {
        feed.ifPresent(f -> f.publish(message));
    }

    /**
     * Sets the title (creating the document if it is not stored yet: naming it is a reason to
     * keep it), then tells every editor. Completes once the title is durable.
     */
    void title(String title, CompletableFuture<Void> result) {
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

    /**
     * Removes every editor, deletes the document, and starts again empty at version 0; completes
     * with whether it existed ({@code live}: stored or with ops in memory, as the caller saw it).
     */
    void delete(boolean live, CompletableFuture<Boolean> result) {
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
    void removeEveryone() {
        roster.removeAll(new ServerMessage.Error(
                ErrorCode.DOCUMENT_DELETED,
                "document " + docId + " was deleted",
                Optional.of(docId),
                Optional.empty()));
        pipeline.abandon(new ProtocolException(ErrorCode.DOCUMENT_DELETED, "document " + docId + " was deleted"));
        pipeline.reset(Optional.empty());
        comments.forget();
        suggestions.forget();
        feed.ifPresent(DocumentFeed::editorsChanged);
    }

    /**
     * Stores an imported history (see {@link DocumentRegistry#importHistory}). Waits in the
     * mailbox until it is durable, so nobody joins the document half-imported, or sees an op a
     * crash could still lose; an import is rare and admin-only (decision 017).
     */
    void importHistory(List<OpRecord> ops, String content, CompletableFuture<Void> result) {
        if (pipeline.version() > 0 || !roster.isEmpty()) {
            throw new ProtocolException(
                    ErrorCode.DOCUMENT_EXISTS,
                    "document " + docId + (roster.isEmpty() ? " has ops" : " has editors")
                            + "; import into a new id, or delete it first");
        }
        long bytes = content.getBytes(StandardCharsets.UTF_8).length;
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
}
