package dev.quire.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link ServerConfig} from command-line flags ({@code --port 8080} or {@code --port=8080})
 * and environment variables ({@code QUIRE_PORT}); a flag wins over the variable, which wins over
 * the default. Every value is checked and every problem reported at once.
 */
public final class ConfigParser {
    /** One setting: its flag, its variable, its default and what it accepts. */
    public record Setting(String flag, String env, String defaultValue, String description) {}

    /** Every setting, in the order of docs/configuration.md. */
    public static final List<Setting> SETTINGS = List.of(
            new Setting("--host", "QUIRE_HOST", "0.0.0.0", "address to bind"),
            new Setting("--port", "QUIRE_PORT", "8080", "port to listen on, 0..65535 (0 = any free port)"),
            new Setting("--data-dir", "QUIRE_DATA_DIR", "./data", "directory of the database"),
            new Setting(
                    "--sync-commits",
                    "QUIRE_SYNC_COMMITS",
                    "false",
                    "true: fsync every group commit, so acknowledged ops survive a power cut"),
            new Setting("--snapshot-every", "QUIRE_SNAPSHOT_EVERY", "100", "ops between snapshots, 1..1000000"),
            new Setting("--idle-unload", "QUIRE_IDLE_UNLOAD", "60s", "unload a document idle this long (ms|s|m|h)"),
            new Setting(
                    "--history-limit",
                    "QUIRE_HISTORY_LIMIT",
                    "10000",
                    "ops kept in memory per open document, 1..1000000"),
            new Setting(
                    "--max-message-bytes",
                    "QUIRE_MAX_MESSAGE_BYTES",
                    "1048576",
                    "largest accepted message in bytes, 1024..67108864"),
            new Setting("--send-queue", "QUIRE_SEND_QUEUE", "1000", "messages queued per connection, 1..1000000"),
            new Setting("--ping-interval", "QUIRE_PING_INTERVAL", "15s", "time between pings (ms|s|m|h)"),
            new Setting(
                    "--peer-timeout",
                    "QUIRE_PEER_TIMEOUT",
                    "45s",
                    "close a connection silent this long (ms|s|m|h), more than the ping interval"),
            new Setting(
                    "--document-threads",
                    "QUIRE_DOCUMENT_THREADS",
                    "0",
                    "threads for document work, 0 = number of processors, 0..256"));

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private ConfigParser() {}

    /**
     * Builds the configuration.
     *
     * @throws ConfigException listing every bad or unknown setting
     */
    public static ServerConfig parse(List<String> args, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, String> flags = readFlags(args, problems);
        Values v = new Values(flags, env, problems);
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
            try {
                return Path.of(s);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("expected a directory path, found \"" + s + "\"");
            }
        });
        Boolean syncCommits = v.get("--sync-commits", ConfigParser::bool);
        Integer snapshotEvery = v.get("--snapshot-every", s -> intIn(s, 1, 1_000_000));
        Duration idle = v.get("--idle-unload", ConfigParser::duration);
        Integer history = v.get("--history-limit", s -> intIn(s, 1, 1_000_000));
        Integer maxMessage = v.get("--max-message-bytes", s -> intIn(s, 1024, 64 * 1024 * 1024));
        Integer sendQueue = v.get("--send-queue", s -> intIn(s, 1, 1_000_000));
        Duration ping = v.get("--ping-interval", ConfigParser::duration);
        Duration timeout = v.get("--peer-timeout", ConfigParser::duration);
        Integer threads = v.get("--document-threads", s -> intIn(s, 0, 256));
        if (ping != null && timeout != null && timeout.compareTo(ping) <= 0) {
            problems.add("--peer-timeout / QUIRE_PEER_TIMEOUT: expected more than the ping interval (" + ping.toMillis()
                    + "ms), found " + timeout.toMillis() + "ms");
        }
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
                documentThreads);
    }

    private static Map<String, String> readFlags(List<String> args, List<String> problems) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            String flag = name;
            if (SETTINGS.stream().noneMatch(s -> s.flag().equals(flag))) {
                problems.add(arg + ": unknown option (see --help)");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    problems.add(name + ": expected a value");
                    continue;
                }
                value = args.get(++i);
            }
            flags.put(name, value);
        }
        return flags;
    }

    /** Resolves one setting, recording a problem (and returning null) if its value is bad. */
    private record Values(Map<String, String> flags, Map<String, String> env, List<String> problems) {
        <T> T get(String flag, Function<String, T> parse) {
            Setting s = SETTINGS.stream()
                    .filter(x -> x.flag().equals(flag))
                    .findFirst()
                    .orElseThrow();
            Optional<String> fromFlag = Optional.ofNullable(flags.get(flag));
            Optional<String> fromEnv = Optional.ofNullable(env.get(s.env()));
            String value = fromFlag.or(() -> fromEnv).orElse(s.defaultValue());
            String source = fromFlag.isPresent() ? flag : fromEnv.isPresent() ? s.env() : flag + " (default)";
            try {
                return parse.apply(value.strip());
            } catch (IllegalArgumentException e) {
                problems.add(source + ": " + e.getMessage());
                return null;
            }
        }
    }

    private static int intIn(String s, int min, int max) {
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer " + min + ".." + max + ", found \"" + s + "\"");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("expected an integer " + min + ".." + max + ", found " + n);
        }
        return (int) n;
    }

    private static boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, found \"" + s + "\"");
        };
    }

    private static Duration duration(String s) {
        Matcher m = DURATION.matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 15s, 5m or 1h, found \"" + s + "\"");
        }
        long n = Long.parseLong(m.group(1));
        Duration d =
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
        if (d.isZero()) {
            throw new IllegalArgumentException("expected a duration above zero, found \"" + s + "\"");
        }
        return d;
    }

    /** The text of {@code --help}. */
    public static String usage() {
        StringBuilder out = new StringBuilder(
                "Usage: java -jar quire-server.jar [options]\n\nOptions (flag, environment variable, default):\n");
        for (Setting s : SETTINGS) {
            out.append(String.format(
                    "  %-22s %-26s %-9s %s%n", s.flag() + " VALUE", s.env(), s.defaultValue(), s.description()));
        }
        return out.toString();
    }
}
