package dev.quire.server.storage.h2;

import dev.quire.server.storage.DocumentInfo;
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
 * <p>Used only under the journal writer's lock, which serialises the use of its connection; the
 * applier replaces that connection ({@link #replace}) once it has reopened a database that closed
 * after a failed write ({@link H2Reopen}). Until then a read fails as unavailable.
 */
final class H2Heads implements StoredHeads {
    private volatile Connection connection;

    H2Heads(Connection connection) {
        this.connection = connection;
    }

    /** Reads on {@code fresh} from now on; returns the connection used until now (the caller closes it). */
    Connection replace(Connection fresh) {
        Connection old = connection;
        connection = fresh;
        return old;
    }

    /** The connection reads use now. */
    Connection connection() {
        return connection;
    }

    @Override
    public Optional<Head> find(String docId) {
        Connection connection = this.connection;
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
            throw H2Reopen.failure("cannot read the head of " + docId, e);
        }
    }

    /** A document's number and last version, as read. */
    private record Row(Connection connection, String docId, int docNo, int version) implements Head {
        @Override
        public long lastSeq(String session) {
            try {
                return H2Queries.lastSeq(connection, docNo, session);
            } catch (SQLException e) {
                throw H2Reopen.failure("cannot read the last seq of " + docId + " session " + session, e);
            }
        }
    }
}
