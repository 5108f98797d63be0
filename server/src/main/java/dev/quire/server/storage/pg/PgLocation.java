package dev.quire.server.storage.pg;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a PostgreSQL database is: its JDBC URL and credentials, read from the {@code --store}
 * value — {@code postgresql://user:pass@host:port/db} (libpq's form; {@code postgres://} too) or
 * {@code jdbc:postgresql://host:port/db?user=…&password=…}. {@link #toString()} never shows the
 * password.
 *
 * @param jdbcUrl  the JDBC URL without credentials (a {@code jdbc:} URL is kept as given)
 * @param user     the user, or empty to leave it to the URL or the driver
 * @param password the password, or empty
 */
public record PgLocation(String jdbcUrl, String user, String password) {
    public PgLocation {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Whether {@code value} names a PostgreSQL database (rather than {@code h2}). */
    public static boolean isPostgresql(String value) {
        return value.startsWith("postgresql://")
                || value.startsWith("postgres://")
                || value.startsWith("jdbc:postgresql:");
    }

    /**
     * Reads a {@code --store} URL.
     *
     * @throws IllegalArgumentException if it is not a PostgreSQL URL with a host and a database
     */
    public static PgLocation parse(String value) {
        if (value.startsWith("jdbc:postgresql:")) {
            return new PgLocation(value, "", "");
        }
        if (!isPostgresql(value)) {
            throw new IllegalArgumentException("expected h2 or postgresql://user:pass@host:port/db");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            // The message would echo the URL, password included.
            throw new IllegalArgumentException("not a valid postgresql:// URL (check the characters of the password)");
        }
        String host = uri.getHost();
        String path = uri.getRawPath();
        if (host == null || path == null || path.length() < 2) {
            throw new IllegalArgumentException(
                    "expected postgresql://user:pass@host:port/db with a host and a database");
        }
        String user = "";
        String password = "";
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String hostPort = (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new PgLocation("jdbc:postgresql://" + hostPort + path + query, user, password);
    }

    /** Percent-decoding as libpq does it: a {@code +} stays a plus. */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The same server with another database (used to create and drop databases). */
    public PgLocation withDatabase(String database) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        if (!jdbcUrl.startsWith("jdbc:postgresql://") || slash < 0) {
            throw new IllegalArgumentException("cannot name another database in " + this);
        }
        int query = jdbcUrl.indexOf('?', slash);
        return new PgLocation(
                jdbcUrl.substring(0, slash + 1) + database + (query < 0 ? "" : jdbcUrl.substring(query)),
                user,
                password);
    }

    /** The URL and user, without the password (nor a password given in a {@code jdbc:} URL's query). */
    @Override
    public String toString() {
        String shown = jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
        return shown + (user.isEmpty() ? "" : " as " + user);
    }
}
