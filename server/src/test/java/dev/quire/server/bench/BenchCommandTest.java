package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.server.QuireServer;
import dev.quire.server.config.ConfigParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench command around a run: its flags, the JSON with its documented fields, the HTML report
 * with its plots, scenario files and the sweep — against a real server.
 */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void parsesTheCommandFlagsAndLeavesTheRestToTheRun() {
        BenchCommand c = BenchCommand.parse(List.of(
                "--editors",
                "3",
                "--json",
                "r.json",
                "--report",
                "r.html",
                "--no-progress",
                "--sweep",
                "--sweep-from",
                "10",
                "--sweep-to",
                "30",
                "--sweep-step",
                "10",
                "--sweep-p99",
                "50ms"));
        assertEquals(3, c.base().editors());
        assertEquals(Optional.of(Path.of("r.json")), c.json());
        assertEquals(Optional.of(Path.of("r.html")), c.report());
        assertFalse(c.progress());
        assertEquals(
                new BenchCommand.SweepPlan(10, 30, 10, Duration.ofMillis(50)),
                c.sweep().orElseThrow());
        assertEquals(List.of(10, 20, 30), c.sweep().orElseThrow().steps());
        assertEquals(
                "--sweep: expected 2 <= --sweep-from <= --sweep-to and --sweep-step >= 1, found from 50, to 20, step 100",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> BenchCommand.parse(List.of("--sweep", "--sweep-from", "50", "--sweep-to", "20")))
                        .getMessage());
        assertEquals(
                "--json: missing value",
                assertThrows(IllegalArgumentException.class, () -> BenchCommand.parse(List.of("--json")))
                        .getMessage());
    }

    @Test
    void aScenarioFileNamesRunsWithTheirOwnOptions() throws Exception {
        Path file = dir.resolve("s.txt");
        Files.writeString(file, "# the light ones\nlat10 --editors 10 --rate-ms 50\n\ntput1doc --closed-loop # c\n");
        BenchCommand c = BenchCommand.parse(List.of("--doc-prefix", "p", "--scenarios", file.toString()));
        assertEquals(2, c.scenarios().size());
        assertEquals("lat10", c.scenarios().get(0).name());
        assertEquals(10, c.scenarios().get(0).options().editors());
        assertEquals("p-lat10", c.scenarios().get(0).options().docPrefix());
        assertEquals(
                BenchEditor.Mode.CLOSED_LOOP, c.scenarios().get(1).options().mode());
        Files.writeString(file, "bad --editors ten\n");
        assertEquals(
                "--scenarios: " + file + " line 1 (bad): --editors: expected an integer, found \"ten\"",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> BenchCommand.parse(List.of("--scenarios", file.toString())))
                        .getMessage());
    }

    @Test
    void aFiveSecondRunWritesItsJsonAndItsReport() throws Exception {
        Path json = dir.resolve("run.json");
        Path html = dir.resolve("run.html");
        Captured c = execute(
                "--editors",
                "3",
                "--docs",
                "1",
                "--rate-ms",
                "20",
                "--warmup",
                "1s",
                "--duration",
                "5s",
                "--doc-prefix",
                "five",
                "--json",
                json.toString(),
                "--report",
                html.toString());
        assertTrue(c.passed, c.out + c.err);
        JsonNode r = JSON.readTree(Files.readString(json));
        assertEquals(
                List.of(
                        "options",
                        "seconds",
                        "acked",
                        "ackedPerSecond",
                        "localEdits",
                        "windowDrops",
                        "handshakeMs",
                        "joinMs",
                        "ackMs",
                        "remoteMs",
                        "server",
                        "generatorCores",
                        "errors",
                        "converged",
                        "passed",
                        "timeline",
                        "percentiles"),
                fieldNames(r));
        assertEquals(3, r.get("options").get("editors").asInt());
        assertEquals("open-loop", r.get("options").get("mode").asText());
        assertEquals(5.0, r.get("options").get("durationSeconds").asDouble());
        assertEquals(3, r.get("handshakeMs").get("count").asInt());
        assertEquals(List.of("count", "p50", "p95", "p99", "max"), fieldNames(r.get("ackMs")));
        assertEquals(r.get("acked").asLong(), r.get("ackMs").get("count").asLong());
        assertEquals(2 * r.get("acked").asLong(), r.get("remoteMs").get("count").asLong()); // two receivers per op
        assertEquals(5, r.get("timeline").size());
        long perSecond = 0;
        for (JsonNode s : r.get("timeline")) {
            perSecond += s.get("acked").asLong();
        }
        assertEquals(r.get("acked").asLong(), perSecond);
        JsonNode last = r.get("percentiles")
                .get("remote")
                .get(r.get("percentiles").get("remote").size() - 1);
        assertEquals(100.0, last.get("percentile").asDouble());
        assertEquals(r.get("remoteMs").get("max").asDouble(), last.get("ms").asDouble());
        assertEquals(Map.of(), JSON.convertValue(r.get("errors"), Map.class));
        assertTrue(r.get("converged").asBoolean());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!doctype html>"), page);
        assertEquals(3, count(page, "<svg "));
        assertEquals(6, count(page, "<polyline class=\"series\""));
        assertFalse(page.contains("<script"), "the report runs no script");
        assertTrue(page.contains("Latency by percentile"), page);
        assertTrue(c.err.lines().anyMatch(l -> l.matches("bench: +\\d+ s  (warm-up|measuring) .* errors 0")), c.err);
    }

    @Test
    void aSweepStopsAtTheFirstStepOverTheBound() throws Exception {
        Path json = dir.resolve("sweep.json");
        Captured within = execute(
                "--sweep",
                "--sweep-from",
                "2",
                "--sweep-to",
                "4",
                "--sweep-step",
                "2",
                "--sweep-p99",
                "10s",
                "--rate-ms",
                "50",
                "--warmup",
                "300ms",
                "--duration",
                "1s",
                "--doc-prefix",
                "sw",
                "--no-progress",
                "--json",
                json.toString());
        assertTrue(within.passed, within.out);
        assertTrue(within.out.endsWith("largest step within the bound: 4 editors on one document\n"), within.out);
        JsonNode s = JSON.readTree(Files.readString(json)).get("sweep");
        assertEquals(4, s.get("largestPassing").asInt());
        assertEquals(2, s.get("steps").size());
        assertEquals(
                2,
                s.get("steps")
                        .get(0)
                        .get("result")
                        .get("options")
                        .get("editors")
                        .asInt());
        assertEquals(
                1,
                s.get("steps").get(1).get("result").get("options").get("docs").asInt());

        Captured over = execute(
                "--sweep",
                "--sweep-from",
                "2",
                "--sweep-to",
                "6",
                "--sweep-step",
                "2",
                "--sweep-p99",
                "0ms",
                "--rate-ms",
                "50",
                "--warmup",
                "300ms",
                "--duration",
                "1s",
                "--doc-prefix",
                "sw0",
                "--no-progress");
        assertFalse(over.passed, over.out);
        assertTrue(over.out.endsWith("no step stayed within the bound\n"), over.out);
        assertEquals(1, count(over.out, "\n       2  "), over.out); // stopped after the first step
        assertEquals(0, count(over.out, "\n       4  "), over.out);
    }

    private record Captured(boolean passed, String out, String err) {}

    private Captured execute(String... args) throws Exception {
        try (QuireServer server = new QuireServer(ConfigParser.parse(
                List.of(
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--data-dir",
                        dir.resolve("data").toString(),
                        "--op-rate",
                        "0"),
                Map.of()))) {
            List<String> all = new ArrayList<>(List.of("--url", "ws://127.0.0.1:" + server.port() + "/ws"));
            all.addAll(List.of(args));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            boolean passed = LoadGenerator.execute(
                    BenchCommand.parse(all),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Captured(passed, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int count(String s, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
