package dev.quire.server.document;

import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.ot.server.Applied;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.server.VersionOutOfRangeException;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StoredDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open document: ot-core's {@link ServerDocument} plus its editors, made durable through the
 * {@link DocumentStore}.
 *
 * <p>Every method whose name starts with {@code on} runs inside this document's mailbox
 * ({@link SerialExecutor}), one at a time; no other thread touches its state. The flow of an op:
 * <pre>
 *   submit --transform+apply--> append to store --durable--> ack author, broadcast to others
 * </pre>
 * Ops become durable in version order (one writer thread, FIFO), so {@code published} — the
 * version every editor has been sent — grows by one without gaps. A join is answered at the
 * version applied when it arrived, once that version is durable, so a catch-up never shows an
 * op (or acknowledges a seq) that a crash could still lose.
 */
final class LiveDocument {
    private static final Logger log = LoggerFactory.getLogger(LiveDocument.class);

    private record PendingJoin(Editor editor, ServerMessage.Joined joined) {}

    private final String docId;
    private final DocumentStore store;
    private final DocumentSettings settings;
    final SerialExecutor mailbox;
    private final Runnable onUnloaded;

    private boolean loaded;
    private boolean existsInStore;
    private ServerDocument doc;
    private final History history;
    private int published;
    private int lastSnapshot;
    private int generation;
    private int inFlight;
    private long lastActivity = System.nanoTime();
    private final SeqLedger ledger;
    private final LinkedHashMap<String, Editor> editors = new LinkedHashMap<>();
    private final List<PendingJoin> pendingJoins = new ArrayList<>();
    private final Map<Integer, List<Consumer<Optional<Throwable>>>> waiters = new HashMap<>();
    private final Map<Integer, Editor> authors = new HashMap<>();

    LiveDocument(
            String docId, DocumentStore store, DocumentSettings settings, SerialExecutor mailbox, Runnable onUnloaded) {
        this.docId = docId;
        this.store = store;
        this.settings = settings;
        this.mailbox = mailbox;
        this.onUnloaded = onUnloaded;
        this.history = new History(settings.historyLimit());
        this.ledger = new SeqLedger(docId, store, history);
    }

    // ---- loading -----------------------------------------------------------------------

    private void ensureLoaded() {
        lastActivity = System.nanoTime();
        if (loaded) {
            return;
        }
        Optional<StoredDocument> stored = store.load(docId);
        Snapshot snapshot = stored.map(StoredDocument::snapshot).orElse(new Snapshot(docId, 0, ""));
        doc = new ServerDocument(snapshot.content(), snapshot.version(), settings.historyLimit());
        history.reset(snapshot.version(), doc.length());
        ledger.reset();
        for (OpRecord r : stored.map(StoredDocument::ops).orElse(List.of())) {
            TextOperation op = OpLogCodec.decode(r.opJson());
            doc.submit(r.version() - 1, op);
            history.add(new History.Entry(
                    r.version(), op, r.clientId(), r.session(), r.seq(), r.baseVersion(), r.submitHash()));
            if (r.hasSession()) {
                ledger.loaded(r.session(), r.seq());
            }
        }
        published = doc.version();
        lastSnapshot = snapshot.version();
        existsInStore = stored.isPresent();
        loaded = true;
    }

    private void ensureExists() {
        if (!existsInStore) {
            store.create(docId, Instant.now());
            existsInStore = true;
        }
    }

    // ---- join / leave / presence -----------------------------------------------------------

