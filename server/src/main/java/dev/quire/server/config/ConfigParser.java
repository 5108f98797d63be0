package dev.quire.server.config;

import static dev.quire.server.config.ConfigValues.intIn;
import static dev.quire.server.config.ConfigValues.longIn;

import dev.quire.server.logging.LogFormat;
import dev.quire.server.security.AuthSettings;
import dev.quire.server.session.SessionLimits;
import dev.quire.server.storage.pg.PgLocation;
import dev.quire.server.transport.EdgeSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link ServerConfig} from command-line flags ({@code --port 8080} or {@code --port=8080})
 * and environment variables ({@code QUIRE_PORT}); a flag wins over the variable, which wins over
 * the default. Every value is checked and every problem reported at once (HikariCP's rule,
 * without its silent fallbacks): start-up stops on any of them.
 */
public final class ConfigParser {
    private ConfigParser() {}

    /**
     * Builds the configuration.
     *
     * @throws ConfigException listing every bad or unknown setting
     */
    public static ServerConfig parse(List<String> args, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        ConfigValues v = new ConfigValues(readFlags(args, problems), env, problems);
        String host = v.get("--host", s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException("expected an address, found an empty value");
            }
            return s;
        });
        Integer port = v.get("--port", s -> intIn(s, 0, 65535));
        Path dataDir = v.get("--data-dir", s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException("expected a directory, found an empty value");
            }
            return ConfigValues.path(s);
        });
        Boolean syncCommits = v.get("--sync-commits", ConfigValues::bool);
        Integer snapshotEvery = v.get("--snapshot-every", s -> intIn(s, 1, 1_000_000));
        Duration idle = v.get("--idle-unload", ConfigValues::duration);
        Integer history = v.get("--history-limit", s -> intIn(s, 1, 1_000_000));
        Integer maxMessage = v.get("--max-message-bytes", s -> intIn(s, 1024, 64 * 1024 * 1024));
        Integer sendQueue = v.get("--send-queue", s -> intIn(s, 1, 1_000_000));
        Duration ping = v.get("--ping-interval", ConfigValues::duration);
        Duration timeout = v.get("--peer-timeout", ConfigValues::duration);
        Integer threads = v.get("--document-threads", s -> intIn(s, 0, 256));
        Long sendQueueBytes = v.get("--send-queue-bytes", s -> longIn(s, 65_536, 1L << 30));
        Long maxDocumentBytes = v.get("--max-document-bytes", s -> longIn(s, 1024, 1L << 30));
        Long transformBudget = v.get("--transform-budget", s -> longIn(s, 1000, 10_000_000_000L));
        Duration shutdownTimeout = v.get("--shutdown-timeout", s -> {
            Duration d = ConfigValues.duration(s);
            if (d.toMillis() < 100 || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("expected 100ms..1h, found \"" + s + "\"");
            }
            return d;
        });
        Integer checksumEvery = v.get("--checksum-every", s -> intIn(s, 0, 1_000_000));
        Optional<Duration> retention = v.get("--history-retention", ConfigParser::retention);
        if (ping != null && timeout != null && timeout.compareTo(ping) <= 0) {
            v.problem(
                    "--peer-timeout",
                    "expected more than the ping interval (" + ping.toMillis() + "ms), found " + timeout.toMillis()
                            + "ms");
        }
        AuthSettings auth = auth(v);
        EdgeSettings edge = edge(v);
        SessionLimits limits = limits(v);
        OpsSettings ops = ops(v);
        StoreSettings store = store(v);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        int documentThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        return new ServerConfig(
                host,
                port,
                dataDir,
                syncCommits,
                snapshotEvery,
                idle,
                history,
                maxMessage,
                sendQueue,
                ping,
                timeout,
                documentThreads,
                sendQueueBytes,
                maxDocumentBytes,
                transformBudget,
                shutdownTimeout,
                checksumEvery,
                retention,
                auth,
                edge,
                limits,
                ops,
                store);
    }

    /** {@code forever}, or an age of at least a second such as {@code 90d} or {@code 12h}. */
    private static Optional<Duration> retention(String s) {
        if (s.equals("forever")) {
            return Optional.empty();
        }
        Duration d;
        try {
            d = ConfigValues.duration(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected forever or an age such as 90d or 12h, found \"" + s + "\"");
        }
        if (d.toMillis() < 1000) {
            throw new IllegalArgumentException("expected forever or an age of at least 1s, found \"" + s + "\"");
        }
        return Optional.of(d);
    }

    private static OpsSettings ops(ConfigValues v) {
        Optional<String> token = v.optional("--metrics-token", s -> {
            if (s.length() < OpsSettings.MIN_TOKEN_CHARS || s.chars().anyMatch(c -> c <= 0x20 || c > 0x7e)) {
                // Never echo the token itself.
                throw new IllegalArgumentException("expected at least " + OpsSettings.MIN_TOKEN_CHARS
                        + " printable ASCII characters without spaces, found " + s.length() + " characters");
            }
            return s;
        });
        LogFormat format = v.get("--log-format", s -> LogFormat.fromWire(s)
                .orElseThrow(() -> new IllegalArgumentException("expected text or json, found \"" + s + "\"")));
        return format == null ? OpsSettings.defaults() : new OpsSettings(token, format);
    }

    private static StoreSettings store(ConfigValues v) {
        Optional<PgLocation> postgresql = v.get("--store", s -> {
            if (s.equals("h2")) {
                return Optional.<PgLocation>empty();
            }
            if (!PgLocation.isPostgresql(s)) {
                // Never echo the value: it may hold a password.
                throw new IllegalArgumentException("expected h2 or postgresql://user:pass@host:port/db");
            }
            return Optional.of(PgLocation.parse(s));
        });
        Integer poolSize = v.get("--store-pool-size", s -> intIn(s, 2, 1000));
        Optional<String> nodeId = v.optional("--node-id", s -> {
            if (!s.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("expected 1-64 characters of [A-Za-z0-9._-], found \"" + s + "\"");
            }
            return s;
        });
        String bus = v.get("--bus", s -> {
            if (!s.equals(StoreSettings.LOCAL_BUS) && !s.matches("redis://[^/:@\\s]+:\\d{1,5}/?")) {
                throw new IllegalArgumentException("expected local or redis://host:port, found \"" + s + "\"");
            }
            return s;
        });
        String busPrefix = v.get("--bus-prefix", s -> {
            if (!s.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("expected 1-64 characters of [A-Za-z0-9._-], found \"" + s + "\"");
            }
            return s;
        });
        if (bus != null && !bus.equals(StoreSettings.LOCAL_BUS) && (postgresql == null || postgresql.isEmpty())) {
            v.problem(
                    "--bus",
                    bus + " needs --store postgresql://… (nodes share documents through the database; H2 belongs to"
                            + " one node)");
        }
        String id = nodeId.orElseGet(() -> "node-" + HexFormat.of().formatHex(randomBytes(4)));
        return new StoreSettings(
                postgresql == null ? Optional.empty() : postgresql,
                poolSize == null ? 10 : poolSize,
                id,
                bus == null ? StoreSettings.LOCAL_BUS : bus,
                busPrefix == null ? "quire" : busPrefix,
                true);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static AuthSettings auth(ConfigValues v) {
        Optional<String> secret = v.optional("--jwt-secret", s -> {
            int bytes = s.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < AuthSettings.MIN_SECRET_BYTES) {
                // Never echo the secret itself.
                throw new IllegalArgumentException(
                        "expected at least " + AuthSettings.MIN_SECRET_BYTES + " bytes, found " + bytes);
            }
            return s;
        });
        Optional<Path> publicKey = v.optional("--jwt-public-key", ConfigValues::readableFile);
        Duration recheck = v.get("--auth-recheck", ConfigValues::duration);
        if (secret.isPresent() && publicKey.isPresent()) {
            v.problem("--jwt-public-key", "set either --jwt-secret or --jwt-public-key, not both");
            return AuthSettings.off();
        }
        return recheck == null ? AuthSettings.off() : new AuthSettings(secret, publicKey, recheck);
    }

    private static EdgeSettings edge(ConfigValues v) {
        List<String> origins = v.get("--allowed-origins", s -> ConfigValues.list(s, ConfigValues::origin));
        List<URI> publicUrls = v.get("--public-url", s -> ConfigValues.list(s, ConfigValues::httpUrl));
        String frameAncestors = v.get("--frame-ancestors", s -> {
            if (s.isEmpty() || s.contains(";") || s.contains(",") || s.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException(
                        "expected CSP sources such as 'self' or https://wiki.example.com, found \"" + s + "\"");
            }
            return s;
        });
        Optional<Path> keystore = v.optional("--tls-keystore", ConfigValues::readableFile);
        Optional<String> password = v.optional("--tls-password", s -> s);
        Integer perIp = v.get("--max-connections-per-ip", s -> intIn(s, 0, 1_000_000));
        Integer perUser = v.get("--max-connections-per-user", s -> intIn(s, 0, 1_000_000));
        Duration requestTimeout = v.get("--request-timeout", ConfigValues::duration);
        Duration joinTimeout = v.get("--join-timeout", ConfigValues::duration);
        if (keystore.isPresent() && password.isEmpty()) {
            v.problem("--tls-password", "expected the password of " + keystore.get() + " (QUIRE_TLS_PASSWORD)");
        }
        if (origins == null
                || publicUrls == null
                || frameAncestors == null
                || perIp == null
                || perUser == null
                || requestTimeout == null
                || joinTimeout == null) {
            return EdgeSettings.defaults();
        }
        return new EdgeSettings(
                origins, publicUrls, frameAncestors, keystore, password, perIp, perUser, requestTimeout, joinTimeout);
    }

    private static SessionLimits limits(ConfigValues v) {
        Integer rate = v.get("--op-rate", s -> intIn(s, 0, 1_000_000));
        Integer burst = v.get("--op-burst", s -> intIn(s, 1, 1_000_000));
        Integer documents = v.get("--max-documents-per-connection", s -> intIn(s, 1, 100_000));
        Integer errors = v.get("--max-protocol-errors", s -> intIn(s, 1, 1_000_000));
        Integer ranges = v.get("--max-presence-ranges", s -> intIn(s, 1, 10_000));
        if (rate == null || burst == null || documents == null || errors == null || ranges == null) {
            return SessionLimits.defaults();
        }
        return new SessionLimits(rate, burst, documents, errors, ranges);
    }

    private static Map<String, String> readFlags(List<String> args, List<String> problems) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            Optional<String> value = Optional.empty();
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = Optional.of(arg.substring(eq + 1));
            }
            String flag = name;
            if (Settings.ALL.stream().noneMatch(s -> s.flag().equals(flag))) {
                problems.add(arg + ": unknown option (see --help)");
                continue;
            }
            if (value.isEmpty()) {
                if (i + 1 >= args.size()) {
                    problems.add(name + ": expected a value");
                    continue;
                }
                value = Optional.of(args.get(++i));
            }
            flags.put(name, value.get());
        }
        return flags;
    }

    /** The text of {@code --help}. */
    public static String usage() {
        StringBuilder out = new StringBuilder(
                "Usage: java -jar quire-server.jar [options]\n\nOptions (flag, environment variable, default):\n");
        for (Settings.Setting s : Settings.ALL) {
            out.append(String.format(
                    "  %-32s %-36s %-9s %s%n",
                    s.flag() + " VALUE",
                    s.env(),
                    s.defaultValue().isEmpty() ? "(none)" : s.defaultValue(),
                    s.description()));
        }
        return out.toString();
    }
}
