package dev.quire.server.document;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recent ops of a live document with who made them, bounded like ServerDocument's history:
 * for catch-up joins, presence transforms and exactly-once checks. Owned by the document's
 * mailbox.
 */
final class History {
    /** One applied op: the version it produced, the op as applied and its origin. */
    record Entry(
            int version,
            TextOperation op,
            String clientId,
            String session,
            long seq,
            int baseVersion,
            long submitHash) {}

    private record SeqKey(String session, long seq) {}

    private final int limit;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private final Map<SeqKey, Entry> bySeq = new HashMap<>();
    private int base;
    private int baseLength;

    History(int limit) {
        this.limit = limit;
    }

    /** Starts empty at {@code version}, where the document has {@code length} characters. */
    void reset(int version, int length) {
        entries.clear();
        bySeq.clear();
        base = version;
        baseLength = length;
    }

    void add(Entry e) {
        entries.add(e);
        if (!e.session().isEmpty()) {
            bySeq.put(new SeqKey(e.session(), e.seq()), e);
        }
        if (entries.size() >= 2 * limit) {
            List<Entry> dropped = entries.subList(0, entries.size() - limit);
            for (Entry d : dropped) {
                bySeq.remove(new SeqKey(d.session(), d.seq()));
            }
            base = dropped.get(dropped.size() - 1).version();
            baseLength = dropped.get(dropped.size() - 1).op().targetLength();
            dropped.clear();
        }
    }

    /** The oldest version whose following ops are all kept. */
    int oldest() {
        return base;
    }

    Optional<Entry> bySeq(String session, long seq) {
        return Optional.ofNullable(bySeq.get(new SeqKey(session, seq)));
    }

    /** The entries producing versions {@code from+1 .. to}; {@code from >= oldest()}. */
    List<Entry> between(int from, int to) {
        return entries.subList(from - base, to - base);
    }

    /** The document's length at a version in {@code [oldest(), newest]}. */
    int lengthAt(int version) {
        return version == base
                ? baseLength
                : entries.get(version - base - 1).op().targetLength();
    }

    /** Moves ranges at {@code from} to {@code to} through the kept ops. */
    List<Selection.Range> transform(List<Selection.Range> ranges, int from, int to) {
        if (ranges.isEmpty()) {
            return ranges;
        }
        Selection s = new Selection(ranges);
        for (Entry e : between(from, to)) {
            s = s.transform(e.op());
        }
        return s.ranges();
    }
}
