package dev.quire.server.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * A client's mistake, to be answered with an error message carrying {@link #code()}.
 * Thrown by the codec and the document layer; never escapes a handler.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final transient Optional<String> docId;
    private final transient Optional<Long> seq;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, Optional.empty(), Optional.empty());
    }

    public ProtocolException(ErrorCode code, String message, Optional<String> docId, Optional<Long> seq) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.docId = Objects.requireNonNull(docId, "docId");
        this.seq = Objects.requireNonNull(seq, "seq");
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<String> docId() {
        return docId;
    }

    public Optional<Long> seq() {
        return seq;
    }

    /** The error message to send for this exception. */
    public ServerMessage.Error toMessage() {
        return new ServerMessage.Error(code, getMessage(), docId, seq);
    }
}
