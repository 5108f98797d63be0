package dev.quire.server.document;

import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.StorageException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the editors of a document hear when the store failed to make one of its ops durable:
 * {@code storage-unavailable} when the store cannot write for now (a full disk; it logs that
 * itself, once per interval, so nothing is logged per op here), else {@code internal} with a
 * correlation id, logged once with the fault. Stateless.
 */
final class StoreFaultReply {
    // The pipeline's category: the line is about its op.
    private static final Logger log = LoggerFactory.getLogger(OpPipeline.class);

    private StoreFaultReply() {}

    static ServerMessage.Error of(String docId, int version, Throwable fault) {
        if (fault instanceof StorageException s && s.isUnavailable()) {
            return new ServerMessage.Error(
                    ErrorCode.STORAGE_UNAVAILABLE,
                    "storage unavailable, nothing was kept; rejoin the document and resend later",
                    Optional.of(docId),
                    Optional.empty());
        }
        String correlation = Correlation.next();
        log.error(
                "[{}] store failed to append {} version {}; reloading the document",
                correlation,
                docId,
                version,
                fault);
        return new ServerMessage.Error(
                ErrorCode.INTERNAL,
                "internal error " + correlation + "; rejoin the document",
                Optional.of(docId),
                Optional.empty());
    }
}
