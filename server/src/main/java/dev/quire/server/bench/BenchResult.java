package dev.quire.server.bench;

import dev.quire.server.protocol.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one run of the load generator, and their text report ({@link #format()}); the
 * same figures go to JSON ({@link BenchJson}) and HTML ({@link BenchReport}).
 */
record BenchResult(
        BenchOptions options,
        Setup setup,
        Window window,
        ServerFigures server,
        Optional<Double> generatorCores,
        Map<String, Long> errors,
        boolean converged) {
    /** Printed when the server refused ops with {@code rate-limited}: the figures are not load figures. */
    static final String RATE_LIMITED_WARNING = "WARNING: the server answered rate-limited: start it with --op-rate 0"
            + " for load tests (closed-loop load exceeds any sane per-client op rate on purpose);"
            + " these figures measure the rate limit, not the server";

    /**
     * The editors' set-up before the load: whether they presented tokens, the opening handshakes
     * (TCP connect to 101, one editor at a time, so without contention) and the joins.
     */
    record Setup(boolean authenticated, Latencies.Summary handshake, Latencies.Summary join) {}

    /**
     * The measured window: ops sent in it and acknowledged, their latencies, second by second; and
     * how often, over the whole run, an editor's window fell to 1 because its acks lagged (decision 053).
     */
    record Window(
            double seconds,
            long acked,
            long localEdits,
            Latencies ack,
            Latencies remote,
            Timeline timeline,
            long windowDrops) {
        double ackedPerSecond() {
            return acked / seconds;
        }
    }

    /** The server process over the window, when its pid is known: CPU in cores, RSS at the end, threads. */
    record ServerFigures(
            Optional<Long> pid, Optional<Double> cores, Optional<Long> rssBytes, Map<String, Double> threads) {
        ServerFigures {
            threads = new LinkedHashMap<>(threads);
        }
    }

    BenchResult {
        errors = new LinkedHashMap<>(errors);
    }

    /** Converged with no error: the figures describe a healthy run. */
    boolean passed() {
        return converged && errors.isEmpty();
    }

    String format() {
        StringBuilder b = new StringBuilder();
        BenchOptions o = options;
        b.append(String.format(
                Locale.ROOT,
                "bench: %d editors, %d docs, %s, up to %d in flight, %.1f s measured after %d s warm-up, %s, client %s, %s%n",
                o.editors(),
                o.docs(),
                o.mode() == BenchEditor.Mode.CLOSED_LOOP ? "closed loop" : "an edit every " + o.rateMs() + " ms",
                o.inFlight(),
                window.seconds(),
                o.warmup().toSeconds(),
                o.url(),
                o.transport() == BenchOptions.Transport.HTTP
                        ? "http (/poll)"
                        : o.client().option(),
                setup.authenticated() ? "tokens presented" : "no tokens"));
        b.append("handshake (to 101):     ").append(setup.handshake().format()).append('\n');
        b.append("join (101 to joined):   ").append(setup.join().format()).append('\n');
        b.append(String.format(
                Locale.ROOT,
                "acked ops/s:            %.0f  (%d acks of ops sent in the window; %d local edits)%n",
                window.ackedPerSecond(),
                window.acked(),
                window.localEdits()));
        if (o.inFlight() > 1) {
            b.append(String.format(
                    Locale.ROOT,
                    "window drops:           %d  (an editor fell to 1 in flight after a lagging ack, whole run)%n",
                    window.windowDrops()));
        }
        b.append("submit->ack:            ")
                .append(window.ack().summary().format())
                .append('\n');
        b.append("submit->remote receipt: ")
                .append(window.remote().summary().format())
                .append('\n');
        b.append(String.format(
                Locale.ROOT,
                "server cpu:             %s%n",
                server.cores()
                        .map(c -> String.format(
                                Locale.ROOT,
                                "%.2f cores (pid %d)",
                                c,
                                server.pid().orElseThrow()))
                        .orElse("n/a (pass --server-pid)")));
        server.rssBytes()
                .ifPresent(r -> b.append(String.format(
                        Locale.ROOT, "server rss:             %.0f MiB at the end of the window%n", r / 1048576.0)));
        if (!server.threads().isEmpty()) {
            b.append("server threads:         ");
            server.threads().forEach((name, cores) -> b.append(String.format(Locale.ROOT, "%s %.2f; ", name, cores)));
            b.setLength(b.length() - 2);
            b.append('\n');
        }
        b.append(String.format(
                Locale.ROOT,
                "generator cpu:          %s%n",
                generatorCores
                        .map(c -> String.format(Locale.ROOT, "%.2f cores", c))
                        .orElse("n/a")));
        b.append("errors:                 ")
                .append(errors.isEmpty() ? "0" : errors.toString())
                .append('\n');
        if (errors.containsKey(ErrorCode.RATE_LIMITED.wire())) {
            b.append(RATE_LIMITED_WARNING).append('\n');
        }
        b.append("converged:              ")
                .append(converged ? "yes (every editor's text equals GET /api/docs/{id})" : "NO")
                .append('\n');
        return b.toString();
    }
}
