package dev.quire.server.document;

import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.Anchor;
import dev.quire.server.storage.RangeRecord;
import dev.quire.server.storage.RangeStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of a change to an anchored range through one live document (issue 17, decision 042),
 * the same for comments and suggestions: kept by {@link AnchoredRanges}, stored, then — once
 * committed, in the document's mailbox — broadcast with its range at the durable version to every
 * editor that asked for that kind, in version order with the ops (the message follows every op
 * up to its version on each socket), and told to the other nodes by its id; a node that hears it
 * reads the record again and broadcasts it the same way ({@link #heard}).
 *
 * <p>{@link CommentFlow} and {@link SuggestionFlow} add their actions; what they share is here.
 *
 * <p>Owned by the document's mailbox, like {@link OpPipeline}.
 *
 * @param <R> the stored record
 * @param <V> the record as shown
 * @param <L> the listing message (every record, for a join, REST and the export)
 */
abstract class RangeFlow<R extends RangeRecord<R>, V, L extends ServerMessage> {
    private static final Logger log = LoggerFactory.getLogger(RangeFlow.class);

    /** One change of a record, its range at {@code version}: {@code comment}, {@code suggestion}. */
    interface Changed<V> {
        ServerMessage message(String docId, int version, V view);
    }

    /** Every record at {@code version}, for the editor {@code you} ("" for none): {@code comments}, {@code suggestions}. */
    interface Listing<V, L> {
        L message(String docId, int version, String you, List<V> views);
    }

    /**
     * What a kind of range is called and how its messages are made.
     *
     * @param name the kind's name in errors and logs: {@code comment}, {@code suggestion}
     * @param accept the editors it is sent to: those that asked for it at join
     * @param changed the message of one change
     * @param listing the message of every record
     * @param told the bus message that tells the other nodes a record changed, by its id
     */
    record Kind<V, L extends ServerMessage>(
            String name,
            Editor.Accept accept,
            Changed<V> changed,
            Listing<V, L> listing,
            LongFunction<BusMessage> told) {}

    private final String docId;
    private final RangeStore<R> store;
    private final AnchoredRanges<R, V> ranges;
    private final Kind<V, L> kind;
    private final OpPipeline pipeline;
    private final Roster roster;
    private final SerialExecutor mailbox;
    /** Tells the other nodes (a bus other than local); any thread. */
    private final Consumer<BusMessage> publish;

    protected RangeFlow(
            RangeStore<R> store,
            AnchoredRanges<R, V> ranges,
            Kind<V, L> kind,
            OpPipeline pipeline,
            Roster roster,
            SerialExecutor mailbox,
            Consumer<BusMessage> publish) {
        this.docId = ranges.docId();
        this.store = store;
        this.ranges = ranges;
        this.kind = kind;
        this.pipeline = pipeline;
        this.roster = roster;
        this.mailbox = mailbox;
        this.publish = publish;
    }

    /**
     * Stores {@code made} (kept already); once committed, broadcasts it from the mailbox at the
     * published version and tells the other nodes. Completes with the record as broadcast.
     */
    CompletableFuture<V> save(R made) {
        CompletableFuture<V> result = new CompletableFuture<>();
        store.save(made).whenComplete((ignored, fault) -> {
            boolean queued = mailbox.execute(() -> {
                if (fault != null) {
                    ranges.forget(); // what is kept may hold the lost write: read the store again
                    result.completeExceptionally(fault);
                    return;
                }
                ranges.committed(made);
                int now = pipeline.published();
                V view = ranges.view(made, now);
                roster.sendTo(kind.accept(), kind.changed().message(docId, now, view));
                publish.accept(kind.told().apply(made.id()));
                result.complete(view);
            });
            if (!queued) {
                // The document unloaded meanwhile (nobody was joined here): only other nodes may care.
                if (fault != null) {
                    result.completeExceptionally(fault);
                } else {
                    publish.accept(kind.told().apply(made.id()));
                    result.complete(ranges.asStored(made));
                }
            }
        });
        return result;
    }

    /**
     * Another node committed a change to record {@code id}: what is kept here is read again and
     * the record sent to this node's editors that asked for the kind, its range at the durable
     * version. A record anchored at a version this node has not made durable yet (ops of its own
     * in flight) is not sent: its editors get it with their next join.
     */
    void heard(long id) {
        ranges.reread();
        Optional<R> r = ranges.kept(id);
        if (r.isEmpty()) {
            return;
        }
        Optional<Anchor> anchor = r.get().anchorIfAny();
        if (anchor.map(a -> a.version() > pipeline.published()).orElse(false)) {
            pipeline.catchUp();
        }
        int now = pipeline.published();
        if (anchor.map(a -> a.version() > now).orElse(false)) {
            return;
        }
        roster.sendTo(kind.accept(), kind.changed().message(docId, now, ranges.view(r.get(), now)));
    }

    /** The durable version: what is broadcast now is shown at it. */
    int published() {
        return pipeline.published();
    }

    /**
     * The document's length at {@code version}, where a new range is checked.
     *
     * @throws ProtocolException {@code version-out-of-range} past the published version
     */
    int lengthAt(int version) {
        int published = pipeline.published();
        if (version < 0 || version > published) {
            throw new ProtocolException(
                    ErrorCode.VERSION_OUT_OF_RANGE,
                    kind.name() + ": version " + version + " is outside 0.." + published,
                    Optional.of(docId),
                    Optional.empty());
        }
        if (version >= pipeline.history().oldestVersion()) {
            return pipeline.history().lengthAt(version);
        }
        return pipeline.history().opsBetween(version, version + 1).get(0).baseLength();
    }

    /**
     * Who a joined editor is as an author of ranges. An admin moderates (edits or deletes
     * anyone's) only when users are told apart.
     *
     * @throws ProtocolException {@code not-joined}
     */
    Commenter commenter(String clientId) {
        Editor e = roster.editor(clientId)
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.NOT_JOINED, "not joined to document " + docId, Optional.of(docId), Optional.empty()));
        boolean moderator = e.role.equals("admin") && !e.userId.isEmpty();
        return new Commenter(e.owner(), e.user.name(), moderator);
    }

    /**
     * A result for a change an editor made: a store fault reaches it as {@code internal}, logged
     * once with a correlation id.
     */
    <T> CompletableFuture<T> reportingTo(EditorSink sink) {
        CompletableFuture<T> result = new CompletableFuture<>();
        result.whenComplete((ignored, fault) -> {
            if (fault != null) {
                String id = Correlation.next();
                log.error("[{}] a {} change of document {} was not stored", id, kind.name(), docId, fault);
                sink.send(new ServerMessage.Error(
                        ErrorCode.INTERNAL, "internal error " + id, Optional.of(docId), Optional.empty()));
            }
        });
        return result;
    }

    /** The listing after the {@code joined} of an editor that asked for the kind. */
    List<ServerMessage> joinExtras(Editor e, int version) {
        return e.accepts(kind.accept())
                ? List.of(kind.listing().message(docId, version, e.owner(), ranges.at(version)))
                : List.of();
    }

    /** Every record at the durable version ({@code you} empty: for REST and the export). */
    L all() {
        int version = pipeline.published();
        return kind.listing().message(docId, version, "", ranges.at(version));
    }

    /**
     * Stores the records of an imported document as they are; what was read is read again once
     * they are committed.
     */
    CompletableFuture<Void> importAll(List<R> records) {
        CompletableFuture<?>[] saves = records.stream().map(store::save).toArray(CompletableFuture[]::new);
        ranges.forget();
        return CompletableFuture.allOf(saves).whenComplete((ignored, fault) -> mailbox.execute(ranges::forget));
    }

    /** Forgets what was read (the document was deleted, here or on another node). */
    void forget() {
        ranges.forget();
    }

    /** The document was deleted: its records go with it. */
    CompletableFuture<Void> deleteAll() {
        ranges.forget();
        return store.deleteAll(docId);
    }
}
