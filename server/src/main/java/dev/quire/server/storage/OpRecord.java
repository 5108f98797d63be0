package dev.quire.server.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of a document's op log: the op that produced {@code version}, as applied.
 *
 * @param docId       the document
 * @param version     the version this op produced (the first op of a document produces 1)
 * @param opJson      the applied op in its JSON wire form, e.g. {@code [5,"ab",-3]}
 * @param baseVersion the version the author based the op on (before transformation)
 * @param submitHash  a digest of the op as submitted, used to tell a resend from a reused seq
 * @param session     the author's session, or {@code ""} for ops without one (REST)
 * @param seq         the author's sequence number within (session, doc), or 0 without session
 * @param clientId    the server-assigned client id of the author, or {@code ""}
 * @param author      the author's display name
 * @param time        when the op was applied
 */
public record OpRecord(
        String docId,
        int version,
        String opJson,
        int baseVersion,
        long submitHash,
        String session,
        long seq,
        String clientId,
        String author,
        Instant time) {
    public OpRecord {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(opJson, "opJson");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(time, "time");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        if (baseVersion < 0 || baseVersion >= version) {
            throw new IllegalArgumentException("baseVersion must be in [0, version), was " + baseVersion);
        }
        if (session.isEmpty() != (seq == 0)) {
            throw new IllegalArgumentException("seq must be > 0 exactly when session is set, was " + seq);
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, was " + seq);
        }
    }

    /** Whether this op came from a session (WebSocket) rather than a script (REST). */
    public boolean hasSession() {
        return !session.isEmpty();
    }
}
