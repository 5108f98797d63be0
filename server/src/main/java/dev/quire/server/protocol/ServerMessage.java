package dev.quire.server.protocol;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
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
     * {@code admin} with authentication off). {@code compacted} is set when the client asked for a
     * version older than the op log still holds (the history retention folded it, decision 029):
     * the oldest version a catch-up can start from; the answer then has {@code content}, and the
     * client's unacknowledged ops cannot be rebased. {@code user} is the joiner as the others see
     * it (its name as the server keeps it, and the colour the server chose), so that a page can
     * show its own avatar in its colour.
     */
    record Joined(
            String docId,
            int version,
            Optional<String> content,
            List<CatchUpOp> ops,
            String clientId,
            List<Peer> peers,
            String role,
            OptionalInt compacted,
            Optional<User> user)
            implements ServerMessage {
        /** The roles a joined message may carry. */
        public static final List<String> ROLES = List.of("read", "comment", "write", "admin");

        /**
         * A joined message of a client whose version the op log still holds (or who gave none),
         * without the joiner's own user (older servers).
         */
        public Joined(
                String docId,
                int version,
                Optional<String> content,
                List<CatchUpOp> ops,
                String clientId,
                List<Peer> peers,
                String role) {
            this(docId, version, content, ops, clientId, peers, role, OptionalInt.empty(), Optional.empty());
        }

        /** A joined message of a client whose version the op log no longer holds (decision 029). */
        public Joined(
                String docId,
                int version,
                Optional<String> content,
                List<CatchUpOp> ops,
                String clientId,
                List<Peer> peers,
                String role,
                OptionalInt compacted) {
            this(docId, version, content, ops, clientId, peers, role, compacted, Optional.empty());
        }

        /** A joined message that tells the joiner its own user. */
        public Joined(
                String docId,
                int version,
                Optional<String> content,
                List<CatchUpOp> ops,
                String clientId,
                List<Peer> peers,
                String role,
                Optional<User> user) {
            this(docId, version, content, ops, clientId, peers, role, OptionalInt.empty(), user);
        }

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
                throw new IllegalArgumentException("role: expected read, comment, write or admin, found " + role);
            }
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(content, "content");
            ops = List.copyOf(ops);
            Objects.requireNonNull(clientId, "clientId");
            peers = List.copyOf(peers);
            Objects.requireNonNull(compacted, "compacted");
            if (compacted.isPresent() && content.isEmpty()) {
                throw new IllegalArgumentException("compacted: a compacted answer carries content");
            }
            Objects.requireNonNull(user, "user");
        }

        /** The same answer for an editor with {@code peers}, {@code role} and its own {@code user}. */
        public Joined to(List<Peer> otherPeers, String otherRole, Optional<User> joiner) {
            return new Joined(docId, version, content, ops, clientId, otherPeers, otherRole, compacted, joiner);
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

    /** The document's title changed (sent to every editor of it, the one who changed it too). */
    record Title(String docId, String title) implements ServerMessage {
        public Title {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(title, "title");
        }
    }

    /**
     * A document's comments at {@code version}, sent right after {@code joined} to a client that
     * asked for them ({@code "accept":["comments"]}). {@code you} is this connection's owner hash:
     * the comments whose {@code owner} equals it are its own.
     */
    record Comments(String docId, int version, String you, List<CommentView> comments) implements ServerMessage {
        public Comments {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(you, "you");
            comments = List.copyOf(comments);
        }
    }

    /**
     * One comment in its new state, its range at {@code version}: sent, in version order with the
     * ops, to every editor that asked for comments whenever a comment changes.
     */
    record Comment(String docId, int version, CommentView comment) implements ServerMessage {
        public Comment {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(comment, "comment");
        }
    }

    /**
     * A new chat message (issue 17), sent once it is stored to every editor of the document that
     * asked for chat ({@code "accept":["chat"]}), its sender included.
     */
    record Chat(String docId, ChatMessage message) implements ServerMessage {
        public Chat {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A page of chat messages, oldest first: the newest ones with an id below {@code before}
     * (none: the newest of all, as sent right after {@code joined}). {@code more} says whether
     * older messages exist.
     */
    record ChatHistory(String docId, OptionalLong before, List<ChatMessage> messages, boolean more)
            implements ServerMessage {
        public ChatHistory {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(before, "before");
            messages = List.copyOf(messages);
        }
    }

    /**
     * A document's suggestions at {@code version}, sent right after {@code joined} to a client that
     * asked for them ({@code "accept":["suggestions"]}). {@code you} is this connection's owner hash.
     */
    record Suggestions(String docId, int version, String you, List<SuggestionView> suggestions)
            implements ServerMessage {
        public Suggestions {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(you, "you");
            suggestions = List.copyOf(suggestions);
        }
    }

    /**
     * One suggestion in its new state, its range at {@code version}: sent, in version order with
     * the ops, to every editor that asked for suggestions whenever a suggestion changes.
     */
    record Suggestion(String docId, int version, SuggestionView suggestion) implements ServerMessage {
        public Suggestion {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(suggestion, "suggestion");
        }
    }

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
