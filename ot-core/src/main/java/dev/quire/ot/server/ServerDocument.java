package dev.quire.ot.server;

import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.Selection;
import dev.quire.ot.TextBuffer;
import dev.quire.ot.TextOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntToLongFunction;

/**
 * The server side of the OT algorithm for one document (ot.js's {@code Server}).
 *
 * <p>Clients send operations based on the last version they had seen. {@link #submit} transforms
 * such an operation against every operation applied since that version, one at a time, applies
 * the result and remembers it. When the submitted operation and one in history insert at the same
 * place, the submitted text comes first ({@code transform(submitted, historyOp)}); clients break
 * ties the same way, so every replica agrees.
 *
 * <pre>{@code
 * ServerDocument doc = new ServerDocument("", 0);
 * Applied a = doc.submit(0, TextOperation.builder().insert("Hi").build());  // version 1
 * Applied b = doc.submit(0, TextOperation.builder().insert("Yo").build());  // version 2, "YoHi"
 * }</pre>
 *
 * <p>A long operation (a client's offline branch) is transformed against each short history op
 * in O(log n) on its tree of pieces (docs/decisions/014), so a branch of m components based k
 * versions back costs about O(m log m + k log m), not O(k · m). The history is not composed
 * first: that would not be the transform clients compute one op at a time (docs/ot.md).
 *
 * <p>The text lives in a gap buffer, so an operation costs time in proportion to its own size
 * (plus how far the gap moves), not to the document's length. The last {@code historyLimit}
 * operations stay in memory; a base version older than that throws
 * {@link VersionOutOfRangeException}.
 *
 * <p>No I/O: the caller stores, acknowledges and broadcasts what {@link #submit} returns. Not
 * thread-safe: one owner serialises every call.
 */
public final class ServerDocument {
    /** How many operations a document keeps in memory unless told otherwise. */
    public static final int DEFAULT_HISTORY_LIMIT = 10_000;

    private TextBuffer text;
    private final int historyLimit;
    // history.get(i) produced version historyBase + i + 1.
    private final ArrayList<TextOperation> history = new ArrayList<>();
    private int historyBase;
    private int version;
    private long utf8Length;

    /**
     * A document with {@code content} at {@code version} and no history before it, keeping the
     * last {@value #DEFAULT_HISTORY_LIMIT} operations.
     *
     * @param content the text at {@code version}
     * @param version the document's version, &gt;= 0
     * @throws IllegalArgumentException if version is negative
     */
    public ServerDocument(String content, int version) {
        this(content, version, DEFAULT_HISTORY_LIMIT);
    }

