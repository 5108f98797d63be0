package dev.quire.server.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Quire load generator: N real WebSocket editors over M documents against a running server.
 *
 * <pre>
 *   java -jar server/target/quire-server.jar bench --url ws://127.0.0.1:8080/ws \
 *        --editors 10 --docs 1 --rate-ms 50 --duration 30s --warmup 5s [--json r.json] [--report r.html]
 *   java -jar server/target/quire-server.jar bench --sweep --rate-ms 1000 …   (editors per document)
 *   java -jar server/target/quire-server.jar bench --scenarios scenarios.txt …
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
    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE + BenchCommand.USAGE);
            return;
        }
        BenchCommand command;
        try {
            command = BenchCommand.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean passed;
        try {
            passed = execute(command, System.out, System.err);
        } catch (java.io.IOException e) {
            // The server cannot be reached, refused a handshake, or a file cannot be written.
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.exit(passed ? 0 : 1);
    }

    /**
     * Runs what {@code command} says, prints its text report to {@code out} (progress to
     * {@code err}), writes the JSON and HTML files asked for; true when every run converged with
     * no error (a sweep: when its first step passed).
     */
    static boolean execute(BenchCommand command, PrintStream out, PrintStream err) throws Exception {
        Optional<PrintStream> progress = command.progress() ? Optional.of(err) : Optional.empty();
        if (command.sweep().isPresent()) {
            Sweep.Result sweep = Sweep.run(command.base(), command.sweep().get(), progress, out);
            out.print(sweep.format());
            if (command.json().isPresent()) {
                BenchJson.write(command.json().get(), BenchJson.sweep(sweep));
            }
            if (command.report().isPresent()) {
                BenchReport.write(command.report().get(), BenchReport.sweep(sweep));
            }
            return sweep.largestPassing().isPresent();
        }
        List<BenchCommand.Scenario> scenarios = command.scenarios().isEmpty()
                ? List.of(new BenchCommand.Scenario("run", command.base()))
                : command.scenarios();
        List<BenchJson.Named> results = new ArrayList<>();
        boolean passed = true;
        for (BenchCommand.Scenario s : scenarios) {
            if (!command.scenarios().isEmpty()) {
                progress.ifPresent(p -> p.println("bench: scenario " + s.name()));
            }
            BenchResult r = run(s.options(), progress);
            if (!command.scenarios().isEmpty()) {
                out.println("== " + s.name());
            }
            out.print(r.format());
            results.add(new BenchJson.Named(s.name(), r));
            passed &= r.passed();
        }
        if (command.json().isPresent()) {
            BenchJson.write(
                    command.json().get(),
                    command.scenarios().isEmpty()
                            ? BenchJson.result(results.get(0).result())
                            : BenchJson.scenarios(results));
        }
        if (command.report().isPresent()) {
            BenchReport.write(command.report().get(), BenchReport.runs(results));
        }
        return passed;
    }

    /** Runs one benchmark and returns its figures, without progress lines. */
    static BenchResult run(BenchOptions o) throws Exception {
        return run(o, Optional.empty());
    }

    /** Runs one benchmark and returns its figures; a line per second to {@code progress}, if given. */
    static BenchResult run(BenchOptions o, Optional<PrintStream> progress) throws Exception {
        Map<String, AtomicLong> errors = BenchEditor.newErrorMap();
        List<BenchEditor> editors = new ArrayList<>();
        BenchCredentials credentials = o.credentials();
        List<Optional<String>> tokens = new ArrayList<>();
        for (int i = 0; i < o.editors(); i++) {
            tokens.add(credentials.editor(i));
        }
        Latencies handshakes = new Latencies();
        Latencies joins = new Latencies();
        BenchTransport transport = o.transport() == BenchOptions.Transport.HTTP
                ? new PollTransport()
                : o.client() == BenchOptions.WsClient.NIO ? new NioTransport(o.seed()) : new JdkTransport();
        Optional<Progress> ticker = Optional.empty();
        try {
            for (int i = 0; i < o.editors(); i++) {
                BenchEditor e = new BenchEditor(
                        o.docPrefix() + "-" + (i % o.docs()),
                        "bench-" + i + "-" + Long.toString(o.seed(), 36),
                        o.mode(),
                        o.inFlight(),
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
            ticker =
                    progress.map(p -> Progress.start(editors, errors, o.warmup().toNanos(), p));
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
            Optional<Long> rss = serverPid.flatMap(ProcessMemory::rss);
            transport.stopRepeating();
            editors.forEach(BenchEditor::stop);
            ticker.ifPresent(Progress::close);
            boolean converged = Convergence.await(editors, o.httpBase(), credentials.reader());
            BenchResult.ServerFigures server = new BenchResult.ServerFigures(
                    serverPid,
                    cores(serverCpu0, serverCpu1, to - from),
                    rss,
                    ProcessThreads.cores(threads0, threads1, to - from, 6));
            Map<String, Long> errorCounts = new java.util.TreeMap<>();
            errors.forEach((code, n) -> errorCounts.put(code, n.get()));
            return new BenchResult(
                    o,
                    new BenchResult.Setup(credentials.present(), handshakes.summary(), joins.summary()),
                    Tally.count(editors, from, to),
                    server,
                    cores(selfCpu0, selfCpu1, to - from),
                    errorCounts,
                    converged);
        } finally {
            ticker.ifPresent(Progress::close);
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
}
