package dev.quire.server.document;

import dev.quire.ot.AnchoredRange;
import dev.quire.ot.TextOperation;
import dev.quire.ot.server.Applied;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.SuggestionAction;
import dev.quire.server.protocol.SuggestionView;
import dev.quire.server.storage.Anchor;
import dev.quire.server.storage.SuggestionRecord;
import dev.quire.server.storage.SuggestionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The path of a suggestion change through one live document (issue 17): checked and kept by
 * {@link Suggestions}, then stored, broadcast ({@code suggestion}) and told to the other nodes
 * as the {@link RangeFlow} suggestions share with comments does it (decision 042).
 *
 * <p>An accept is applied by the server (decision 034): in the mailbox, the suggestion's range
 * is moved to the document's current version and its replacement submitted as an ordinary op
 * (author: the accepter), so two people accepting at once cannot apply it twice. The
 * {@code suggestion} message saying it was accepted follows that op ({@code acceptedIn}).
 *
 * <p>Owned by the document's mailbox, like {@link OpPipeline}.
 */
final class SuggestionFlow extends RangeFlow<SuggestionRecord, SuggestionView, ServerMessage.Suggestions> {
    private static final Kind<SuggestionView, ServerMessage.Suggestions> KIND = new Kind<>(
            "suggestion",
            Editor.Accept.SUGGESTIONS,
            ServerMessage.Suggestion::new,
            ServerMessage.Suggestions::new,
            BusMessage.SuggestionChanged::new);

    private final String docId;
    private final OpPipeline pipeline;
    private final Suggestions suggestions;

    SuggestionFlow(
            String docId,
            SuggestionStore store,
            OpPipeline pipeline,
            Roster roster,
            SerialExecutor mailbox,
            Consumer<BusMessage> publish) {
        this(new Suggestions(docId, store, pipeline.history()::opsBetween), store, pipeline, roster, mailbox, publish);
    }

    private SuggestionFlow(
            Suggestions suggestions,
            SuggestionStore store,
            OpPipeline pipeline,
            Roster roster,
            SerialExecutor mailbox,
            Consumer<BusMessage> publish) {
        super(store, suggestions.ranges(), KIND, pipeline, roster, mailbox, publish);
        this.docId = suggestions.ranges().docId();
        this.pipeline = pipeline;
        this.suggestions = suggestions;
    }

    /**
     * Applies {@code action} for {@code who}; {@code result} completes with the suggestions as
     * broadcast once committed (an accept: once its op is durable too), one per suggestion changed.
     *
     * @throws ProtocolException for the client's mistake (nothing is stored or applied)
     */
    void submit(SuggestionAction action, Commenter who, CompletableFuture<List<SuggestionView>> result) {
        int published = pipeline.published();
        // Microseconds, as the databases keep it: what is shown now is what a reload shows.
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        List<CompletableFuture<SuggestionView>> changes = new ArrayList<>();
        if (action instanceof SuggestionAction.Suggest s) {
            int length = lengthAt(s.version());
            changes.add(save(suggestions.suggest(s, who, published, length, now)));
        } else if (action instanceof SuggestionAction.Edit e) {
            changes.add(save(suggestions.edit(e, who, published, now)));
        } else if (action instanceof SuggestionAction.Accept a) {
            changes.add(accept(suggestions.open(a.id()), who, now));
        } else if (action instanceof SuggestionAction.Reject r) {
            changes.add(reject(suggestions.open(r.id()), who, published, now));
        } else if (action instanceof SuggestionAction.AcceptAll) {
            // Oldest first; each at the version the previous acceptance produced.
            for (SuggestionRecord s : suggestions.open()) {
                changes.add(accept(s, who, now));
            }
        } else {
            for (SuggestionRecord s : suggestions.open()) {
                changes.add(reject(s, who, published, now));
            }
        }
        CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new)).whenComplete((ignored, fault) -> {
            if (fault != null) {
                result.completeExceptionally(fault);
            } else {
                result.complete(changes.stream().map(CompletableFuture::join).toList());
            }
        });
    }

    /**
     * Applies the replacement as an op based on the current version, marks the suggestion
     * accepted at the version it produced, and stores that once the op is durable. A suggestion
     * whose replacement changes nothing (an empty text on text already deleted) is only marked.
     */
    private CompletableFuture<SuggestionView> accept(SuggestionRecord s, Commenter who, Instant now) {
        int head = pipeline.version();
        if (head > pipeline.published()
                && pipeline.published() < pipeline.history().oldestVersion()) {
            // The ops between are neither all in memory nor all in the op log yet (rare: more in
            // flight than --history-limit).
            throw new ProtocolException(
                    ErrorCode.RETRY_LATER,
                    "accept: the document is busy, try again",
                    Optional.of(docId),
                    Optional.empty());
        }
        AnchoredRange range = suggestions.rangeAt(s, head);
        int length = pipeline.history().lengthAt(head);
        TextOperation op = TextOperation.builder()
                .retain(range.start())
                .delete(range.length())
                .insert(s.text())
                .retain(length - range.end())
                .build();
        if (op.isNoop()) {
            // Stored at the published version: the message showing it goes out at that version.
            int published = pipeline.published();
            Anchor at = new Anchor(suggestions.rangeAt(s, published), published);
            SuggestionRecord made =
                    suggestions.decide(s.decided("accepted", who.author(), now, OptionalInt.empty(), at));
            return save(made);
        }
        Applied applied = pipeline.submit(new Submission(head, op, new Origin.Script(who.author())))
                .orElseThrow(() -> new IllegalStateException("only sessions resend"));
        int version = applied.version();
        SuggestionRecord made = suggestions.decide(s.decided(
                "accepted", who.author(), now, OptionalInt.of(version), new Anchor(range.transform(op), version)));
        CompletableFuture<SuggestionView> done = new CompletableFuture<>();
        pipeline.whenDurable(version, new DurableWaiters.Waiter() {
            @Override
            public void durable() {
                save(made).whenComplete((view, fault) -> {
                    if (fault != null) {
                        done.completeExceptionally(fault);
                    } else {
                        done.complete(view);
                    }
                });
            }

            @Override
            public void failed(Throwable fault) {
                suggestions.ranges().forget(); // the op was lost: the suggestion is still open in the store
                done.completeExceptionally(fault);
            }
        });
        return done;
    }

    private CompletableFuture<SuggestionView> reject(SuggestionRecord s, Commenter who, int published, Instant now) {
        Anchor at = new Anchor(suggestions.rangeAt(s, published), published);
        return save(suggestions.decide(s.decided("rejected", who.author(), now, OptionalInt.empty(), at)));
    }

    /** Applies {@code action} for a joined editor; a store fault reaches it as {@code internal}. */
    void submitFrom(SuggestionAction action, String clientId, EditorSink sink) {
        Commenter who = commenter(clientId);
        submit(action, who, reportingTo(sink));
    }
}
