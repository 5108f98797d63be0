package dev.quire.server.storage.pg;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Which PostgreSQL failures mean "the database is out of reach now", not "this write is wrong". Stateless. */
final class PgFaults {
    private PgFaults() {}

    /**
     * Whether {@code e} (or a cause) is a lost or refused connection: SQLState class 08 (connection
     * exception), 57P01–57P03 (the server terminated the session, crashed, or is not accepting
     * connections — {@code pg_terminate_backend}, a restart), 55000 raised while connecting (a
     * database with connections disallowed), or the pool's timeout waiting for a connection.
     */
    static boolean lostConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P0")) {
                    return true;
                }
            }
        }
        return false;
    }
}
