package dev.quire.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Quire load generator: N real WebSocket editors over M documents against a running server.
 *
 * <pre>
 *   java -jar server/target/quire-server.jar bench --url ws://127.0.0.1:8080/ws \
 *        --editors 10 --docs 1 --rate-ms 50 --duration 30s --warmup 5s
 *   java -cp server/target/quire-server.jar dev.quire.server.bench.LoadGenerator …   (same options)
 * </pre>
 *
 * <p>Editors join, edit during the warm-up and the measured window, then stop; the report
 * counts only ops SENT inside the window: acked ops/s, submit→ack latency (the author's view),
 * submit→remote-receipt latency (from the author's send to each other editor's receipt of the
 * op), errors by code, server and generator CPU, and finally whether every editor's text equals
 * the server's {@code GET /api/docs/{id}}. A benchmark, not a test: its figures go to
 * {@code docs/performance.md}.
 *
 * <p>The editors' sockets are a {@link BenchTransport} chosen by {@code --client}: by default
 * {@link NioTransport}, one selector thread for every editor and the rate ticks, since the
 * generator shares the machine's cores with the server it measures; {@code --client jdk} gives
 * {@link JdkTransport} ({@code java.net.http}) to compare with.
 */
public final class LoadGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        BenchResult result = run(options);
        System.out.print(result.format());
        System.exit(result.converged() && result.errors().isEmpty() ? 0 : 1);
    }

    /** Runs the whole benchmark and returns its figures. */
    static BenchResult run(BenchOptions o) throws Exception {
        Map<String, AtomicLong> errors = BenchEditor.newErrorMap();
        List<BenchEditor> editors = new ArrayList<>();
        BenchCredentials credentials = o.credentials();
        List<Optional<String>> tokens = new ArrayList<>();
        for (int i = 0; i < o.editors(); i++) {
            tokens.add(credentials.editor(i));
        }
        Latencies handshakes = new Latencies();
        Latencies joins = new Latencies();
        BenchTransport transport =
                o.client() == BenchOptions.WsClient.NIO ? new NioTransport(o.seed()) : new JdkTransport();
        try {
            for (int i = 0; i < o.editors(); i++) {
                BenchEditor e = new BenchEditor(
                        o.docPrefix() + "-" + (i % o.docs()),
                        "bench-" + i + "-" + Long.toString(o.seed(), 36),
                        o.mode(),
                        o.seed() * 1_000_003L + i,
                        errors);
                BenchEditor.Setup setup = e.connect(transport, o.url(), tokens.get(i));
                handshakes.add(setup.handshakeNanos());
                joins.add(setup.joinNanos());
                editors.add(e);
            }
            if (o.mode() == BenchEditor.Mode.OPEN_LOOP) {
                long periodNanos = o.rateMs() * 1_000_000L;
                for (int i = 0; i < editors.size(); i++) {
                    // Spread the editors' ticks over the period, as independent typists would be.
                    transport.repeat(editors.get(i)::tick, periodNanos * i / editors.size(), periodNanos);
                }
            }
            editors.forEach(BenchEditor::start);
            Thread.sleep(o.warmup().toMillis());
            Optional<Long> serverPid = o.serverPid().or(ProcessCpu::findServer);
            Optional<Duration> serverCpu0 = serverPid.flatMap(ProcessCpu::total);
            Optional<Duration> selfCpu0 =
                    ProcessCpu.total(ProcessHandle.current().pid());
            Map<String, ProcessThreads.Sample> threads0 =
                    serverPid.map(ProcessThreads::sample).orElse(Map.of());
            long from = System.nanoTime();
            Thread.sleep(o.duration().toMillis());
            long to = System.nanoTime();
            Optional<Duration> serverCpu1 = serverPid.flatMap(ProcessCpu::total);
            Optional<Duration> selfCpu1 =
                    ProcessCpu.total(ProcessHandle.current().pid());
            Map<String, ProcessThreads.Sample> threads1 =
                    serverPid.map(ProcessThreads::sample).orElse(Map.of());
            transport.stopRepeating();
            editors.forEach(BenchEditor::stop);
            boolean converged = awaitConvergence(editors, o.httpBase(), credentials.reader());
            Optional<Double> serverCores = cores(serverCpu0, serverCpu1, to - from);
            Optional<Double> selfCores = cores(selfCpu0, selfCpu1, to - from);
            Map<String, Double> serverThreads = ProcessThreads.cores(threads0, threads1, to - from, 6);
            BenchResult.Setup setup =
                    new BenchResult.Setup(credentials.present(), handshakes.summary(), joins.summary());
            return summarise(
                    o, setup, editors, from, to, converged, errors, serverPid, serverCores, serverThreads, selfCores);
        } finally {
            editors.forEach(BenchEditor::close);
            transport.close();
        }
    }

    private static Optional<Double> cores(Optional<Duration> a, Optional<Duration> b, long wallNanos) {
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((b.get().toNanos() - a.get().toNanos()) / (double) wallNanos);
    }

    /**
     * Waits until every editor has nothing in flight, reads each document from the server, waits
     * until every editor reached the server's version, then compares texts.
     */
    private static boolean awaitConvergence(List<BenchEditor> editors, URI base, Optional<String> reader)
            throws Exception {
        // Created only now, so that no HttpClient thread runs during the measured window.
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !editors.stream().allMatch(BenchEditor::isSynchronized)) {
            Thread.sleep(10);
        }
        Map<String, JsonNode> server = new HashMap<>();
        for (BenchEditor e : editors) {
            if (!server.containsKey(e.docId)) {
                HttpRequest.Builder get = HttpRequest.newBuilder(base.resolve("/api/docs/" + e.docId));
                reader.ifPresent(t -> get.header("Authorization", "Bearer " + t));
                HttpResponse<String> r = http.send(get.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return false;
                }
                server.put(e.docId, JSON.readTree(r.body()));
            }
        }
        while (System.nanoTime() < deadline
                && !editors.stream()
                        .allMatch(e -> e.version()
                                == server.get(e.docId).path("version").asInt())) {
            Thread.sleep(10);
        }
        boolean converged = true;
        for (BenchEditor e : editors) {
            JsonNode s = server.get(e.docId);
            if (e.version() != s.path("version").asInt()
                    || !e.text().equals(s.path("content").asText())) {
                System.err.printf(
                        Locale.ROOT,
                        "bench: editor of %s diverged: version %d vs server %d%n",
                        e.docId,
                        e.version(),
                        s.path("version").asInt());
                converged = false;
            }
        }
        return converged;
    }

    private static BenchResult summarise(
            BenchOptions o,
            BenchResult.Setup setup,
            List<BenchEditor> editors,
            long from,
            long to,
            boolean converged,
            Map<String, AtomicLong> errors,
            Optional<Long> serverPid,
            Optional<Double> serverCores,
            Map<String, Double> serverThreads,
            Optional<Double> selfCores) {
        // (doc, version) -> send time of the op that produced it, for ops sent inside the window.
        Map<String, Map<Integer, Long>> sentByVersion = new HashMap<>();
        Latencies ack = new Latencies();
        long acked = 0;
        long edits = 0;
        for (BenchEditor e : editors) {
            synchronized (e) {
                edits += e.localEdits();
                Map<Integer, Long> sent = sentByVersion.computeIfAbsent(e.docId, d -> new HashMap<>());
                for (int i = 0; i < e.ackVersion.size(); i++) {
                    long s = e.ackSent.get(i);
                    if (s >= from && s < to) {
                        acked++;
                        ack.add(e.ackAt.get(i) - s);
                        sent.put((int) e.ackVersion.get(i), s);
                    }
                }
            }
        }
        Latencies remote = new Latencies();
        for (BenchEditor e : editors) {
            synchronized (e) {
                Map<Integer, Long> sent = sentByVersion.get(e.docId);
                for (int i = 0; i < e.receiptVersion.size(); i++) {
                    Long s = sent.get((int) e.receiptVersion.get(i));
                    if (s != null) {
                        remote.add(e.receiptAt.get(i) - s);
                    }
                }
            }
        }
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((code, n) -> errorCounts.put(code, n.get()));
        double seconds = (to - from) / 1e9;
        return new BenchResult(
                o,
                setup,
                seconds,
                acked,
                edits,
                ack.summary(),
                remote.summary(),
                errorCounts,
                serverPid,
                serverCores,
                serverThreads,
                selfCores,
                converged);
    }
}
