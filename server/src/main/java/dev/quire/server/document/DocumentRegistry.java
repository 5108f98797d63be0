package dev.quire.server.document;

import dev.quire.ot.server.Applied;
import dev.quire.server.cluster.Bus;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.CommentAction;
import dev.quire.server.protocol.CommentView;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.SuggestionAction;
import dev.quire.server.protocol.SuggestionView;
import dev.quire.server.storage.ChatRecord;
import dev.quire.server.storage.ChatStore;
import dev.quire.server.storage.CommentRecord;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.MemoryChatStore;
import dev.quire.server.storage.MemoryCommentStore;
import dev.quire.server.storage.MemorySuggestionStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.SuggestionRecord;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What sessions and REST can ask of documents: join, ops, presence, comments, chat, suggestions,
 * titles, deletes and imports, each handed to the live document of its id ({@link LiveDocuments}
 * loads, routes to and unloads those).
 *
 * <p>Every call is non-blocking and thread-safe: the work runs later in the document's mailbox,
 * on a shared pool of {@code threads} threads. Errors a client caused reach its sink as error
 * messages; internal faults are logged once with a correlation id and reach it as
 * {@code internal}.
 */
public final class DocumentRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DocumentRegistry.class);
    /** Ops with more components than this run on the document pool, never on an I/O thread. */
    static final int HEAVY_COMPONENTS = 64;

    private final DocumentStore store;
    private final ChatStore chat;
    private final LiveDocuments live;
    private final NewEditors editors;
    private final AtomicLong divergenceReports = new AtomicLong();

    public DocumentRegistry(DocumentStore store, DocumentSettings settings, int threads) {
        this(store, settings, threads, DocumentMeters.NONE);
    }

    /** As above, reporting to {@code meters}. */
    public DocumentRegistry(DocumentStore store, DocumentSettings settings, int threads, DocumentMeters meters) {
        this(store, settings, threads, meters, Bus.LOCAL);
    }

    /** As above, hearing from and telling the other nodes on {@code bus} (decision 022). */
    public DocumentRegistry(
            DocumentStore store, DocumentSettings settings, int threads, DocumentMeters meters, Bus bus) {
        this.store = store;
        this.chat = store.chat().orElseGet(MemoryChatStore::new);
        this.editors = new NewEditors(store);
        this.live = new LiveDocuments(
                store,
                store.comments().orElseGet(MemoryCommentStore::new),
                chat,
                store.suggestions().orElseGet(MemorySuggestionStore::new),
                settings,
                threads,
                meters,
                bus);
    }

    /** How many documents are loaded. */
    public int liveCount() {
        return live.count();
    }

    // ---- for sessions -----------------------------------------------------------------------

    /** Joins a document as a trusted admin (authentication off); returns the new editor's client id. */
    public String join(ClientMessage.Join join, EditorSink sink) {
        return join(join, "", "admin", sink);
    }

    /**
     * Joins a document; returns the new editor's client id. The joined message follows, carrying
     * {@code role}. The join's session is the exactly-once key as the caller bound it to its user.
     *
     * @param userId the user id of the connection's principal ({@code ""} with authentication off)
     * @param role   {@code read}, {@code write} or {@code admin}, as the joined message says
     */
    public String join(ClientMessage.Join join, String userId, String role, EditorSink sink) {
        Editor editor = editors.of(join, userId, role, sink);
        live.route(join.docId(), sink, d -> d.onJoin(join, editor));
        return editor.clientId;
    }

    /**
     * Routes an op. A small op (typing, a paste: a few components) may run on the caller's I/O
     * thread; a larger one always goes to the pool, so one expensive transform never stalls the
     * other sockets of that I/O thread (documents share the pool fairly: a mailbox yields after
     * 64 tasks, and the transform budget bounds one task).
     */
    public void op(ClientMessage.Op op, String clientId, EditorSink sink) {
        if (op.op().componentCount() > HEAVY_COMPONENTS) {
            live.route(op.docId(), sink, d -> d.onOp(op, clientId));
        } else {
            live.routeHere(op.docId(), sink, d -> d.onOp(op, clientId));
        }
    }

    /** A comment change from a joined editor; errors go to {@code sink}, the result to every commenter. */
    public void comment(ClientMessage.Comment comment, String clientId, EditorSink sink) {
        live.route(comment.docId(), sink, d -> d.onComments(c -> c.submitFrom(comment.action(), clientId, sink)));
    }

    /** A comment change from REST: completes with the comment once committed and broadcast. */
    public CompletableFuture<CommentView> comment(String docId, CommentAction action, Commenter who) {
        return ask(docId, (d, result) -> d.onComments(c -> c.submit(action, who, result)));
    }

    /** A suggestion change from a joined editor; errors go to {@code sink}, the result to every suggester. */
    public void suggestion(ClientMessage.Suggestion suggestion, String clientId, EditorSink sink) {
        live.route(
                suggestion.docId(), sink, d -> d.onSuggestions(s -> s.submitFrom(suggestion.action(), clientId, sink)));
    }

    /** A suggestion change from REST: completes with the suggestions changed, once committed and broadcast. */
    public CompletableFuture<List<SuggestionView>> suggestion(String docId, SuggestionAction action, Commenter who) {
        return ask(docId, (d, result) -> d.onSuggestions(s -> s.submit(action, who, result)));
    }

    /** A document's suggestions with their ranges at its durable version ({@code you} is empty). */
    public CompletableFuture<ServerMessage.Suggestions> suggestions(String docId) {
        return ask(docId, (d, result) -> d.onSuggestions(s -> result.complete(s.all())));
    }

    /** A document's comments and suggestions, both with their ranges at the same durable version. */
    public record Annotations(ServerMessage.Comments comments, ServerMessage.Suggestions suggestions) {}

    /** A document's comments and suggestions at its durable version, read in one task (for the export). */
    public CompletableFuture<Annotations> annotations(String docId) {
        return ask(
                docId,
                (d, result) ->
                        d.onSuggestions(s -> d.onComments(c -> result.complete(new Annotations(c.all(), s.all())))));
    }

    /** A document's comments with their ranges at its durable version ({@code you} is empty). */
    public CompletableFuture<ServerMessage.Comments> comments(String docId) {
        return ask(docId, (d, result) -> d.onComments(c -> result.complete(c.all())));
    }

    public void presence(ClientMessage.Presence presence, String clientId, EditorSink sink) {
        live.routeHere(presence.docId(), sink, d -> d.onPresence(presence, clientId));
    }

    /**
     * An editor reported that its text at {@code version} did not match the checksum sent with
     * it: counted and logged (document, version, client), never its text. The editor resyncs
     * itself; the server's text is the truth.
     */
    public void diverged(String docId, int version, String clientId) {
        long n = divergenceReports.incrementAndGet();
        log.warn(
                "replica diverged: doc={} version={} clientId={} (report {} since start)", docId, version, clientId, n);
    }

    /** The {@code diverged} reports received since start. */
    public long divergenceReports() {
        return divergenceReports.get();
    }

    /** A chat message from a joined editor: stored, then sent to every editor that asked for chat. */
    public void chat(ClientMessage.Chat message, String clientId, EditorSink sink) {
        live.route(message.docId(), sink, d -> d.onChat(c -> c.submitFrom(message.text(), clientId, sink)));
    }

    /** A page of older chat messages for a joined editor, sent to {@code sink}. */
    public void chatHistory(ClientMessage.ChatHistory request, EditorSink sink) {
        live.route(request.docId(), sink, d -> d.onChat(c -> sink.send(c.page(request.before(), request.limit()))));
    }

    /**
     * A page of a document's chat for REST and the export, read from the store without loading
     * the document: the newest {@code limit} messages with an id below {@code before}.
     */
    public ServerMessage.ChatHistory chatPage(String docId, OptionalLong before, int limit) {
        return ChatFlow.page(chat, docId, before, limit);
    }

    /** Stores the chat of an imported document: its messages in their order, with new ids. */
    public CompletableFuture<Void> importChat(String docId, List<ChatRecord> messages) {
        return ask(docId, (d, result) -> d.onChat(c -> relay(c.importAll(messages), result)));
    }

    /**
     * Stores the comments and suggestions of an imported document as the file has them (ids,
     * threads, authors, times, states), their ranges anchored at the imported version.
     */
    public CompletableFuture<Void> importRanges(
            String docId, List<CommentRecord> comments, List<SuggestionRecord> suggestions) {
        return ask(
                docId,
                (d, result) -> d.onSuggestions(s -> d.onComments(
                        c -> relay(CompletableFuture.allOf(c.importAll(comments), s.importAll(suggestions)), result))));
    }

    /** Runs {@code task} in the document's mailbox with a result it completes (or a fault completes). */
    private <T> CompletableFuture<T> ask(String docId, BiConsumer<LiveDocument, CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        live.routeFuture(docId, result, d -> task.accept(d, result));
        return result;
    }

    private static void relay(CompletableFuture<Void> from, CompletableFuture<Void> to) {
        from.whenComplete((ignored, fault) -> {
            if (fault != null) {
                to.completeExceptionally(fault);
            } else {
                to.complete(null);
            }
        });
    }

    public void leave(String docId, String clientId, EditorSink sink) {
        live.route(docId, sink, d -> d.onLeave(clientId));
    }

    // ---- for REST ----------------------------------------------------------------------------

    /**
     * Applies a submission like any other (transformed, durable, broadcast); completes with the op
     * as applied once it is durable. Fails with {@link ProtocolException} for a client mistake.
     */
    public CompletableFuture<Applied> submit(String docId, Submission submission) {
        CompletableFuture<Applied> result = new CompletableFuture<>();
        live.routeFuture(docId, result, d -> d.onSubmit(submission, result));
        return result;
    }

    /**
     * Sets a document's title, creating the document if it is not stored, and sends it to its
     * editors; completes once it is durable. The title must be checked (trimmed, no control characters).
     */
    public CompletableFuture<Void> setTitle(String docId, String title) {
        return ask(docId, (d, result) -> d.onTitle(title, result));
    }

    /**
     * Names a version of a stored document (an empty name removes it); completes with whether
     * the document exists. Names are not ops: editors learn them from the history they read.
     */
    public CompletableFuture<Boolean> nameVersion(String docId, int version, String name, Instant time) {
        return store.nameVersion(docId, version, name, time);
    }

    /** Deletes a document (editors get document-deleted); completes with whether it existed. */
    public CompletableFuture<Boolean> delete(String docId) {
        return ask(docId, (d, result) -> d.onDelete(result));
    }

    /**
     * Stores an imported history as the document's, if it has no ops and no editors: every op is
     * appended with its author and time, a snapshot of {@code content} follows, and the document
     * loads from what is stored. Completes once all of it is durable; fails with
     * {@code document-exists}, or with the store's fault after deleting what was stored.
     *
     * @param ops     the ops producing versions 1..n, checked to apply one after another
     * @param content the text they produce
     */
    public CompletableFuture<Void> importHistory(String docId, List<OpRecord> ops, String content) {
        return ask(docId, (d, result) -> d.onImport(ops, content, result));
    }

    /**
     * Stops for a shutdown: every open document saves a snapshot after the work already queued to
     * it (so its ops are applied and their appends queued to the store first), then the pool stops.
     *
     * @return whether all of it finished within {@code millis}
     */
    public boolean drain(long millis) throws InterruptedException {
        return live.drain(millis);
    }

    /** Stops the sweeper and the pool, letting queued document work finish (up to 10 s). */
    @Override
    public void close() {
        live.close();
    }
}
