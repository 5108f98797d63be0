package dev.quire.server.storage.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.quire.server.storage.StorageException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Opens the connection pools of the PostgreSQL store and brings its schema up to date. */
final class PgPool {
    private PgPool() {}

    /**
     * A connection pool to the database (Hikari, auto-commit on, read committed). Every connection
     * plans each execution of a prepared statement for its parameters ({@code plan_cache_mode =
     * force_custom_plan}, decision 052): PostgreSQL's generic plan, which it may pick after five
     * executions, made the writer's statements cost about six times the CPU in some runs.
     */
    static HikariDataSource open(PgLocation location, int poolSize, String name) {
        if (poolSize < 2) {
            throw new IllegalArgumentException("the pool needs at least 2 connections, was " + poolSize);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(location.jdbcUrl());
        if (!location.user().isEmpty()) {
            config.setUsername(location.user());
        }
        if (!location.password().isEmpty()) {
            config.setPassword(location.password());
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to PostgreSQL at " + location + ": " + e.getMessage(), e);
        }
    }

    /** Brings the schema up to the newest script under {@code db/postgresql}. */
    static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/postgresql")
                .load()
                .migrate();
    }
}
