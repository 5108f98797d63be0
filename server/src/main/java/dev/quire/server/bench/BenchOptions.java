package dev.quire.server.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The load generator's options.
 *
 * @param url       the server's WebSocket URL, e.g. {@code ws://127.0.0.1:8080/ws}
 * @param editors   WebSocket editors (one socket each)
 * @param docs      documents; editor i edits document i % docs
 * @param rateMs    open loop: each editor makes a local edit every this many ms; 0 = closed loop
 *                  (each editor sends its next op as soon as the last one is acked)
 * @param duration  the measured window
 * @param warmup    editing before the measured window (not counted)
 * @param serverPid the server process for CPU figures, if known
 * @param seed      seed of the random edits
 * @param docPrefix prefix of the document ids (a fresh one per run by default)
 * @param client    the editors' WebSocket client (default {@link WsClient#NIO})
 * @param token     {@code --token}: the bearer token every editor presents
 * @param jwtSecret {@code --jwt-secret}: the server's HS256 secret, to sign one token per editor
 * @param transport {@code --transport}: the WebSocket (default) or the HTTP fallback ({@code /poll})
 * @param inFlight  {@code --in-flight}: the most ops each editor keeps in flight (pipelining, decision 039);
 *                  fewer while its acks lag ({@link AckTimes}, decision 053)
 */
