package dev.quire.server.storage.pg;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A database of its own on the machine's real PostgreSQL, for one test class:
 * {@code quire_test_<random>}, created through the {@code postgres} database and dropped (with
 * its connections) by {@link #close()}. The server is {@code postgresql://postgres@127.0.0.1:5432}
 * unless the system property {@code quire.test.postgres} names another (a {@code postgresql://}
 * URL of its {@code postgres} database).
 */
public final class PgTestDatabase implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PgLocation admin;
    private final String name;

    private PgTestDatabase(PgLocation admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    public static PgTestDatabase create() throws SQLException {
        PgLocation admin = PgLocation.parse(
                System.getProperty("quire.test.postgres", "postgresql://postgres@127.0.0.1:5432/postgres"));
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String name = "quire_test_" + HexFormat.of().formatHex(bytes);
        execute(admin, "CREATE DATABASE " + name);
        return new PgTestDatabase(admin, name);
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /** Where the database is. */
    public PgLocation location() {
        return admin.withDatabase(name);
    }

    /** The database as a {@code --store} value. */
    public String url() {
        return "postgresql://" + (admin.user().isEmpty() ? "" : admin.user() + "@")
                + admin.jdbcUrl().substring("jdbc:postgresql://".length()).replaceFirst("/[^/?]*", "/" + name);
    }

    /** A plain JDBC connection to the database (auto-commit on). */
    public Connection connect() throws SQLException {
        PgLocation l = location();
        return DriverManager.getConnection(l.jdbcUrl(), l.user(), l.password());
    }

    /** Runs SQL statements on the database. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /**
     * Takes the database out of reach without touching the server other tests use: new
     * connections are refused ({@code ALLOW_CONNECTIONS false}) and every open one is terminated
     * ({@code pg_terminate_backend}), as a database that went down would.
     */
    public void refuseConnections() throws SQLException {
        execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        execute(
                admin,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                        + "' AND pid <> pg_backend_pid()");
    }

    /** Lets connections in again after {@link #refuseConnections()}. */
    public void allowConnections() throws SQLException {
        execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }

    /** Empties every table the store keeps (the schema stays). */
    public void truncate() throws SQLException {
        execute("TRUNCATE documents, ops, snapshots, nodes, comments, chat, suggestions, range_ids");
    }

    @Override
    public void close() throws SQLException {
        execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(PgLocation l, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(l.jdbcUrl(), l.user(), l.password());
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
