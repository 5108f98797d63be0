package dev.quire.server.protocol;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** A message the server sends to a client. */
public sealed interface ServerMessage {

    /**
     * Another editor of a document, with its selection at the joined version.
     */
    record Peer(String clientId, User user, List<Selection.Range> selection) {
        public Peer {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(user, "user");
            selection = List.copyOf(selection);
        }
    }

    /**
     * One op of a catch-up or of a batch ({@link Ops}): the version it produced, the op as applied,
     * the author's client id, the seq when the op came from the joining session (catch-up) or from
     * any session (batch), and in a batch the checksum of the text at {@code version} every
     * {@code --checksum-every} versions.
     */
    record CatchUpOp(int version, TextOperation op, String clientId, Optional<Long> seq, Optional<String> checksum) {
        public CatchUpOp {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(seq, "seq");
            Objects.requireNonNull(checksum, "checksum");
        }

        /** An entry without a checksum (a catch-up's). */
        public CatchUpOp(int version, TextOperation op, String clientId, Optional<Long> seq) {
            this(version, op, clientId, seq, Optional.empty());
        }
    }

    /**
     * A batch: the ops that became durable since the last batch to this client, in version order
     * without gaps, then the newest selection of each editor that moved it meanwhile, at the
     * version of the last op (or, without ops, the version every editor has been sent). One
     * encoding serves every receiver: an entry whose {@code clientId} is the receiver's own is the
     * ack of its op {@code seq}; a presence entry of the receiver's own is ignored. Sent only to a
     * client that joined with {@code "accept":["ops"]}.
     */
    record Ops(String docId, List<CatchUpOp> ops, List<Presence> presence) implements ServerMessage {
        public Ops {
            Objects.requireNonNull(docId, "docId");
            ops = List.copyOf(ops);
            presence = List.copyOf(presence);
        }
    }

    /**
     * The answer to a join: either {@code content} at {@code version}, or the catch-up
     * {@code ops} from the version the client gave up to {@code version}; {@code role} is what the
     * connection may do with the document: {@code read}, {@code write} or {@code admin} (always
     * {@code admin} with authentication off).
     */
    record Joined(
            String docId,
            int version,
            Optional<String> content,
            List<CatchUpOp> ops,
            String clientId,
            List<Peer> peers,
            String role)
            implements ServerMessage {
        /** The roles a joined message may carry. */
        public static final List<String> ROLES = List.of("read", "write", "admin");

        /** A joined message with role {@code admin} (authentication off). */
        public Joined(
                String docId,
                int version,
                Optional<String> content,
                List<CatchUpOp> ops,
                String clientId,
                List<Peer> peers) {
            this(docId, version, content, ops, clientId, peers, "admin");
        }

        public Joined {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("role: expected read, write or admin, found " + role);
            }
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(content, "content");
            ops = List.copyOf(ops);
            Objects.requireNonNull(clientId, "clientId");
            peers = List.copyOf(peers);
        }
    }

    /**
     * The author's op {@code seq} is durable and produced {@code version}; every
     * {@code --checksum-every} versions with the {@link TextChecksum} of the text at it.
     */
    record Ack(String docId, long seq, int version, Optional<String> checksum) implements ServerMessage {
        public Ack {
            Objects.requireNonNull(checksum, "checksum");
        }

        public Ack(String docId, long seq, int version) {
            this(docId, seq, version, Optional.empty());
        }
    }

    /**
     * Another editor's op, as applied, which produced {@code version}; every
     * {@code --checksum-every} versions with the {@link TextChecksum} of the text at it.
     */
    record Op(String docId, int version, TextOperation op, String clientId, Optional<String> checksum)
            implements ServerMessage {
        public Op {
            Objects.requireNonNull(checksum, "checksum");
        }

        public Op(String docId, int version, TextOperation op, String clientId) {
            this(docId, version, op, clientId, Optional.empty());
        }
    }

    /** Another editor's selection, at server version {@code version}. */
    record Presence(String docId, String clientId, User user, int version, List<Selection.Range> selection)
            implements ServerMessage {
        public Presence {
            selection = List.copyOf(selection);
        }
    }

    /** Another editor left the document. */
    record Left(String docId, String clientId) implements ServerMessage {}

    /**
     * An error; {@code docId} and {@code seq} when known; {@code retryAfterMs} on
     * {@code rate-limited}: when the client may resend the same op.
     */
    record Error(ErrorCode code, String message, Optional<String> docId, Optional<Long> seq, OptionalLong retryAfterMs)
            implements ServerMessage {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(seq, "seq");
            Objects.requireNonNull(retryAfterMs, "retryAfterMs");
        }

        /** An error without a retry delay (every code but {@code rate-limited}). */
        public Error(ErrorCode code, String message, Optional<String> docId, Optional<Long> seq) {
            this(code, message, docId, seq, OptionalLong.empty());
        }
    }
}
