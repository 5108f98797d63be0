package dev.quire.server.metrics;

import dev.quire.server.document.DocumentMeters;
import dev.quire.server.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters in one Micrometer registry with Prometheus's text format: what
 * {@code GET /metrics} shows and the admin page draws. One instance per server, passed by
 * constructor to whoever reports (no global registry). Names are API (docs/operations.md); labels
 * are bounded: an error code, a close code from a fixed list, never a document id.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class Meters implements DocumentMeters, AutoCloseable {
    /**
     * The Content-Type of {@link #scrape()}: Prometheus text format 0.0.4 (the registry picks its
     * writer from this value as from an Accept header; OpenMetrics is never served).
     */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Close codes counted by their number; any other is counted as {@code other} (a client picks its own). */
    private static final Set<Integer> CLOSE_CODES = Set.of(
            1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 4401, 4408);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EditorActivity activity = new EditorActivity();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter committed;
    private final Timer commit;
    private final Timer broadcast;
    private final DistributionSummary transforms;
    private final DistributionSummary sendQueue;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Map<DocumentMeters.ConflictOutcome, Counter> conflicts =
            new EnumMap<>(DocumentMeters.ConflictOutcome.class);
    private final Map<DocumentMeters.ForwardEvent, Counter> forwarded =
            new EnumMap<>(DocumentMeters.ForwardEvent.class);

    public Meters() {
        committed = Counter.builder("quire.ops.committed")
                .description("ops made durable (acknowledged), REST submissions included")
                .register(registry);
        commit = latency("quire.commit", "from an op's submit (after its transform budget) to durable");
        broadcast = latency("quire.broadcast", "from an op durable to written to the last editor's socket");
        transforms = DistributionSummary.builder("quire.transforms.per.op")
                .description("concurrent ops each op was transformed against")
                .serviceLevelObjectives(0.5, 1, 2, 5, 10, 20, 50, 100, 1_000, 10_000) // 0.5: not transformed
                .register(registry);
        sendQueue = DistributionSummary.builder("quire.send.queue")
                .baseUnit("bytes")
                .description("a connection's queued bytes after each message queued")
                .serviceLevelObjectives(1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20)
                .register(registry);
        for (DocumentMeters.ForwardEvent e : DocumentMeters.ForwardEvent.values()) {
            forwarded.put(
                    e,
                    Counter.builder("quire.forwarded")
                            .description("ops forwarded to their document's owner (decision 043), by event")
                            .tag(
                                    "event",
                                    e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                            .register(registry));
        }
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(
                    code,
                    Counter.builder("quire.errors")
                            .description("error answers sent to clients (WebSocket and REST), by code")
                            .tag("code", code.wire())
                            .register(registry));
        }
        for (DocumentMeters.ConflictOutcome outcome : DocumentMeters.ConflictOutcome.values()) {
            conflicts.put(
                    outcome,
                    Counter.builder("quire.conflicts")
                            .description("appends another node's commit refused (a shared store), by how the"
                                    + " document got past them: transformed in memory or reloaded from the store")
                            .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                            .register(registry));
        }
        gauge("quire.editors", "editors joined to an open document", activity::editors);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .serviceLevelObjectives(
                        Duration.ofNanos(250_000),
                        Duration.ofNanos(500_000),
                        Duration.ofMillis(1),
                        Duration.ofMillis(2),
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5))
                .register(registry);
    }

    /** Registers a gauge read at each scrape ({@code quire.connections} becomes {@code quire_connections}). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    /** Who edits which open document. */
    public EditorActivity activity() {
        return activity;
    }

    /** Every meter in Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    // ---- what the server reports ------------------------------------------------------------

    @Override
    public void committed(long nanos) {
        committed.increment();
        commit.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void conflict(DocumentMeters.ConflictOutcome outcome) {
        conflicts.get(outcome).increment();
    }

    @Override
    public void forwarded(DocumentMeters.ForwardEvent event) {
        forwarded.get(event).increment();
    }

    /**
     * Registers a counter read from {@code source} at each scrape ({@code quire.lease.acquisitions}
     * becomes {@code quire_lease_acquisitions_total}); Micrometer holds {@code source} weakly, so
     * it must live as long as the server.
     */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, source, count).description(description).register(registry);
    }

    @Override
    public void transforms(int count) {
        transforms.record(count);
    }

    @Override
    public void broadcast(long nanos) {
        broadcast.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void editorJoined(String docId, String clientId, String name) {
        activity.joined(docId, clientId, name);
    }

    @Override
    public void editorLeft(String docId, String clientId) {
        activity.left(docId, clientId);
    }

    /** A connection's queue holds {@code bytes} after a message was queued. */
    public void sendQueueBytes(long bytes) {
        sendQueue.record(bytes);
    }

    /** An error answer with {@code code} was sent to a client. */
    public void error(ErrorCode code) {
        errors.get(code).increment();
    }

    /** A WebSocket closed with {@code code} (either side's). */
    public void closed(int code) {
        String label = CLOSE_CODES.contains(code) ? Integer.toString(code) : "other";
        closes.computeIfAbsent(label, l -> Counter.builder("quire.closes")
                        .description("WebSocket closes by close code (either side's); unlisted codes as other")
                        .tag("code", l)
                        .register(registry))
                .increment();
    }

    // ---- what the admin page reads ----------------------------------------------------------

    Counter committedCounter() {
        return committed;
    }

    Timer commitTimer() {
        return commit;
    }

    Timer broadcastTimer() {
        return broadcast;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
