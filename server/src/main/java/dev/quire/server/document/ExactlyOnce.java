package dev.quire.server.document;

import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.storage.DocumentStore;
import dev.quire.server.storage.OpRecord;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * The exactly-once check of an editor's op: whether {@code (session, seq)} is new, a resend of
 * an op already applied, a reused seq or a gap. It keeps no state of its own: a session's ops of
 * this document since it was loaded are in {@link Origins}; older ones are in the store, which
 * answers from its own head of the log.
 *
 * <p>Runs in the document's mailbox.
 */
final class ExactlyOnce {
    private final String docId;
    private final DocumentStore store;
    private final Origins origins;
    private final ToLongFunction<String> storedLastSeq;

    /** @param storedLastSeq a session's newest seq in the store (0 when the document is not stored) */
    ExactlyOnce(String docId, DocumentStore store, Origins origins, ToLongFunction<String> storedLastSeq) {
        this.docId = docId;
        this.store = store;
        this.origins = origins;
        this.storedLastSeq = storedLastSeq;
    }

    /**
     * Checks a submitted op.
     *
     * @return the version the op produced when it is a resend, empty when it is new
     * @throws ProtocolException seq-reused (the seq names another op) or seq-gap (a seq was skipped)
     */
    Optional<Integer> check(Origin.Session origin, int baseVersion, long submitHash) {
        String session = origin.session();
        long seq = origin.seq();
        Optional<Origins.Entry> known = origins.bySeq(session, seq);
        if (known.isPresent()) {
            Origins.Entry e = known.get();
            return Optional.of(resend(seq, baseVersion, submitHash, e.version(), e.baseVersion(), e.submitHash()));
        }
        OptionalLong inMemory = origins.newestSeq(session);
        long last = inMemory.isPresent() ? inMemory.getAsLong() : storedLastSeq.applyAsLong(session);
        if (seq <= last) {
            Optional<OpRecord> r = store.findBySeq(docId, session, seq);
            if (r.isEmpty()) {
                throw error(ErrorCode.SEQ_REUSED, "seq " + seq + " was already used", seq);
            }
            OpRecord o = r.get();
            return Optional.of(resend(seq, baseVersion, submitHash, o.version(), o.baseVersion(), o.submitHash()));
        }
        if (seq != last + 1) {
            throw error(ErrorCode.SEQ_GAP, "seq: expected " + (last + 1) + ", found " + seq, seq);
        }
        return Optional.empty();
    }

    private int resend(long seq, int baseVersion, long submitHash, int version, int storedBase, long storedHash) {
        if (storedBase != baseVersion || storedHash != submitHash) {
            throw error(ErrorCode.SEQ_REUSED, "seq " + seq + " was already used for a different op", seq);
        }
        return version;
    }

    private ProtocolException error(ErrorCode code, String message, long seq) {
        return new ProtocolException(code, message, Optional.of(docId), Optional.of(seq));
    }
}
