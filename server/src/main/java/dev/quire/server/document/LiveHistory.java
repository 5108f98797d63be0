package dev.quire.server.document;

import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.ot.server.Applied;
import dev.quire.ot.server.DocumentTooLargeException;
import dev.quire.ot.server.InFlightUnknownException;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.server.TooManyInFlightException;
import dev.quire.ot.server.VersionOutOfRangeException;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import dev.quire.server.storage.StoredDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The text and op history of one live document in memory: ot-core's {@link ServerDocument}, the
 * origin of each op in it ({@link Origins}), who inserted each span of the text
 * ({@link LiveAuthorship}), and the op log behind it for versions older than it keeps
 * ({@link OpLog}). On a shared store it also keeps the text at the durable version, to go back to
 * when another node's commit refuses the ops after it ({@link #rewind}).
 *
 * <p>Runs in the document's mailbox. Its {@link OpPipeline} decides what is applied and says
 * which version is durable; this holds what that makes of the text.
 */
final class LiveHistory {
    private final String docId;
    private final DocumentStore store;
    private final DocumentSettings settings;
    private final Origins origins;
    private final OpLog opLog;
    /** Who inserted each span of the text (issue 17), stored with every snapshot. */
    private final LiveAuthorship authorship;
    /** Each session's ops in flight, for its pipelined ops (decision 039). */
    private final InFlightOps inFlight = new InFlightOps();

    private ServerDocument doc;
    /**
     * The text at the durable version, kept on a shared store only: another node's commit may
     * refuse the ops after it, and the document then goes back to it ({@link #rewind}).
     */
    private String durableText;

    LiveHistory(String docId, DocumentStore store, DocumentSettings settings, Origins origins) {
        this.docId = docId;
        this.store = store;
        this.settings = settings;
        this.origins = origins;
        this.opLog = new OpLog(docId, store);
        this.authorship = new LiveAuthorship(docId);
    }

    /**
     * Starts over from what the store holds of the document (nothing: empty at version 0), all of
     * it durable; returns the version of the snapshot it starts from.
     */
    int reset(Optional<StoredDocument> from) {
        Snapshot snapshot = from.map(StoredDocument::snapshot).orElse(new Snapshot(docId, 0, ""));
        doc = new ServerDocument(snapshot.content(), snapshot.version(), settings.historyLimit());
        origins.clear();
        authorship.reset(snapshot);
        for (OpRecord r : from.map(StoredDocument::ops).orElse(List.of())) {
            TextOperation op = TextOperation.parse(r.opJson());
            doc.submit(r.version() - 1, op);
            authorship.applied(op, r);
            origins.add(new Origins.Entry(r.version(), Origins.of(r), r.baseVersion(), r.submitHash()));
        }
        origins.forgetThrough(doc.oldestVersion());
        durableText = store.shared() ? doc.content() : null;
        authorship.markDurable(store.shared());
        return snapshot.version();
    }

    /**
     * Takes the text back to {@code published}, the durable version, dropping the ops applied
     * after it. False, and nothing changed, off a shared store or when the history in memory no
     * longer reaches back that far.
     */
    boolean rewind(int published) {
        if (durableText == null || published < doc.oldestVersion()) {
            return false;
        }
        doc.rewind(published, durableText);
        authorship.rewind();
        origins.dropAfter(published);
        return true;
    }

