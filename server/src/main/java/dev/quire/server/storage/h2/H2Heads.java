package dev.quire.server.storage.h2;

import dev.quire.server.storage.DocumentInfo;
import dev.quire.server.storage.StorageException;
import dev.quire.server.storage.journal.StoredHeads;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The head of a document as H2's tables hold it, read for the journal writer on a read-only
 * connection of its own: the last version is that of the newest op row (the {@code documents}
 * row may lag), the last seqs come from the op rows.
 *
 * <p>Used only under the journal writer's lock, which serialises the use of its connection.
 */
final class H2Heads implements StoredHeads {
    private final Connection connection;

    H2Heads(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Optional<Head> find(String docId) {
        try {
            OptionalInt no = H2Queries.docNo(connection, docId);
            if (no.isEmpty()) {
                return Optional.empty();
            }
            int docNo = no.getAsInt();
            int version = H2Queries.newestOp(connection, docId, docNo)
                    .map(DocumentInfo::version)
                    .orElse(0);
            return Optional.of(new Row(connection, docId, docNo, version));
        } catch (SQLException e) {
            throw new StorageException("cannot read the head of " + docId + ": " + e.getMessage(), e);
        }
    }

    /** A document's number and last version, as read. */
    private record Row(Connection connection, String docId, int docNo, int version) implements Head {
        @Override
        public long lastSeq(String session) {
            try {
                return H2Queries.lastSeq(connection, docNo, session);
            } catch (SQLException e) {
                throw new StorageException(
                        "cannot read the last seq of " + docId + " session " + session + ": " + e.getMessage(), e);
            }
        }
    }
}
