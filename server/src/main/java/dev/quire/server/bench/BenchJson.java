package dev.quire.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The results as JSON ({@code --json FILE}); the fields are listed in {@code docs/performance.md}
 * ("The load generator's JSON"). Latencies are in milliseconds.
 */
final class BenchJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Steps per halving of the distance to 100 % in the percentile curves. */
    static final int PERCENTILE_TICKS = 5;

    private BenchJson() {}

    /** A result with the name of its scenario. */
    record Named(String name, BenchResult result) {}

    static void write(Path file, ObjectNode json) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(json) + "\n");
    }

    /** {@code {"scenarios":[{"name":…,"result":{…}}, …]}} */
    static ObjectNode scenarios(List<Named> results) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("scenarios");
        for (Named n : results) {
            ObjectNode s = list.addObject().put("name", n.name());
            s.set("result", result(n.result()));
        }
        return root;
    }

    /** {@code {"sweep":{"p99BoundMs":…,"largestPassing":…,"steps":[{"editors":…,"withinBound":…,"result":{…}}]}}} */
    static ObjectNode sweep(Sweep.Result sweep) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode s = root.putObject("sweep");
        s.put("from", sweep.plan().from())
                .put("to", sweep.plan().to())
                .put("step", sweep.plan().step());
        s.put("p99BoundMs", sweep.plan().p99Bound().toMillis());
        if (sweep.largestPassing().isPresent()) {
            s.put("largestPassing", sweep.largestPassing().get());
        } else {
            s.putNull("largestPassing");
        }
        ArrayNode steps = s.putArray("steps");
        for (Sweep.Step step : sweep.steps()) {
            ObjectNode o = steps.addObject().put("editors", step.editors()).put("withinBound", step.withinBound());
            o.set("result", result(step.result()));
        }
        return root;
    }

    /** One run's figures. */
    static ObjectNode result(BenchResult r) {
        ObjectNode root = JSON.createObjectNode();
        BenchOptions o = r.options();
        root.putObject("options")
                .put("url", o.url().toString())
                .put("editors", o.editors())
                .put("docs", o.docs())
                .put("mode", o.mode() == BenchEditor.Mode.CLOSED_LOOP ? "closed-loop" : "open-loop")
                .put("rateMs", o.rateMs())
                .put("inFlight", o.inFlight())
                .put("warmupSeconds", o.warmup().toMillis() / 1000.0)
                .put("durationSeconds", o.duration().toMillis() / 1000.0)
                .put("client", o.client().option())
                .put("transport", o.transport().option())
                .put("docPrefix", o.docPrefix())
                .put("seed", o.seed())
                .put("authenticated", r.setup().authenticated());
        BenchResult.Window w = r.window();
        root.put("seconds", w.seconds())
                .put("acked", w.acked())
                .put("ackedPerSecond", w.ackedPerSecond())
                .put("localEdits", w.localEdits())
                .put("windowDrops", w.windowDrops());
        root.set("handshakeMs", summary(r.setup().handshake()));
        root.set("joinMs", summary(r.setup().join()));
        root.set("ackMs", summary(w.ack().summary()));
        root.set("remoteMs", summary(w.remote().summary()));
        ObjectNode server = root.putObject("server");
        r.server().pid().ifPresentOrElse(p -> server.put("pid", p), () -> server.putNull("pid"));
        r.server().cores().ifPresentOrElse(c -> server.put("cores", c), () -> server.putNull("cores"));
        r.server().rssBytes().ifPresentOrElse(b -> server.put("rssBytes", b), () -> server.putNull("rssBytes"));
        ObjectNode threads = server.putObject("threads");
        r.server().threads().forEach(threads::put);
        r.generatorCores().ifPresentOrElse(c -> root.put("generatorCores", c), () -> root.putNull("generatorCores"));
        ObjectNode errors = root.putObject("errors");
        r.errors().forEach(errors::put);
        root.put("converged", r.converged()).put("passed", r.passed());
        ArrayNode timeline = root.putArray("timeline");
        for (Timeline.Second s : w.timeline().seconds()) {
            Latencies.Summary ack = s.ack().summary();
            Latencies.Summary remote = s.remote().summary();
            timeline.addObject()
                    .put("second", s.index())
                    .put("acked", s.acked())
                    .put("ackP50Ms", ack.p50() / 1e6)
                    .put("ackP99Ms", ack.p99() / 1e6)
                    .put("remoteP50Ms", remote.p50() / 1e6)
                    .put("remoteP99Ms", remote.p99() / 1e6);
        }
        ObjectNode percentiles = root.putObject("percentiles");
        percentiles.set("ack", curve(w.ack()));
        percentiles.set("remote", curve(w.remote()));
        return root;
    }

    private static ObjectNode summary(Latencies.Summary s) {
        return JSON.createObjectNode()
                .put("count", s.count())
                .put("p50", s.p50() / 1e6)
                .put("p95", s.p95() / 1e6)
                .put("p99", s.p99() / 1e6)
                .put("max", s.max() / 1e6);
    }

    private static ArrayNode curve(Latencies l) {
        ArrayNode a = JSON.createArrayNode();
        for (Latencies.Point p : l.percentiles(PERCENTILE_TICKS)) {
            a.addObject().put("percentile", p.percentile()).put("ms", p.nanos() / 1e6);
        }
        return a;
    }
}
