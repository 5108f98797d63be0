package dev.quire.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves settings (flag, else environment variable, else default) and parses their values,
 * recording every problem with the name of the setting it came from instead of stopping at the
 * first. A value that does not parse resolves to {@code null}; the parser stops before using it.
 */
final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final List<String> problems;

    ConfigValues(Map<String, String> flags, Map<String, String> env, List<String> problems) {
        this.flags = flags;
        this.env = env;
        this.problems = problems;
    }

    /** The parsed value of a setting, or null (with a problem recorded) if it does not parse. */
    <T> T get(String flag, Function<String, T> parse) {
        Settings.Setting s = setting(flag);
        Optional<String> fromFlag = Optional.ofNullable(flags.get(flag));
        Optional<String> fromEnv = Optional.ofNullable(env.get(s.env()));
        String value = fromFlag.or(() -> fromEnv).orElse(s.defaultValue());
        try {
            return parse.apply(value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(source(flag) + ": " + e.getMessage());
            return null;
        }
    }

    /** A setting that may be left unset (an empty value): empty then, else its parsed value. */
    <T> Optional<T> optional(String flag, Function<String, T> parse) {
        T value = get(flag, s -> s.isEmpty() ? null : parse.apply(s));
        return Optional.ofNullable(value);
    }

    /** Records a problem that only shows with other settings, naming both spellings of the setting. */
    void problem(String flag, String message) {
        problems.add(flag + " / " + setting(flag).env() + ": " + message);
    }

    private String source(String flag) {
        if (flags.containsKey(flag)) {
            return flag;
        }
        Settings.Setting s = setting(flag);
        return env.containsKey(s.env()) ? s.env() : flag + " (default)";
    }

    private static Settings.Setting setting(String flag) {
        return Settings.ALL.stream()
                .filter(x -> x.flag().equals(flag))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no setting " + flag));
    }

    static long longIn(String s, long min, long max) {
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer " + min + ".." + max + ", found \"" + s + "\"");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("expected an integer " + min + ".." + max + ", found " + n);
        }
        return n;
    }

    static int intIn(String s, int min, int max) {
        return (int) longIn(s, min, max);
    }

    static boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, found \"" + s + "\"");
        };
    }

    static Duration duration(String s) {
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
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
        if (d.isZero()) {
            throw new IllegalArgumentException("expected a duration above zero, found \"" + s + "\"");
        }
        return d;
    }

    static Path path(String s) {
        if (s.isBlank()) {
            throw new IllegalArgumentException("expected a path, found an empty value");
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("expected a path, found \"" + s + "\"");
        }
    }

    /** A file that must exist and be readable now. */
    static Path readableFile(String s) {
        Path p = path(s);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException("expected a readable file, found \"" + s + "\"");
        }
        return p;
    }

    /** A comma-separated list; blanks around items are dropped. */
    static <T> List<T> list(String s, Function<String, T> item) {
        List<T> out = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            if (!part.isBlank()) {
                out.add(item.apply(part.strip()));
            }
        }
        return out;
    }

    /** An absolute http(s) URL without path, query or fragment beyond "/": a browser origin or a public URL. */
    static URI httpUrl(String s) {
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected a URL such as https://docs.example.com, found \"" + s + "\"");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (u.getRawPath() == null
                        || u.getRawPath().isEmpty()
                        || u.getRawPath().equals("/"))
                && u.getRawQuery() == null
                && u.getRawFragment() == null
                && u.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || !bare) {
            throw new IllegalArgumentException("expected a URL such as https://docs.example.com, found \"" + s + "\"");
        }
        return u;
    }

    /** A browser origin, normalised as browsers send it: scheme://host[:port], lower case, no default port. */
    static String origin(String s) {
        URI u = httpUrl(s);
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
