package dev.quire.server.document;

import java.util.Objects;

/**
 * Who submitted an op: an editor's session over the WebSocket, or a script through the REST API,
 * each with the user id of the principal it acted as ({@code ""} with authentication off, and for
 * origins read back from the op log: the stored session key carries the user's tag instead, see
 * {@code security.Principal#sessionKey}).
 */
public sealed interface Origin permits Origin.Session, Origin.Script {

    /** The author's display name, recorded in the op log. */
    String author();

    /** The user id ({@code sub}) of the principal that submitted it, {@code ""} when unknown or trusted. */
    String userId();

    /**
     * An op typed in an editor.
     *
     * @param clientId the server's id of the editor's join of the document
     * @param session  the editor's session id (its exactly-once key with {@code seq})
     * @param seq      the session's sequence number of this op, from 1
     * @param author   the editor's display name
     * @param userId   the user id of the editor's principal
     */
    record Session(String clientId, String session, long seq, String author, String userId) implements Origin {
        /** An origin without a known user (authentication off, or read back from the op log). */
        public Session(String clientId, String session, long seq, String author) {
            this(clientId, session, seq, author, "");
        }

        public Session {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(author, "author");
            if (clientId.isEmpty() || session.isEmpty()) {
                throw new IllegalArgumentException("clientId and session must not be empty");
            }
            if (seq < 1) {
                throw new IllegalArgumentException("seq must be >= 1, was " + seq);
            }
        }
    }

    /** An op sent by a program through the REST API; it has no session, so no exactly-once key. */
    record Script(String author, String userId) implements Origin {
        /** A script without a known user. */
        public Script(String author) {
            this(author, "");
        }

        public Script {
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(userId, "userId");
        }
    }
}
