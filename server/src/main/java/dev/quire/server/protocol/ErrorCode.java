package dev.quire.server.protocol;

import java.util.Optional;

/**
 * The stable error codes of protocol v1 and the REST API. The wire name ({@link #wire()}) is
 * API; messages are for people. Listed in docs/protocol.md.
 */
public enum ErrorCode {
    /** Not JSON, a wrong type or a missing field, or a binary frame. */
    MALFORMED_MESSAGE("malformed-message"),
    /** A {@code type} the server does not know. */
    UNKNOWN_TYPE("unknown-type"),
    /** A document id outside 1–128 characters of {@code [A-Za-z0-9._-]}, or a JavaScript prototype name. */
    INVALID_DOC_ID("invalid-doc-id"),
    /** A session outside 8–64 characters of {@code [A-Za-z0-9_-]}. */
    INVALID_SESSION("invalid-session"),
    /** An op, presence or leave for a document this connection has not joined. */
    NOT_JOINED("not-joined"),
    /** An op that does not fit the document at its base version, or is not a valid op. */
    INVALID_OP("invalid-op"),
    /** A comment action naming a comment or thread the document does not have. */
    COMMENT_NOT_FOUND("comment-not-found"),
    /** A comment's text longer than the limit (10,000 UTF-16 code units), or empty. */
    INVALID_COMMENT("invalid-comment"),
    /** A chat message whose text is empty or only white space (issue 17). */
    CHAT_EMPTY("chat-empty"),
    /** A chat message longer than 2,000 UTF-16 code units. */
    CHAT_TOO_LONG("chat-too-long"),
    /** A comment's range beyond the document at its version, or with its end before its start. */
    INVALID_RANGE("invalid-range"),
    /** A suggestion action naming a suggestion the document does not have (or, for edit, not one's own open one). */
    SUGGESTION_NOT_FOUND("suggestion-not-found"),
    /** An accept, reject or edit of a suggestion that was already accepted or rejected (stale). */
    SUGGESTION_DECIDED("suggestion-decided"),
    /** A suggestion's text over the limit, or a suggestion that changes nothing. */
    INVALID_SUGGESTION("invalid-suggestion"),
    /** A version ahead of the document, or older than the history the server keeps. */
    VERSION_OUT_OF_RANGE("version-out-of-range"),
    /**
     * A version older than the op log still holds: the history retention folded it into a
     * snapshot (decision 029). An op based on it cannot be rebased; a text at it is not kept
     * unless it is a milestone.
     */
    HISTORY_COMPACTED("history-compacted"),
    /** A committed seq re-sent with a different op or base version. */
    SEQ_REUSED("seq-reused"),
    /** A seq that is not the session's last seq + 1. */
    SEQ_GAP("seq-gap"),
    /**
     * An op sent while its session already had the most ops in flight the server allows
     * ({@code InFlightOps.MAX}, 32; decision 039): not applied, and the session's later ops get
     * {@code seq-gap}.
     */
    TOO_MANY_IN_FLIGHT("too-many-in-flight"),
    /** A frame over the size limit (the socket is then closed with 1009). */
    MESSAGE_TOO_LARGE("message-too-large"),
    /** The document was deleted; the connection is no longer joined to it. */
    DOCUMENT_DELETED("document-deleted"),
    /** No valid token: missing, forged or expired (REST 401; a WebSocket is refused or closed with 4401). */
    UNAUTHORIZED("unauthorized"),
    /** The token is valid but does not grant what the message needs (read, write or admin). */
    FORBIDDEN("forbidden"),
    /**
     * The connection sent ops (or chat messages) faster than its rate; retry the same op after the
     * delay the error gives.
     */
    RATE_LIMITED("rate-limited"),
    /** The op would make the document larger than the server allows. */
    DOCUMENT_TOO_LARGE("document-too-large"),
    /** The connection has joined as many documents as it may; leave one first. */
    TOO_MANY_DOCUMENTS("too-many-documents"),
    /**
     * The server cannot make ops durable right now (its disk is full, say): nothing was acknowledged
     * or kept; rejoin and resend later (REST 503). The server recovers by itself.
     */
    STORAGE_UNAVAILABLE("storage-unavailable"),
    /**
     * Another node of a cluster kept committing the document's next version first: the op was not
     * applied; send it again (same seq) after the error's {@code retryAfterMs} (REST: 503).
     */
    RETRY_LATER("retry-later"),
    /** REST only: no such document. */
    NOT_FOUND("not-found"),
    /** REST only: an import into a document that already has ops or editors (409). */
    DOCUMENT_EXISTS("document-exists"),
    /** REST only: an imported history that does not hold together; nothing was stored (422). */
    INVALID_IMPORT("invalid-import"),
    /** The server is shutting down and takes no new connections or requests (503); try again or elsewhere. */
    SHUTTING_DOWN("shutting-down"),
    /** REST only: the server's store cannot do what was asked (501), e.g. an online backup. */
    NOT_SUPPORTED("not-supported"),
    /** A fault inside the server; the log has the details under the message's correlation id. */
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code whose {@link #wire()} name is {@code wire}, if there is one. */
    public static Optional<ErrorCode> fromWire(String wire) {
        for (ErrorCode code : values()) {
            if (code.wire.equals(wire)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    /** The code as it appears in JSON. */
    public String wire() {
        return wire;
    }
}