    /**
     * Transforms and applies a submission; a stale client's op goes through the logged ops up to
     * the history in memory first.
     *
     * @param seq the submission's seq, for the error (empty for a script's)
     * @throws ProtocolException document-too-large, history-compacted, version-out-of-range or
     *     invalid-op; nothing changed
     */
    Applied submit(Submission s, Optional<Long> seq) {
        try {
            int oldest = doc.oldestVersion();
            if (s.baseVersion() < oldest) {
                if (s.origin() instanceof Origin.Session o && pipelinedBefore(o, s.baseVersion())) {
                    throw new ProtocolException(
                            ErrorCode.VERSION_OUT_OF_RANGE,
                            "op of seq " + o.seq() + " follows ops in flight placed more than the "
                                    + settings.historyLimit() + " versions kept in memory after its version "
                                    + s.baseVersion() + "; rejoin",
                            Optional.of(docId),
                            seq);
                }
                return doc.submit(oldest, opLog.rebase(s.op(), s.baseVersion(), oldest), settings.maxDocumentBytes());
            }
            if (s.origin() instanceof Origin.Session o) {
                OptionalInt newestOwn = origins.newestVersion(o.session());
                return inFlight.place(doc, s, o, newestOwn, origins, settings.maxDocumentBytes());
            }
            return doc.submit(s.baseVersion(), s.op(), settings.maxDocumentBytes());
        } catch (TooManyInFlightException x) {
            throw new ProtocolException(ErrorCode.TOO_MANY_IN_FLIGHT, x.getMessage(), Optional.of(docId), seq);
        } catch (InFlightUnknownException x) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE,
                    x.getMessage() + " (this server does not hold them; rejoin)",
                    Optional.of(docId),
                    seq);
        } catch (DocumentTooLargeException x) {
            throw new ProtocolException(ErrorCode.DOCUMENT_TOO_LARGE, x.getMessage(), Optional.of(docId), seq);
        } catch (OpLog.Compacted x) {
            throw new ProtocolException(ErrorCode.HISTORY_COMPACTED, x.explain(), Optional.of(docId), seq);
        } catch (VersionOutOfRangeException x) {
            throw new ProtocolException(ErrorCode.VERSION_OUT_OF_RANGE, x.getMessage(), Optional.of(docId), seq);
        } catch (InvalidOperationException x) {
            throw new ProtocolException(ErrorCode.INVALID_OP, x.getMessage(), Optional.of(docId), seq);
        }
    }

    /**
     * Whether the session's previous op was placed after {@code baseVersion}: the op is pipelined
     * (decision 039). Asked only of an op older than the history in memory; reads the op log when
     * the previous op is no longer in memory.
     */
    private boolean pipelinedBefore(Origin.Session o, int baseVersion) {
        if (o.seq() <= 1) {
            return false;
        }
        Optional<Origins.Entry> known = origins.bySeq(o.session(), o.seq() - 1);
        if (known.isPresent()) {
            return known.get().version() > baseVersion;
        }
        return store.findBySeq(docId, o.session(), o.seq() - 1)
                .map(r -> r.version() > baseVersion)
                .orElse(false);
    }

    /** An op of this node was applied ({@link #submit}) and is on its way to the store as {@code record}. */
    void applied(TextOperation op, OpRecord record) {
        authorship.applied(op, record);
    }

    /** An op of this node applied earlier is durable. */
    void durable(TextOperation op, OpRecord record) {
        if (durableText != null) {
            durableText = op.apply(durableText);
            authorship.durableApplied(op, record);
        }
    }

    /** Applies an op another node committed at the next version, durable already. */
    void committed(OpRecord r) {
        TextOperation op = TextOperation.parse(r.opJson());
        doc.submit(r.version() - 1, op);
        authorship.appliedDurable(op, r);
        if (durableText != null) {
            durableText = op.apply(durableText);
        }
        origins.add(new Origins.Entry(r.version(), Origins.of(r), r.baseVersion(), r.submitHash()));
    }

    /** A snapshot of the current text, with its authorship. */
    Snapshot snapshot() {
        return new Snapshot(docId, doc.version(), doc.content(), authorship.encoded());
    }

    int version() {
        return doc.version();
    }

    String content() {
        return doc.content();
    }

    int length() {
        return doc.length();
    }

    /**
     * The ops after {@code version} up to the current one, each with its origin, for the editors:
     * from memory, and those older than the history keeps (a catch-up of more ops at once than it
     * keeps) from the op log; these are left out when the log no longer holds them either
     * (compacted), and the editors then find the gap and resync.
     */
    List<Fanout.Published> since(int version) {
        List<Fanout.Published> out = new ArrayList<>();
        int from = Math.max(version, doc.oldestVersion());
        long now = System.nanoTime();
        try {
            for (OpRecord r : version < from ? opLog.records(version, from) : List.<OpRecord>of()) {
                out.add(new Fanout.Published(
                        r.version(), TextOperation.parse(r.opJson()), Origins.of(r), Optional.empty(), now));
            }
        } catch (OpLog.Compacted e) {
            out.clear();
        }
        List<TextOperation> ops = doc.opsSince(from);
        List<Origins.Entry> entries = origins.after(from);
        for (int i = 0; i < ops.size() && i < entries.size(); i++) {
            Origins.Entry e = entries.get(i);
            out.add(new Fanout.Published(e.version(), ops.get(i), e.origin(), Optional.empty(), now));
        }
        return out;
    }

    /** The ops after {@code version} (at least {@link #oldestVersion}) up to the current one. */
    List<TextOperation> opsSince(int version) {
        return doc.opsSince(version);
    }

    /** What an editor joining now is sent, once the current version is durable ({@link JoinAnswer}). */
    Supplier<ServerMessage.Joined> joined(String joiner, String session, Optional<Integer> from) {
        return JoinAnswer.of(docId, doc, origins, opLog, joiner, session, from);
    }

    /**
     * Moves a selection made at {@code from} to {@code to}; empty when {@code from} is older
     * than the history in memory.
     *
     * @throws InvalidOperationException if a position is beyond the document at {@code from}
     */
    List<Selection.Range> moveSelection(List<Selection.Range> ranges, int from, int to) {
        if (ranges.isEmpty() || from < doc.oldestVersion()) {
            return List.of();
        }
        return doc.transformSelection(from, new Selection(ranges), to).ranges();
    }

    /**
     * The ops that take the document from {@code from} to {@code to} (both at most the current
     * version): from memory, or from the op log when {@code from} is older than the history kept.
     */
    List<TextOperation> opsBetween(int from, int to) {
        return from >= doc.oldestVersion() ? doc.opsSince(from).subList(0, to - from) : opLog.ops(from, to);
    }

    /** The document's length at a version in {@code [oldestVersion(), version()]}. */
    int lengthAt(int version) {
        return doc.lengthAt(version);
    }

    /** The oldest version whose selections and ops can still be moved to the current one. */
    int oldestVersion() {
        return doc.oldestVersion();
    }
}
