package dev.quire.server.document;

import dev.quire.ot.Authorship;
import dev.quire.ot.TextOperation;
import dev.quire.server.storage.AuthorshipText;
import dev.quire.server.storage.OpRecord;
import dev.quire.server.storage.Snapshot;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who inserted each span of a live document's current text (issue 17, decision 033): rebuilt on
 * load from the newest snapshot's authorship and the ops after it, moved through every op the
 * document applies, and stored with every snapshot.
 *
 * <p>The author of an op is the name its op-log row records ({@link OpRecord#author()}), its time
 * that row's time truncated to the minute ({@link #minute}), so that the spans rebuilt from the
 * log are the spans kept live, and one person's minute of typing is one span.
 *
 * <p>Owned by the live document's mailbox, like the {@link OpPipeline} that calls it; not
 * thread-safe.
 */
final class LiveAuthorship {
    private static final Logger log = LoggerFactory.getLogger(LiveAuthorship.class);
    private final String docId;
    private Authorship current = Authorship.empty();
    /**
     * On a shared store only: the spans at the last durable version, so that a document going back
     * to that version in memory (another node's commit won, decision 037) goes back here too.
     */
    private Authorship durable;

    LiveAuthorship(String docId) {
        this.docId = docId;
    }

    /** Starts over from {@code snapshot}; the ops after it follow through {@link #applied}. */
    void reset(Snapshot snapshot) {
        current = read(snapshot);
    }

    /** The op of {@code record} was applied to the document. */
    void applied(TextOperation op, OpRecord record) {
        current.apply(op, record.author(), minute(record.time()));
    }

    /** The spans now are durable; kept from here on ({@link #durableApplied}) if {@code shared}. */
    void markDurable(boolean shared) {
        durable = shared ? current.copy() : null;
    }

    /** The op of {@code record}, applied earlier, is durable now (a shared store). */
    void durableApplied(TextOperation op, OpRecord record) {
        if (durable != null) {
            durable.apply(op, record.author(), minute(record.time()));
        }
    }

    /** An op applied and durable at once (another node's commit). */
    void appliedDurable(TextOperation op, OpRecord record) {
        applied(op, record);
        durableApplied(op, record);
    }

    /** Goes back to the spans at the last durable version (see {@link #markDurable}). */
    void rewind() {
        current = durable.copy();
    }

    /** The stored form of the current spans, for a snapshot of the current text. */
    String encoded() {
        return AuthorshipText.encode(current);
    }

    /** The stored form of the authorship at the end of {@code ops} (from an empty text; an import). */
    static String replayed(List<OpRecord> ops) {
        Authorship a = Authorship.empty();
        for (OpRecord r : ops) {
            a.apply(TextOperation.parse(r.opJson()), r.author(), minute(r.time()));
        }
        return AuthorshipText.encode(a);
    }

    /**
     * The authorship a snapshot records. One that cannot be read (it never should) is logged and
     * read as "all by an unknown author": the text still loads, only its colours are lost.
     */
    Authorship read(Snapshot snapshot) {
        try {
            return AuthorshipText.decode(
                    snapshot.authorship(), snapshot.content().length());
        } catch (IllegalArgumentException e) {
            log.warn(
                    "document {}: the authorship of the snapshot at version {} is unreadable ({}); its text is shown"
                            + " as by an unknown author",
                    docId,
                    snapshot.version(),
                    e.getMessage());
            return Authorship.of(snapshot.content().length(), "", 0);
        }
    }

    /** {@code time} in epoch milliseconds, truncated to the minute. */
    static long minute(Instant time) {
        long ms = time.toEpochMilli();
        return ms - Math.floorMod(ms, 60_000L);
    }
}
