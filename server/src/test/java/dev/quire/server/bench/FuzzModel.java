package dev.quire.server.bench;

import dev.quire.ot.TextOperation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fuzzer believes about the server, so that some of its messages are valid: for each
 * document the last few (version, text) pairs it heard of (from {@code joined} contents and
 * catch-ups and the {@code op} broadcasts its sockets receive, chained version by version), and
 * for each (session, document) the next seq. Beliefs are often stale, and that is intended: an
 * op based on an older version is still valid (the server transforms it), and a stale seq is one
 * of the mutations.
 *
 * <p>Thread-safe: the sockets' reader threads update it, the fuzzer's thread reads it.
 */
final class FuzzModel {
    /** A document's text at one version. */
    record Snapshot(int version, String text) {}

    private static final int KEPT = 32;

    private final Map<String, Deque<Snapshot>> docs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();
    /** Broadcast ops that did not fit the text the chain predicted: each a server bug or a model bug. */
    final AtomicLong mismatches = new AtomicLong();

    /** The newest snapshot of {@code doc}, if any. */
    Optional<Snapshot> latest(String doc) {
        Deque<Snapshot> d = docs.get(doc);
        if (d == null) {
            return Optional.empty();
        }
        synchronized (d) {
            return Optional.ofNullable(d.peekLast());
        }
    }

    /** A snapshot {@code back} steps before the newest one (or the oldest kept), if any. */
    Optional<Snapshot> older(String doc, int back) {
        Deque<Snapshot> d = docs.get(doc);
        if (d == null) {
            return Optional.empty();
        }
        synchronized (d) {
            Snapshot[] all = d.toArray(new Snapshot[0]);
            return all.length == 0 ? Optional.empty() : Optional.of(all[Math.max(0, all.length - 1 - back)]);
        }
    }

    /** The server says {@code doc} has {@code text} at {@code version} (a {@code joined} with content). */
    void content(String doc, int version, String text) {
        Deque<Snapshot> d = docs.computeIfAbsent(doc, k -> new ArrayDeque<>());
        synchronized (d) {
            Snapshot last = d.peekLast();
            if (last == null || version > last.version()) {
                if (last != null && version != last.version() + 1) {
                    d.clear();
                }
                d.addLast(new Snapshot(version, text));
                trim(d);
            }
        }
    }

    /** The server says {@code op} produced {@code version} of {@code doc} (a broadcast or catch-up entry). */
    void op(String doc, int version, TextOperation op) {
        Deque<Snapshot> d = docs.get(doc);
        if (d == null) {
            return;
        }
        synchronized (d) {
            Snapshot last = d.peekLast();
            if (last == null || version != last.version() + 1) {
                return;
            }
            if (op.baseLength() != last.text().length()) {
                mismatches.incrementAndGet();
                d.clear();
                return;
            }
            d.addLast(new Snapshot(version, op.apply(last.text())));
            trim(d);
        }
    }

    /** The document was deleted: forget its texts and its seqs (a new one starts at 1). */
    void forget(String doc) {
        docs.remove(doc);
        seqs.keySet().removeIf(k -> k.endsWith("/" + doc));
    }

    /** The seq a well-behaved client of {@code session} would send next in {@code doc}; counts it as used. */
    long takeSeq(String session, String doc) {
        return seqs.computeIfAbsent(session + "/" + doc, k -> new AtomicLong()).incrementAndGet();
    }

    /** The last seq handed out for {@code session} in {@code doc} (0 if none). */
    long lastSeq(String session, String doc) {
        AtomicLong s = seqs.get(session + "/" + doc);
        return s == null ? 0 : s.get();
    }

    /** The server acknowledged {@code seq}: the next one is {@code seq + 1} whatever was guessed. */
    void acked(String session, String doc, long seq) {
        seqs.computeIfAbsent(session + "/" + doc, k -> new AtomicLong()).accumulateAndGet(seq, Math::max);
    }

    /**
     * The server refused {@code seq} of {@code session} in {@code doc} with {@code code}: moves the
     * guess so that a later valid op fits again (a refused op used no seq; a gap means the last
     * committed seq is lower, found by stepping down; a reuse means it is at least {@code seq}).
     */
    void rejected(String session, String doc, long seq, String code) {
        AtomicLong s = seqs.computeIfAbsent(session + "/" + doc, k -> new AtomicLong());
        switch (code) {
            case "seq-reused" -> s.accumulateAndGet(seq, Math::max);
            case "seq-gap" -> s.updateAndGet(v -> v >= seq ? Math.max(0, seq - 2) : v);
            default -> s.compareAndSet(seq, seq - 1);
        }
    }

    private static void trim(Deque<Snapshot> d) {
        while (d.size() > KEPT) {
            d.removeFirst();
        }
    }
}
