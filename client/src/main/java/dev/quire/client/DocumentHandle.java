package dev.quire.client;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One document joined by a {@link QuireClient}. Edits apply to the local text at once and go to
 * the server in the background, one op in flight and later edits composed behind it; each edit's
 * future completes with the server version once the edit is durable, or fails with a
 * {@link QuireException} if the server could not take it ({@link QuireException#unsent()} then
 * holds the text). Nothing is lost across reconnects: the op in flight is resent with its
 * original seq, and the server applies it exactly once.
 *
 * <p>Thread-safety: safe for use from any thread. Calls from other threads run on the client's
 * event thread in call order; {@link #text()}, {@link #version()} and {@link #pending()} read the
 * state after the last event.
 */
public final class DocumentHandle {
    private final String docId;
    private final EventLoop loop;
    private volatile DocumentSession session;

    DocumentHandle(String docId, EventLoop loop) {
        this.docId = docId;
        this.loop = loop;
    }

    void bind(DocumentSession session) {
        this.session = session;
    }

    public String docId() {
        return docId;
    }

    /** The local text: the server's text at {@link #version()} plus this client's unacknowledged edits. */
    public String text() {
        return session.view().text();
    }

    /** The last server version this client has seen. */
    public int version() {
        return session.view().version();
    }

    /** Local edits not yet acknowledged by the server (sent or waiting to be sent). */
    public int pending() {
        return session.view().pending();
    }

    /** Whether the document is joined on an open socket now (false while reconnecting). */
    public boolean isJoined() {
        return session.view().joined();
    }

    /**
     * Applies {@code op} to the local text and sends it. {@code op.baseLength()} must equal the
     * length of the text when the edit runs on the event thread: from a {@link DocumentListener}
     * callback that is the text the callback saw; from another thread prefer
     * {@link #edit(Function)} or {@link #setText(String)}, which read the text then.
     *
     * @return the server version once the edit is durable; fails with IllegalArgumentException
     *     (base length), or QuireException ({@code resync}, {@code closed}, …)
     */
    public CompletableFuture<Integer> submit(TextOperation op) {
        Objects.requireNonNull(op, "op");
        return loop.call(() -> session.edit(op));
    }

    /**
     * Computes an edit from the current local text on the event thread and submits it, e.g. an
     * append: {@code doc.edit(text -> TextOperation.builder().retain(text.length()).insert(line).build())}.
     */
    public CompletableFuture<Integer> edit(Function<String, TextOperation> edit) {
        Objects.requireNonNull(edit, "edit");
        return loop.call(() -> session.edit(edit.apply(session.text())));
    }

    /**
     * Makes the local text {@code text}: the edit is the smallest single splice from the current
     * text (ot-core's {@link TextOperation#diff}), so concurrent edits elsewhere in the document
     * survive. A program that rewrites a whole document ("set the text to …") uses this.
     */
    public CompletableFuture<Integer> setText(String text) {
        Objects.requireNonNull(text, "text");
        return loop.call(() -> session.edit(TextOperation.diff(session.text(), text)));
    }

    /** Completes with the server version once every edit made so far is durable. */
    public CompletableFuture<Integer> synced() {
        return loop.call(() -> session.synced());
    }

    /** Shows this client's selection to the others (sent when nothing is unacknowledged). */
    public void select(Selection selection) {
        Objects.requireNonNull(selection, "selection");
        loop.execute(() -> session.select(Optional.of(selection)));
    }

    /** Shows no selection of this client any more. */
    public void clearSelection() {
        loop.execute(() -> session.select(Optional.empty()));
    }

    /** The other editors, with selections in this client's text. */
    public CompletableFuture<List<Peer>> peers() {
        return loop.call(() -> CompletableFuture.completedFuture(session.peers()));
    }

    /**
     * Leaves the document; edits not yet acknowledged fail with {@code closed} (wait for
     * {@link #synced()} first to keep them).
     */
    public void leave() {
        loop.execute(() -> session.leave());
    }

    @Override
    public String toString() {
        return "DocumentHandle[" + docId + ", version " + version() + ", pending " + pending() + "]";
    }
}