    void onJoin(ClientMessage.Join join, Editor editor) {
        ensureLoaded();
        ensureExists();
        editors.put(editor.clientId, editor);
        int target = doc.version();
        editor.startVersion = target;
        editor.selectionVersion = target;
        ServerMessage.Joined joined;
        int from = join.version().orElse(-1);
        if (from >= history.oldest() && from <= target) {
            List<ServerMessage.CatchUpOp> ops = new ArrayList<>();
            for (History.Entry e : history.between(from, target)) {
                Optional<Long> seq = e.session().equals(editor.session) ? Optional.of(e.seq()) : Optional.empty();
                ops.add(new ServerMessage.CatchUpOp(e.version(), e.op(), e.clientId(), seq));
            }
            joined = new ServerMessage.Joined(docId, target, Optional.empty(), ops, editor.clientId, List.of());
        } else {
            joined = new ServerMessage.Joined(
                    docId, target, Optional.of(doc.content()), List.of(), editor.clientId, List.of());
        }
        if (published >= target) {
            sendJoined(new PendingJoin(editor, joined));
        } else {
            pendingJoins.add(new PendingJoin(editor, joined));
        }
    }

    private void sendJoined(PendingJoin p) {
        List<ServerMessage.Peer> peers = new ArrayList<>();
        for (Editor other : editors.values()) {
            if (other != p.editor() && other.joinedSent) {
                peers.add(new ServerMessage.Peer(other.clientId, other.user, selectionAt(other, published)));
            }
        }
        ServerMessage.Joined j = p.joined();
        p.editor().joinedSent = true;
        p.editor().sink.send(new ServerMessage.Joined(j.doc(), j.version(), j.content(), j.ops(), j.clientId(), peers));
    }

    private List<Selection.Range> selectionAt(Editor e, int version) {
        if (e.selection.isEmpty() || e.selectionVersion < history.oldest()) {
            return List.of();
        }
        return history.transform(e.selection, e.selectionVersion, version);
    }

    void onLeave(String clientId) {
        ensureLoaded();
        Editor e = editors.remove(clientId);
        if (e == null) {
            return;
        }
        pendingJoins.removeIf(p -> p.editor() == e);
        if (e.joinedSent) {
            ServerMessage left = new ServerMessage.Left(docId, clientId);
            for (Editor other : editors.values()) {
                if (other.joinedSent) {
                    other.sink.send(left);
                }
            }
        }
    }

