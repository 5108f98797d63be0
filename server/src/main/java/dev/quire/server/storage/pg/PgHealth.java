package dev.quire.server.storage.pg;

import dev.quire.server.storage.StoreHealth;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * How the PostgreSQL store is doing, for {@code /health} and {@code /ready}: it has no journal
 * (an op is acknowledged when its transaction commits, so nothing lags), and it answers when a
 * pooled connection is valid within a second.
 */
final class PgHealth implements StoreHealth {
    private final DataSource pool;

    PgHealth(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public long journalLag() {
        return 0;
    }

    @Override
    public Optional<String> fault() {
        return Optional.empty();
    }

    @Override
    public Optional<String> deadThread() {
        return Optional.empty();
    }

    @Override
    public boolean answers() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }
}