record BenchOptions(
        URI url,
        int editors,
        int docs,
        int rateMs,
        Duration duration,
        Duration warmup,
        Optional<Long> serverPid,
        long seed,
        String docPrefix,
        WsClient client,
        Optional<String> token,
        Optional<String> jwtSecret,
        Transport transport,
        int inFlight) {

    /** Each editor's window when {@code --in-flight} is not given (docs/performance.md, decision 039). */
    static final int DEFAULT_IN_FLIGHT = 4;

    /** How the editors reach the server, as {@code --transport} names it. */
    enum Transport {
        /** {@code /ws}, by the {@code --client} chosen. */
        WEBSOCKET,
        /** The HTTP fallback, {@code /poll} ({@link PollTransport}): long polls and batched POSTs. */
        HTTP;

        /** The name {@code --transport} takes: {@code websocket} or {@code http}. */
        String option() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The editors' WebSocket client, as {@code --client} names it. */
    enum WsClient {
        /** {@link NioTransport}: one selector thread for every editor; {@code ws://} only. */
        NIO,
        /** {@link JdkTransport}: one {@code java.net.http} WebSocket per editor, the baseline. */
        JDK;

        /** The name {@code --client} takes: {@code nio} or {@code jdk}. */
        String option() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String USAGE = String.join(
            "\n",
            "usage: bench [--url ws://127.0.0.1:8080/ws] [--editors 10] [--docs 1]",
            "             [--rate-ms 50 | --closed-loop] [--duration 30s] [--warmup 5s]",
            "             [--server-pid PID] [--seed 1] [--doc-prefix bench-xyz] [--client nio|jdk]",
            "             [--token JWT | --jwt-secret SECRET] [--transport websocket|http]",
            "             [--in-flight " + DEFAULT_IN_FLIGHT + "]",
            "  --rate-ms R     each editor makes a random edit every R ms (open loop; default 50)",
            "  --closed-loop   each editor sends its next op as soon as fewer than --in-flight are",
            "                  unacknowledged (with --in-flight 1: as soon as the last one is acked)",
            "  --in-flight W   the most ops each editor keeps sent and unacknowledged (1 to 32,",
            "                  default " + DEFAULT_IN_FLIGHT + "); later edits are composed into one op sent at the",
            "                  next ack. 1 is one op in flight, as before pipelining (decision 039).",
            "                  W is a maximum: an editor falls back to 1 after an ack more than",
            "                  100 ms above its shortest round trip and goes back up by one per",
            "                  quicker ack, so late acks do not feed the server more ops (decision 053)",
            "  --client        nio (default): one thread runs every editor's socket and the rate",
            "                  ticks over one NIO selector (ws:// only), for little generator CPU and",
            "                  no thread hop inside the measured latencies; jdk: a java.net.http",
            "                  WebSocket per editor, the baseline to compare with",
            "  --transport     websocket (default), or http: the HTTP fallback (/poll: long polls,",
            "                  batched POSTs) that editors use where WebSockets are blocked; --client",
            "                  then does not apply",
            "  --server-pid    the server's pid for CPU figures (default: the one java process",
            "                  whose command line names quire-server, if there is exactly one)",
            "  --token         a bearer token every editor presents (authentication on)",
            "  --jwt-secret    the server's --jwt-secret (or env QUIRE_JWT_SECRET): sign one token per",
            "                  editor (sub bench-<i>, docs {\"*\": \"write\"}), so each editor is its own user",
            "  Load tests need a server started with --op-rate 0: closed-loop load exceeds any sane",
            "  per-client op rate on purpose.",
            "");

    BenchOptions {
        if (editors < 1) {
            throw new IllegalArgumentException("--editors: expected >= 1, found " + editors);
        }
        if (docs < 1 || docs > editors) {
            throw new IllegalArgumentException("--docs: expected 1.." + editors + ", found " + docs);
        }
        if (rateMs < 0) {
            throw new IllegalArgumentException("--rate-ms: expected >= 1, found " + rateMs);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--duration: expected > 0, found " + duration);
        }
        if (transport == Transport.WEBSOCKET && client == WsClient.NIO && !"ws".equals(url.getScheme())) {
            throw new IllegalArgumentException("--client: nio speaks ws:// only, found " + url + " (use --client jdk)");
        }
        if (token.isPresent() && jwtSecret.isPresent()) {
            throw new IllegalArgumentException("--token and --jwt-secret: expected one of them, found both");
        }
        if (inFlight < 1 || inFlight > dev.quire.ot.client.Client.MAX_WINDOW) {
            throw new IllegalArgumentException(
                    "--in-flight: expected 1.." + dev.quire.ot.client.Client.MAX_WINDOW + ", found " + inFlight);
        }
    }

    /** The editors' tokens: minted now, valid for the whole run and a margin of ten minutes. */
    BenchCredentials credentials() {
        if (token.isPresent()) {
            return BenchCredentials.token(token.get());
        }
        return jwtSecret
                .map(s -> BenchCredentials.signedWith(
                        s, java.time.Instant.now().plus(warmup).plus(duration).plus(Duration.ofMinutes(10))))
                .orElseGet(BenchCredentials::none);
    }

    /** These options with {@code n} editors on one document of its own (a step of a sweep). */
    BenchOptions withEditorsOnOneDocument(int n) {
        return new BenchOptions(
                url,
                n,
                1,
                rateMs,
                duration,
                warmup,
                serverPid,
                seed,
                docPrefix + "-sweep-" + n,
                client,
                token,
                jwtSecret,
                transport,
                inFlight);
    }

    /** Closed loop when no rate was given. */
    BenchEditor.Mode mode() {
        return rateMs == 0 ? BenchEditor.Mode.CLOSED_LOOP : BenchEditor.Mode.OPEN_LOOP;
    }

    /** The HTTP base ({@code http://host:port}) of the WebSocket URL. */
    URI httpBase() {
        String scheme = url.getScheme().equals("wss") ? "https" : "http";
        return URI.create(scheme + "://" + url.getRawAuthority());
    }

    static BenchOptions parse(List<String> args) {
        URI url = URI.create("ws://127.0.0.1:8080/ws");
        int editors = 10;
        int docs = 1;
        int rateMs = 50;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(5);
        Optional<Long> pid = Optional.empty();
        long seed = 1;
        String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36);
        WsClient client = WsClient.NIO;
        Optional<String> token = Optional.empty();
        Optional<String> jwtSecret = Optional.empty();
        Transport transport = Transport.WEBSOCKET;
        int inFlight = DEFAULT_IN_FLIGHT;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String name = rest.remove(0);
            if (name.equals("--closed-loop")) {
                rateMs = 0;
                continue;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(name + ": missing value\n" + USAGE);
            }
            String value = rest.remove(0);
            switch (name) {
                case "--url" -> url = URI.create(value);
                case "--editors" -> editors = integer(name, value);
                case "--docs" -> docs = integer(name, value);
                case "--rate-ms" -> rateMs = integer(name, value);
                case "--duration" -> duration = duration(name, value);
                case "--warmup" -> warmup = duration(name, value);
                case "--server-pid" -> pid = Optional.of((long) integer(name, value));
                case "--seed" -> seed = integer(name, value);
                case "--doc-prefix" -> prefix = value;
                case "--client" -> client = client(value);
                case "--token" -> token = Optional.of(value);
                case "--jwt-secret" -> jwtSecret = Optional.of(value);
                case "--transport" -> transport = transport(value);
                case "--in-flight" -> inFlight = integer(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (token.isEmpty() && jwtSecret.isEmpty()) {
            jwtSecret = Optional.ofNullable(System.getenv("QUIRE_JWT_SECRET"));
        }
        return new BenchOptions(
                url, editors, docs, rateMs, duration, warmup, pid, seed, prefix, client, token, jwtSecret, transport,
                inFlight);
    }

    private static Transport transport(String value) {
        for (Transport t : Transport.values()) {
            if (t.option().equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("--transport: expected websocket or http, found \"" + value + "\"");
    }

    private static WsClient client(String value) {
        for (WsClient c : WsClient.values()) {
            if (c.option().equals(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("--client: expected nio or jdk, found \"" + value + "\"");
    }

    static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected an integer, found \"" + value + "\"");
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, or a bare number of seconds. */
    static Duration duration(String name, String value) {
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + ": expected a duration such as 500ms, 30s or 2m, found \"" + value + "\"");
        }
    }
}
