package dev.quire.server.document;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Exactly-once bookkeeping of one document: each session's last seq, and whether a submitted
 * (session, seq) is new, a resend of an op already applied (in memory or in the store), a reused
 * seq or a gap. Owned by the document's mailbox; not thread-safe.
 */
final class SeqLedger {
    /** What to do with a submitted op. */
    sealed interface Verdict permits Apply, Resend {}

    /** A new op: apply it. */
    record Apply() implements Verdict {}

    /** A resend of the op that produced {@code version}: answer with its ack, apply nothing. */
    record Resend(int version) implements Verdict {}

    private final String docId;
    private final DocumentStore store;
    private final History history;
    private final Map<String, Long> lastSeq = new HashMap<>();

    SeqLedger(String docId, DocumentStore store, History history) {
        this.docId = docId;
        this.store = store;
        this.history = history;
    }

    void reset() {
        lastSeq.clear();
    }

    /** An op of the document as loaded from the store. */
    void loaded(String session, long seq) {
        lastSeq.merge(session, seq, Math::max);
    }

    /** The op (session, seq) was applied. */
    void accepted(String session, long seq) {
        lastSeq.put(session, seq);
    }

    /**
     * Checks a submitted op.
     *
     * @param inStore whether the document may have ops in the store that are not in memory
     * @throws ProtocolException seq-reused or seq-gap
     */
    Verdict check(String session, long seq, int baseVersion, long submitHash, boolean inStore) {
        Optional<History.Entry> known = history.bySeq(session, seq);
        if (known.isPresent()) {
            return resend(
                    seq,
                    baseVersion,
                    submitHash,
                    known.get().version(),
                    known.get().baseVersion(),
                    known.get().submitHash());
        }
        long last = last(session, inStore);
        if (seq <= last) {
            Optional<OpRecord> r = store.findBySeq(docId, session, seq);
            if (r.isEmpty()) {
                throw error(ErrorCode.SEQ_REUSED, "seq " + seq + " was already used", seq);
            }
            return resend(
                    seq,
                    baseVersion,
                    submitHash,
                    r.get().version(),
                    r.get().baseVersion(),
                    r.get().submitHash());
        }
        if (seq != last + 1) {
            throw error(ErrorCode.SEQ_GAP, "seq: expected " + (last + 1) + ", found " + seq, seq);
        }
        return new Apply();
    }

    private Resend resend(long seq, int baseVersion, long submitHash, int version, int storedBase, long storedHash) {
        if (storedBase != baseVersion || storedHash != submitHash) {
            throw error(ErrorCode.SEQ_REUSED, "seq " + seq + " was already used for a different op", seq);
        }
        return new Resend(version);
    }

    private long last(String session, boolean inStore) {
        Long known = lastSeq.get(session);
        if (known != null) {
            return known;
        }
        long last = inStore ? store.lastSeq(docId, session) : 0;
        lastSeq.put(session, last);
        return last;
    }

    private ProtocolException error(ErrorCode code, String message, long seq) {
        return new ProtocolException(code, message, Optional.of(docId), Optional.of(seq));
    }
}