    /**
     * A document with {@code content} at {@code version}, keeping the last {@code historyLimit}
     * operations in memory.
     *
     * @param content the text at {@code version}
     * @param version the document's version, &gt;= 0
     * @param historyLimit how many operations to keep, &gt;= 1
     * @throws IllegalArgumentException if version or historyLimit is out of range
     */
    public ServerDocument(String content, int version, int historyLimit) {
        Objects.requireNonNull(content, "content");
        if (version < 0) {
            throw new IllegalArgumentException("version: expected >= 0, found " + version);
        }
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit: expected >= 1, found " + historyLimit);
        }
        this.text = new TextBuffer(content);
        this.utf8Length = SubmitChecks.utf8Length(content);
        this.version = version;
        this.historyBase = version;
        this.historyLimit = historyLimit;
    }

    /**
     * Transforms {@code op}, made on the document at {@code baseVersion}, against every operation
     * applied since, applies it and returns the new version with the operation as applied.
     *
     * @param baseVersion the version the operation was made on
     * @param op the operation, applying to the document at baseVersion
     * @return the new version and the operation as applied
     * @throws VersionOutOfRangeException if baseVersion is ahead of the document or older than the
     *     history kept; nothing changes
     * @throws InvalidOperationException if op does not fit the document at baseVersion or would
     *     split a surrogate pair; nothing changes
     */
    public Applied submit(int baseVersion, TextOperation op) {
        return submit(baseVersion, op, Long.MAX_VALUE);
    }

    /**
     * Like {@link #submit(int, TextOperation)}, but refuses an operation that would make the text
     * longer than {@code maxUtf8Length} UTF-8 bytes (ops that shrink or keep the length always
     * pass, so a document over a lowered limit can still be edited down).
     *
     * @param baseVersion the version the operation was made on
     * @param op the operation, applying to the document at baseVersion
     * @param maxUtf8Length the longest text allowed after a growing operation, in UTF-8 bytes
     * @return the new version and the operation as applied
     * @throws DocumentTooLargeException if the op as transformed would grow the text past the
     *     limit; nothing changes
     */
    public Applied submit(int baseVersion, TextOperation op, long maxUtf8Length) {
        Objects.requireNonNull(op, "op");
        checkVersion("submit", baseVersion);
        int from = baseVersion - historyBase;
        int expected = lengthAt(baseVersion);
        if (op.baseLength() != expected) {
            throw new InvalidOperationException("submit: op.baseLength " + op.baseLength() + " != document length "
                    + expected + " at version " + baseVersion);
        }
        TextOperation applied = TextOperation.transformAgainstAll(op, history.subList(from, history.size()));
        return place(applied, maxUtf8Length);
    }

    /**
     * Submits operation {@code seq} of a session that may have earlier operations in flight
     * (pipelining, docs/decisions/039): {@code op} applies to the document at {@code baseVersion}
     * followed by every operation of the session that was placed after that version or is not
     * placed yet, in seq order, as its client held them. {@code inFlight} is what the last call
     * for this session returned (or {@link InFlight#none} for its first operation); the returned
     * {@link Placed#inFlight()} is kept for the next. When {@code inFlight} already holds
     * {@code seq} (the operation is placed again after the ones after the durable version were
     * taken back, decision 037), it is placed from there and {@code inFlight} stays.
     *
     * <p>A session with nothing of its own after {@code baseVersion} pays the same as
     * {@link #submit(int, TextOperation, long)}; the others pay one transform per operation in
     * flight per other author's operation since the oldest one's version.
     *
     * @param baseVersion the version the client had received when it sent the operation
     * @param seq the session's sequence number of the operation
     * @param op the operation as sent
     * @param inFlight the session's operations in flight, as last returned
     * @param sessionSeq the session's seq of the operation that produced a version (after the
     *     oldest kept one), 0 when another author's
     * @param maxUtf8Length the longest text allowed after a growing operation, in UTF-8 bytes
     * @param maxInFlight the most operations the session may have in flight, this one included
     * @return the operation as applied and the session's operations in flight for the next call
     * @throws VersionOutOfRangeException if baseVersion, or the version of {@code inFlight} when
     *     the operation needs it, is outside the kept history; nothing changes
     * @throws InFlightUnknownException if the session's operations in the log are not those of
     *     {@code inFlight}, or seq is not newer than them; nothing changes
     * @throws TooManyInFlightException if maxInFlight operations of the session are in flight
     *     already; nothing changes
     * @throws InvalidOperationException if op does not fit the document it follows; nothing changes
     */
    public Placed submit(
            int baseVersion,
            long seq,
            TextOperation op,
            InFlight inFlight,
            IntToLongFunction sessionSeq,
            long maxUtf8Length,
            int maxInFlight) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(inFlight, "inFlight");
        checkVersion("submit", baseVersion);
        InFlight next = inFlight;
        if (!inFlight.contains(seq)) {
            if (seq <= inFlight.newestSeq() || baseVersion < inFlight.version()) {
                throw new InFlightUnknownException("submit: seq " + seq + " at version " + baseVersion
                        + " is not after the session's ops in flight " + Bridge.seqs(inFlight.ops()) + " at version "
                        + inFlight.version());
            }
            List<InFlight.Sent> before = inFlight.ops().isEmpty()
                    ? List.of()
                    : bridge(inFlight.ops(), inFlight.version(), baseVersion, sessionSeq);
            if (before.size() >= maxInFlight) {
                throw new TooManyInFlightException(
                        "submit: " + before.size() + " ops of the session in flight at version " + baseVersion
                                + ", the most allowed is " + maxInFlight);
            }
            int expected = before.isEmpty()
                    ? lengthAt(baseVersion)
                    : before.get(before.size() - 1).op().targetLength();
            if (op.baseLength() != expected) {
                Bridge.checkKnown(inFlight, Math.max(inFlight.version(), historyBase), version, sessionSeq);
                throw new InvalidOperationException("submit: op.baseLength " + op.baseLength()
                        + " != document length " + expected + " at version " + baseVersion + " after "
                        + before.size() + " ops in flight");
            }
            List<InFlight.Sent> ops = new ArrayList<>(before);
            ops.add(new InFlight.Sent(seq, op));
            next = new InFlight(baseVersion, ops);
        }
        List<InFlight.Sent> moved = bridge(next.ops(), next.version(), version, sessionSeq);
        if (moved.isEmpty() || moved.get(0).seq() != seq) {
            throw new InFlightUnknownException(
                    "submit: the session's ops before seq " + seq + " are not placed: " + Bridge.seqs(moved));
        }
        return new Placed(place(moved.get(0).op(), maxUtf8Length), next);
    }

    private List<InFlight.Sent> bridge(List<InFlight.Sent> ops, int from, int to, IntToLongFunction sessionSeq) {
        checkVersion("submit", from);
        return Bridge.move(ops, history.subList(from - historyBase, to - historyBase), from, sessionSeq);
    }

    /** Applies an operation already transformed to the current version. */
    private Applied place(TextOperation applied, long maxUtf8Length) {
        SubmitChecks.validate(text, applied);
        long delta = SubmitChecks.utf8Delta(text, applied);
        if (delta > 0 && utf8Length + delta > maxUtf8Length) {
            throw new DocumentTooLargeException("submit: the text would be " + (utf8Length + delta)
                    + " UTF-8 bytes, over the limit of " + maxUtf8Length);
        }
        text.apply(applied);
        utf8Length += delta;
        history.add(applied);
        version++;
        // Trim in batches; written as a difference so a limit above 2^30 cannot overflow.
        if (history.size() - historyLimit >= historyLimit) {
            int drop = history.size() - historyLimit;
            history.subList(0, drop).clear();
            historyBase += drop;
        }
        return new Applied(version, applied);
    }

    /**
     * Takes the document back to {@code version}: the operations applied after it are dropped,
     * and {@code content} becomes the text. For a caller whose store refused those operations
     * (another writer committed that version first) and that will submit them again after the
     * winners. The document cannot rebuild deleted text from its operations alone, so the caller
     * passes the text it kept at that version.
     *
     * @param version a version in the kept history, at most {@link #version()}
     * @param content the text at {@code version}
     * @throws VersionOutOfRangeException if the version is not in the kept history; nothing changes
     * @throws IllegalArgumentException if content's length is not the document's length at that
     *     version; nothing changes
     */
    public void rewind(int version, String content) {
        Objects.requireNonNull(content, "content");
        checkVersion("rewind", version);
        int expected = lengthAt(version);
        if (content.length() != expected) {
            throw new IllegalArgumentException("rewind: content.length " + content.length() + " != document length "
                    + expected + " at version " + version);
        }
        history.subList(version - historyBase, history.size()).clear();
        text = new TextBuffer(content);
        utf8Length = SubmitChecks.utf8Length(content);
        this.version = version;
    }

    /**
     * Moves a selection made on the document at {@code version} to the current version, for
     * presence: remote cursors stay on the right character. The same as
     * {@link #transformSelection(int, Selection, int) transformSelection(version, selection,
     * version())}.
     *
     * @param version the version the selection was made on
     * @param selection the selection
     * @return the selection at {@link #version()}
     * @throws VersionOutOfRangeException if the version is not in the kept history
     * @throws InvalidOperationException if a position is beyond the document at that version
     */
    public Selection transformSelection(int version, Selection selection) {
        return transformSelection(version, selection, this.version);
    }

    /**
     * Moves a selection made on the document at {@code fromVersion} through the kept operations
     * that took it to {@code toVersion}, which may be behind {@link #version()}: presence is kept
     * at the last durable version.
     *
     * <pre>{@code
     * ServerDocument doc = new ServerDocument("abc", 0);
     * doc.submit(0, TextOperation.builder().insert("xy").retain(3).build());  // version 1
     * doc.submit(1, TextOperation.builder().retain(5).insert("!").build());   // version 2
     * doc.transformSelection(0, Selection.cursor(1), 1);                       // cursor at 3
     * }</pre>
     *
     * @param fromVersion the version the selection was made on
     * @param selection the selection
     * @param toVersion the version to move it to, &gt;= fromVersion
     * @return the selection at toVersion
     * @throws VersionOutOfRangeException if either version is outside
     *     {@code [oldestVersion(), version()]}
     * @throws IllegalArgumentException if toVersion is before fromVersion
     * @throws InvalidOperationException if a position is beyond the document at fromVersion
     */
    public Selection transformSelection(int fromVersion, Selection selection, int toVersion) {
        Objects.requireNonNull(selection, "selection");
        checkVersion("transformSelection", fromVersion);
        checkVersion("transformSelection", toVersion);
        if (toVersion < fromVersion) {
            throw new IllegalArgumentException(
                    "transformSelection: toVersion " + toVersion + " is before fromVersion " + fromVersion);
        }
        int length = lengthAt(fromVersion);
        for (Selection.Range range : selection.ranges()) {
            int furthest = Math.max(range.anchor(), range.head());
            if (furthest > length) {
                throw new InvalidOperationException("transformSelection: position " + furthest
                        + " beyond document length " + length + " at version " + fromVersion);
            }
        }
        Selection moved = selection;
        for (int i = fromVersion - historyBase, n = toVersion - historyBase; i < n; i++) {
            moved = moved.transform(history.get(i));
        }
        return moved;
    }

    /**
     * The length in UTF-16 code units of the document at {@code version}, from the kept history.
     *
     * @param version a version in the kept history
     * @return the length at that version
     * @throws VersionOutOfRangeException if the version is outside {@code [oldestVersion(),
     *     version()]}
     */
    public int lengthAt(int version) {
        checkVersion("lengthAt", version);
        int index = version - historyBase;
        return index < history.size() ? history.get(index).baseLength() : text.length();
    }

    private void checkVersion(String function, int baseVersion) {
        if (baseVersion < oldestVersion() || baseVersion > version) {
            throw new VersionOutOfRangeException(function, baseVersion, oldestVersion(), version);
        }
    }

    /**
     * The current text. Costs a copy of the document.
     *
     * @return the text
     */
    public String content() {
        return text.toString();
    }

    /**
     * The current length in UTF-16 code units.
     *
     * @return the length
     */
    public int length() {
        return text.length();
    }

    /**
     * The current length in UTF-8 bytes, kept up to date by every submit (no scan).
     *
     * @return the length in UTF-8 bytes
     */
    public long utf8Length() {
        return utf8Length;
    }

    /**
     * The number of operations applied to the document since it was empty.
     *
     * @return the version
     */
    public int version() {
        return version;
    }

    /**
     * The oldest base version {@link #submit} still accepts.
     *
     * @return the oldest accepted base version
     */
    public int oldestVersion() {
        return Math.max(historyBase, version - historyLimit);
    }

    /**
     * The operations that took the document from {@code version} to the current version, oldest
     * first; the one at index i produced version {@code version + i + 1}.
     *
     * @param version a version in the kept history
     * @return the operations, an unmodifiable list
     * @throws VersionOutOfRangeException if the version is not in the kept history
     */
    public List<TextOperation> opsSince(int version) {
        checkVersion("opsSince", version);
        return List.copyOf(history.subList(version - historyBase, history.size()));
    }
}
