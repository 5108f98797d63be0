package dev.quire.server.protocol;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** A message from a client, already checked for syntax by the codec. */
public sealed interface ClientMessage {

    /** The document the message is about. */
    String docId();

    /**
     * Join a document.
     *
     * @param version the last version the client holds, for a catch-up with ops
     * @param name    the user's requested display name
     * @param accept  the optional server message types the client reads: {@code "ops"}, or none
     */
    record Join(String docId, String session, OptionalInt version, Optional<String> name, Set<String> accept)
            implements ClientMessage {
        /** The batch message {@code ops} (docs/protocol.md): a client that reads it says so in {@code accept}. */
        public static final String OPS = "ops";
        /** The {@code comments} and {@code comment} messages: sent only to clients that accept them. */
        public static final String COMMENTS = "comments";
        /** The {@code chat} and {@code chat-history} messages: sent only to clients that accept them. */
        public static final String CHAT = "chat";
        /** The {@code suggestions} and {@code suggestion} messages: sent only to clients that accept them. */
        public static final String SUGGESTIONS = "suggestions";

        public Join {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(name, "name");
            accept = Set.copyOf(accept);
        }

        /** A join of a client that reads only the single messages ({@code op}, {@code ack}, {@code presence}). */
        public Join(String docId, String session, OptionalInt version, Optional<String> name) {
            this(docId, session, version, name, Set.of());
        }

        /** Whether the client reads batches ({@code "accept":["ops"]}). */
        public boolean acceptsBatches() {
            return accept.contains(OPS);
        }

        /** Whether the client asked for comments: {@code comment} messages go only to those that did. */
        public boolean wantsComments() {
            return accept.contains(COMMENTS);
        }

        /** Whether the client asked for chat: {@code chat} messages go only to those that did. */
        public boolean wantsChat() {
            return accept.contains(CHAT);
        }

        /** Whether the client asked for suggestions: {@code suggestion} messages go only to those that did. */
        public boolean wantsSuggestions() {
            return accept.contains(SUGGESTIONS);
        }
    }

    /** Submit an op based on {@code version}, with the session's next {@code seq}. */
    record Op(String docId, int version, long seq, TextOperation op) implements ClientMessage {
        public Op {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(op, "op");
        }
    }

    /**
     * The sender's selection at {@code version}; an empty list means no selection.
     *
     * @param name a new display name (a rename), when given
     */
    record Presence(String docId, int version, List<Selection.Range> selection, Optional<String> name)
            implements ClientMessage {
        public Presence {
            Objects.requireNonNull(docId, "docId");
            selection = List.copyOf(selection);
            Objects.requireNonNull(name, "name");
        }

        public Presence(String docId, int version, List<Selection.Range> selection) {
            this(docId, version, selection, Optional.empty());
        }

        /** The same presence without a rename (with authentication on the name comes from the token). */
        public Presence withoutName() {
            return new Presence(docId, version, selection, Optional.empty());
        }
    }

    /**
     * Replace the connection's token (same user, new roles or a later expiry). Not about one
     * document: {@link #docId()} is {@code ""}. Its {@link #toString()} never shows the token.
     */
    record Auth(String token) implements ClientMessage {
        public Auth {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String docId() {
            return "";
        }

        @Override
        public String toString() {
            return "Auth[token=(hidden)]";
        }
    }

    /**
     * The sender's text at {@code version} did not match the checksum the server sent with it:
     * the replica diverged (it resyncs; the server counts and logs the report).
     */
    record Diverged(String docId, int version) implements ClientMessage {
        public Diverged {
            Objects.requireNonNull(docId, "docId");
        }
    }

    /**
     * A change to the document's comments (issue 17): the server answers with a {@code comment}
     * message to every editor that asked for comments, this one included, or with an error.
     *
     * @param docId the document
     * @param action what to do
     */
    record Comment(String docId, CommentAction action) implements ClientMessage {
        public Comment {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * A chat message to everyone in the document (issue 17): the server stores it and sends it as
     * a {@code chat} message to every editor that asked for chat, this one included.
     *
     * @param text the text, already checked: 1 to {@link ChatMessage#MAX_LENGTH} code units, not blank
     */
    record Chat(String docId, String text) implements ClientMessage {
        public Chat {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Asks for older chat messages: the newest {@code limit} with an id below {@code before}
     * (none: the newest), answered with a {@code chat-history} message.
     */
    record ChatHistory(String docId, OptionalLong before, int limit) implements ClientMessage {
        public ChatHistory {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(before, "before");
            if (limit < 1 || limit > ChatMessage.PAGE) {
                throw new IllegalArgumentException("limit: expected 1.." + ChatMessage.PAGE + ", found " + limit);
            }
        }
    }

    /**
     * A change to the document's suggestions (issue 17): the server answers with a
     * {@code suggestion} message to every editor that asked for suggestions, or with an error.
     */
    record Suggestion(String docId, SuggestionAction action) implements ClientMessage {
        public Suggestion {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(action, "action");
        }
    }

    /** Stop editing a document. */
    record Leave(String docId) implements ClientMessage {
        public Leave {
            Objects.requireNonNull(docId, "docId");
        }
    }
}
