package dev.quire.server.document;

import dev.quire.ot.server.ServerDocument;
import dev.quire.server.protocol.ServerMessage;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The {@code joined} answer of an editor joining a live document ({@link OpPipeline#joined}).
 *
 * <p>Runs in the document's mailbox; the supplier it returns runs there too, when the answer's
 * version is durable.
 */
final class JoinAnswer {
    private JoinAnswer() {}

    /**
     * What an editor joining now is sent, once the current version is durable: the ops after
     * {@code from}, with their authors, up to the current version — from memory, or from the op
     * log when {@code from} is older than the history in memory (read when the answer is sent, so
     * every op up to it is in the log); the current text without {@code from} or when it is
     * ahead of the document, and with {@code compacted} when the log no longer holds the ops
     * after {@code from} (decision 029).
     */
    static Supplier<ServerMessage.Joined> of(
            String docId,
            ServerDocument doc,
            Origins origins,
            OpLog opLog,
            String joiner,
            String session,
            Optional<Integer> from) {
        int target = doc.version();
        if (from.isEmpty() || from.get() > target) {
            ServerMessage.Joined content =
                    new ServerMessage.Joined(docId, target, Optional.of(doc.content()), List.of(), joiner, List.of());
            return () -> content;
        }
        int since = from.get();
        if (since < doc.oldestVersion()) {
            String content = doc.content();
            return () -> {
                try {
                    return new ServerMessage.Joined(
                            docId, target, Optional.empty(), opLog.catchUp(since, target, session), joiner, List.of());
                } catch (OpLog.Compacted x) {
                    // Folded by the history retention: the text, and where the log starts (decision 029).
                    return new ServerMessage.Joined(
                            docId,
                            target,
                            Optional.of(content),
                            List.of(),
                            joiner,
                            List.of(),
                            "admin",
                            OptionalInt.of(x.oldest()),
                            Optional.empty());
                }
            };
        }
        List<ServerMessage.CatchUpOp> catchUp = origins.catchUp(doc.opsSince(since), since, session);
        ServerMessage.Joined joined =
                new ServerMessage.Joined(docId, target, Optional.empty(), catchUp, joiner, List.of());
        return () -> joined;
    }
}
