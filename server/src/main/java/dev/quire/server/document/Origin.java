package dev.quire.server.document;

import java.util.Objects;

/**
 * Who submitted an op: an editor's session over the WebSocket, or a script through the REST API.
 * Authentication will add the principal (the signed-in user) to each kind.
 */
public sealed interface Origin permits Origin.Session, Origin.Script {

    /** The author's display name, recorded in the op log. */
    String author();

    /**
     * An op typed in an editor.
     *
     * @param clientId the server's id of the editor's join of the document
     * @param session  the editor's session id (its exactly-once key with {@code seq})
     * @param seq      the session's sequence number of this op, from 1
     * @param author   the editor's display name
     */
    record Session(String clientId, String session, long seq, String author) implements Origin {
        public Session {
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
    record Script(String author) implements Origin {
        public Script {
            Objects.requireNonNull(author, "author");
        }
    }
}
