package dev.quire.server.document;

import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.User;
import dev.quire.server.storage.DocumentStore;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the {@link Editor} of each join on this node: a client id no other editor of the cluster
 * holds, the user's cleaned name with the colour its session would be given in an empty document
 * (the document replaces it at join with one its other editors do not hold, {@link Roster}), how
 * it takes its messages and what it asked for.
 *
 * <p>A client id is {@code c<n>} in base 36 with {@code n} counting up from 1; on a store other
 * nodes share it is {@code c<5 random base-36 characters>.<n>}: the client ids of two nodes then
 * never collide (an op's author is told apart by its client id).
 *
 * <p>Thread-safe: joins come from every I/O thread.
 */
final class NewEditors {
    private final AtomicLong clientIds = new AtomicLong();
    private final String clientIdPrefix;

    NewEditors(DocumentStore store) {
        this.clientIdPrefix = store.shared()
                ? "c" + Long.toString(36L * 36 * 36 * 36 + new SecureRandom().nextInt(35 * 36 * 36 * 36 * 36), 36) + "."
                : "c";
    }

    /**
     * The editor of a join by the principal {@code userId} ({@code ""} with authentication off)
     * with {@code role} ({@code read}, {@code write} or {@code admin}), sending to {@code sink}.
     */
    Editor of(ClientMessage.Join join, String userId, String role, EditorSink sink) {
        String clientId = clientIdPrefix + Long.toString(clientIds.incrementAndGet(), 36);
        User user = new User(User.cleanName(join.name()), PresenceColours.preferred(join.session()));
        Editor editor = new Editor(
                clientId,
                join.session(),
                user,
                sink,
                userId,
                role,
                join.acceptsBatches() ? Editor.Delivery.BATCHES : Editor.Delivery.MESSAGES);
        editor.wantsComments = join.wantsComments();
        editor.wantsChat = join.wantsChat();
        editor.wantsSuggestions = join.wantsSuggestions();
        return editor;
    }
}