    void onPresence(ClientMessage.Presence p, String clientId) {
        ensureLoaded();
        Editor e = editors.get(clientId);
        if (e == null) {
            throw notJoined(Optional.empty());
        }
        if (p.version() > published || p.version() < history.oldest()) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE,
                    "presence: version " + p.version() + " is outside " + history.oldest() + ".." + published,
                    Optional.of(docId),
                    Optional.empty());
        }
        int length = history.lengthAt(p.version());
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
        e.selection = history.transform(p.selection(), p.version(), published);
        e.selectionVersion = published;
        ServerMessage out = new ServerMessage.Presence(docId, clientId, e.user, published, e.selection);
        for (Editor other : editors.values()) {
            if (other != e && other.joinedSent) {
                other.sink.send(out);
            }
        }
    }

    // ---- ops -------------------------------------------------------------------------------

    void onOp(ClientMessage.Op m, String clientId) {
        ensureLoaded();
        Editor e = editors.get(clientId);
        Optional<Long> seqField = Optional.of(m.seq());
        if (e == null) {
            throw notJoined(seqField);
        }
        long hash = OpLogCodec.submitHash(m.version(), m.op());
        SeqLedger.Verdict verdict = ledger.check(e.session, m.seq(), m.version(), hash, existsInStore);
        if (verdict instanceof SeqLedger.Resend resend) {
            ackWhenDurable(e, m.seq(), resend.version());
            return;
        }
        apply(m.version(), m.op(), e, e.session, m.seq(), hash, e.user.name(), seqField);
        ledger.accepted(e.session, m.seq());
    }

    /** Answers a resend with the original ack, once the op it names is durable. */
    private void ackWhenDurable(Editor e, long seq, int version) {
        ServerMessage ack = new ServerMessage.Ack(docId, seq, version);
        if (version <= published) {
            e.sink.send(ack);
        } else {
            waiters.computeIfAbsent(version, v -> new ArrayList<>()).add(fault -> {
                if (fault.isEmpty()) {
                    e.sink.send(ack);
                }
            });
        }
    }

    /** REST: applies an op from a script; completes when it is durable. */
    void onRestOp(int baseVersion, TextOperation op, String author, CompletableFuture<Applied> result) {
        ensureLoaded();
        Applied applied =
                apply(baseVersion, op, null, "", 0, OpLogCodec.submitHash(baseVersion, op), author, Optional.empty());
        // The append creates the document row; a refused op leaves a missing document missing.
        existsInStore = true;
        waiters.computeIfAbsent(applied.version(), v -> new ArrayList<>()).add(fault -> {
            if (fault.isPresent()) {
                result.completeExceptionally(fault.get());
            } else {
                result.complete(applied);
            }
        });
    }

    private Applied apply(
            int baseVersion,
            TextOperation op,
            Editor author,
            String session,
            long seq,
            long hash,
            String authorName,
            Optional<Long> seqField) {
        Applied applied;
        try {
            applied = doc.submit(baseVersion, op);
        } catch (VersionOutOfRangeException x) {
            throw new ProtocolException(ErrorCode.VERSION_OUT_OF_RANGE, x.getMessage(), Optional.of(docId), seqField);
        } catch (InvalidOperationException x) {
            throw new ProtocolException(ErrorCode.INVALID_OP, x.getMessage(), Optional.of(docId), seqField);
        }
        String clientId = author == null ? "" : author.clientId;
        History.Entry entry =
                new History.Entry(applied.version(), applied.op(), clientId, session, seq, baseVersion, hash);
        history.add(entry);
        if (author != null) {
            authors.put(applied.version(), author);
        }
        inFlight++;
        int gen = generation;
        OpRecord record = new OpRecord(
                docId,
                applied.version(),
                OpLogCodec.encode(applied.op()),
                baseVersion,
                hash,
                session,
                seq,
                clientId,
                authorName,
                Instant.now());
        CompletableFuture<Void> durable = store.append(record, doc.length());
        // Complete on return: journaled by this very thread (the store's inline group commit), so
        // acknowledge right after the current task, with no hand-off. Otherwise the completing
        // thread queues onDurable there and then, in journal order, so acks keep version order.
        boolean here = durable.isDone();
        durable.whenComplete((ok, fault) -> {
            Runnable task = () -> onDurable(gen, entry, Optional.ofNullable(fault));
            if (here) {
                mailbox.executeHere(task);
            } else {
                mailbox.execute(task);
            }
        });
        if (applied.version() % settings.snapshotEvery() == 0) {
            store.saveSnapshot(new Snapshot(docId, applied.version(), doc.content()));
            lastSnapshot = applied.version();
        }
        return applied;
    }

    private void onDurable(int gen, History.Entry entry, Optional<Throwable> fault) {
        if (gen != generation) {
            return;
        }
        inFlight--;
        Editor author = authors.remove(entry.version());
        List<Consumer<Optional<Throwable>>> waiting = waiters.remove(entry.version());
        if (fault.isPresent()) {
            failAfterStoreFault(entry, author, waiting, fault.get());
            return;
        }
        published = entry.version();
        if (author != null && editors.get(author.clientId) == author) {
            author.sink.send(new ServerMessage.Ack(docId, entry.seq(), entry.version()));
        }
        if (waiting != null) {
            waiting.forEach(w -> w.accept(Optional.empty()));
        }
        ServerMessage op = new ServerMessage.Op(docId, entry.version(), entry.op(), entry.clientId());
        boolean fromSession = !entry.session().isEmpty();
        for (Editor e : editors.values()) {
            if (e != author && e.joinedSent && e.startVersion < entry.version()) {
                // The same session on another connection (it rejoined while this op was still on its
                // old, half-dead socket) must see its own op as an ack: as an op it would apply its
                // own text twice. Rare, so the ack is only built then.
                e.sink.send(
                        fromSession && e.session.equals(entry.session())
                                ? new ServerMessage.Ack(docId, entry.seq(), entry.version())
                                : op);
            }
        }
        while (!pendingJoins.isEmpty() && pendingJoins.get(0).joined().version() <= published) {
            sendJoined(pendingJoins.remove(0));
        }
    }

    /**
     * The store failed to make an op durable: everything applied after the last durable version
     * is discarded (the store refuses later ops of this document too), the authors get
     * {@code internal}, and the document reloads from what is durable.
     */
    private void failAfterStoreFault(
            History.Entry entry, Editor author, List<Consumer<Optional<Throwable>>> waiting, Throwable fault) {
        String correlation = Correlation.next();
        log.error(
                "[{}] store failed to append {} version {}; reloading the document",
                correlation,
                docId,
                entry.version(),
                fault);
        ServerMessage.Error internal = new ServerMessage.Error(
                ErrorCode.INTERNAL,
                "internal error " + correlation + "; rejoin the document",
                Optional.of(docId),
                Optional.empty());
        List<Editor> affected = new ArrayList<>(authors.values());
        if (author != null) {
            affected.add(author);
        }
        affected.forEach(a -> a.sink.send(internal));
        if (waiting != null) {
            waiting.forEach(w -> w.accept(Optional.of(fault)));
        }
        waiters.values().forEach(list -> list.forEach(w -> w.accept(Optional.of(fault))));
        waiters.clear();
        authors.clear();
        generation++;
        inFlight = 0;
        loaded = false;
        ensureLoaded();
        List<PendingJoin> joins = new ArrayList<>(pendingJoins);
        pendingJoins.clear();
        for (PendingJoin p : joins) {
            editors.remove(p.editor().clientId);
            p.editor().sink.send(internal);
            p.editor().sink.removed(docId, p.editor().clientId);
        }
    }

    // ---- delete and unload -------------------------------------------------------------

    /** Removes every editor, deletes the document, and starts again empty at version 0. */
    void onDelete(CompletableFuture<Boolean> result) {
        ensureLoaded();
        ServerMessage.Error deleted = new ServerMessage.Error(
                ErrorCode.DOCUMENT_DELETED, "document " + docId + " was deleted", Optional.of(docId), Optional.empty());
        for (Editor e : editors.values()) {
            e.sink.send(deleted);
            e.sink.removed(docId, e.clientId);
        }
        editors.clear();
        pendingJoins.clear();
        RuntimeException gone = new ProtocolException(ErrorCode.DOCUMENT_DELETED, "document " + docId + " was deleted");
        waiters.values().forEach(list -> list.forEach(w -> w.accept(Optional.of(gone))));
        waiters.clear();
        authors.clear();
        generation++;
        inFlight = 0;
        boolean live = existsInStore || doc.version() > 0;
        // The store applies writes in order: a load issued after this delete completes sees nothing.
        CompletableFuture<Boolean> deletion = store.delete(docId);
        doc = new ServerDocument("", 0, settings.historyLimit());
        history.reset(0, 0);
        ledger.reset();
        published = 0;
        lastSnapshot = 0;
        existsInStore = false;
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
        if (!editors.isEmpty()
                || inFlight > 0
                || nowNanos - lastActivity < settings.idleUnload().toNanos()) {
            return;
        }
        if (!mailbox.closeIfIdle()) {
            return;
        }
        if (loaded && existsInStore && doc.version() > lastSnapshot) {
            store.saveSnapshot(new Snapshot(docId, doc.version(), doc.content()));
        }
        onUnloaded.run();
    }

    private ProtocolException notJoined(Optional<Long> seq) {
        return new ProtocolException(ErrorCode.NOT_JOINED, "not joined to document " + docId, Optional.of(docId), seq);
    }
}
