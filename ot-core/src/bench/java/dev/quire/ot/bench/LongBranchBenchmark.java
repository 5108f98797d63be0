package dev.quire.ot.bench;

import dev.quire.ot.OfflineBranch;
import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Traces.Trace;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Issue 11's benchmark, a plain main (each step is one long operation, timed whole with
 * {@link System#nanoTime}; JMH's per-call machinery adds nothing at these sizes). Run with the
 * bench profile, {@code -Dbench.main=dev.quire.ot.bench.LongBranchBenchmark -Djmh.args="RUNS [fold|branches]"}:
 *
 * <ol>
 *   <li><b>fold</b>: automerge-paper's 259,778 patch ops composed into one by a left fold,
 *       {@code a = a.compose(next)}, as a client's buffer composes keystrokes; then the result
 *       applied to "" (which must give endContent), timed apart; and, for comparison,
 *       {@code composeAll} of the same ops (a balanced tree of composes);
 *   <li><b>offline branches</b>: each concurrent trace with one author offline for the whole
 *       session (and friendsforever also from its middle version on), split as {@link
 *       dev.quire.ot.testing.Branches} describes. Timed: <i>buffer</i>, the offline client's
 *       {@code applyClient} of every offline op (one compose each); <i>server merge</i>, one
 *       {@code ServerDocument.submit} of the whole branch composed into one op (parsed from its
 *       JSON, as a server gets it) at the version the branches part, transformed over every
 *       online op; <i>reconnect</i>, ot-core's client and server running the reconnect (resend,
 *       the online ops through the client's op in flight and buffer, ack, the buffer sent and
 *       acked). Each checks that server and client end with the same text.
 * </ol>
 *
 * <p>Each figure is the median of RUNS measured runs (default 7) after 2 warm-up runs, with the
 * fastest and slowest run.
 */
public final class LongBranchBenchmark {
    private LongBranchBenchmark() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String what = args.length > 1 ? args[1] : "all";
        System.out.println("runs per figure: " + runs + " (after 2 warm-up runs); " + what);
        if (!what.equals("branches")) {
            fold(runs);
        }
        if (what.equals("fold")) {
            return;
        }
        String[][] scenarios = {
            {"friendsforever", "0", "start"},
            {"friendsforever", "1", "start"},
            {"friendsforever", "0", "middle"},
            {"clownschool", "0", "start"},
            {"clownschool", "1", "start"},
            {"clownschool", "2", "start"},
        };
        for (String[] s : scenarios) {
            Trace trace = BenchTraces.load("concurrent/" + s[0]);
            int shared = s[2].equals("start") ? 0 : trace.txns().size() / 2;
            branch(s[0], Integer.parseInt(s[1]), OfflineBranch.of(trace, Integer.parseInt(s[1]), shared), runs);
        }
    }

    static void fold(int runs) {
        Trace trace = BenchTraces.load("automerge-paper");
        TextOperation[] ops = BenchTraces.operations(trace);
        time(
                "automerge-paper left fold (" + (ops.length - 1) + " composes)",
                runs,
                () -> ops,
                LongBranchBenchmark::leftFold);
        String applied = time("  then apply(\"\") of the folded op", runs, () -> leftFold(ops), op -> op.apply(""));
        time("automerge-paper composeAll (pairwise)", runs, () -> Arrays.asList(ops), TextOperation::composeAll);
        if (!applied.equals(trace.endContent())) {
            throw new IllegalStateException("the fold does not give endContent");
        }
    }

    static TextOperation leftFold(TextOperation[] ops) {
        TextOperation a = ops[0];
        for (int i = 1; i < ops.length; i++) {
            a = a.compose(ops[i]);
        }
        return a;
    }

    static void branch(String name, int agent, OfflineBranch branch, int runs) {
        String label = name + ", agent " + agent + " offline from "
                + (branch.sharedVersion() == 0 ? "the start" : "version " + branch.sharedVersion()) + " ("
                + branch.branches().offline().size() + " offline ops, "
                + branch.branches().online().size()
                + " online ops)";
        System.out.println(label);
        String offlineText = branch.offlineText();
        String pendingJson = branch.pending().toString();
        System.out.println(
                "  the branch as one op: " + TextOperation.parse(pendingJson).componentCount() + " components, "
                        + pendingJson.length() + " chars of JSON");
        time("  buffer: applyClient of every offline op", runs, () -> branch, OfflineBranch::offlineClient);
        String merged = time(
                "  server merge: one submit of the whole branch",
                runs,
                () -> new Submit(branch.onlineServer(), TextOperation.parse(pendingJson)),
                submit -> {
                    submit.server().submit(branch.sharedVersion(), submit.op());
                    return submit.server().content();
                });
        OfflineBranch.Merged result = time(
                "  reconnect: client and server",
                runs,
                () -> new Reconnect(branch.onlineServer(), branch.offlineClient()),
                r -> OfflineBranch.reconnect(r.server(), r.client(), offlineText));
        if (!result.serverText().equals(result.clientText()) || !merged.equals(result.serverText())) {
            throw new IllegalStateException(label + ": the sides do not converge");
        }
    }

    record Submit(ServerDocument server, TextOperation op) {}

    record Reconnect(ServerDocument server, Client client) {}

    /**
     * Runs {@code setup} (untimed) then {@code step} (timed), 2 + {@code runs} times; prints the
     * median, fastest and slowest of the last {@code runs}; returns the last result.
     */
    static <T, R> R time(String label, int runs, Supplier<T> setup, Function<T, R> step) {
        double[] ms = new double[runs];
        R last = null;
        for (int i = -2; i < runs; i++) {
            T input = setup.get();
            long start = System.nanoTime();
            last = step.apply(input);
            long took = System.nanoTime() - start;
            if (i >= 0) {
                ms[i] = took / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf(
                Locale.ROOT, "%-62s median %10.2f ms  [%.2f – %.2f]%n", label, ms[runs / 2], ms[0], ms[runs - 1]);
        return last;
    }
}
