package dev.quire.ot.bench;

import dev.quire.ot.TextOperation;
import dev.quire.ot.server.InFlight;
import dev.quire.ot.server.Placed;
import dev.quire.ot.server.ServerDocument;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

/**
 * The server's bridge (issue 16, decision 055): what it costs to place an op made {@code B}
 * versions ago, by CPU time and bytes allocated of the calling thread (both counted by the JVM,
 * so a loaded machine changes the first a little and the second not at all). Needs only the public
 * API, so the same source runs against any ot-core: compile it against the classes to compare
 * ({@code javac -cp ot-core/target/classes -d OUT BridgeCost.java}) and run
 * {@code java -cp ot-core/target/classes:OUT dev.quire.ot.bench.BridgeCost}.
 *
 * <p>A document of 2,000 characters has {@code B} ops of other authors since the session's
 * version; the session then places {@code k} ops made at that version, one after the other
 * (pipelined, {@code k} in flight, as a client with {@code --in-flight k} does), each through the
 * bridge. Ops are typing (one-character splices) or buffers (eight edits composed, as a client
 * composes its edits while its window is full: about 17 components). A step is one history op
 * crossed by one submitted op; the figures are per step.
 */
public final class BridgeCost {
    private static final int START = 2_000;
    private static long sink;

    private BridgeCost() {}

    public static void main(String[] args) {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        List<String> shapes = args.length > 2 ? List.of(args[2]) : List.of("typing", "buffer");
        int[] ks = args.length > 3 ? new int[] {Integer.parseInt(args[3])} : new int[] {1, 4};
        for (String shape : shapes) {
            for (int k : ks) {
                run(shape, k, backlog, 3 * rounds, false); // warm-up: compiled code only in the figures
                run(shape, k, backlog, rounds, true);
            }
        }
        System.out.println("(sink " + sink + ")");
    }

    private static void run(String shape, int k, int backlog, int rounds, boolean print) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Random r = new Random(16_055);
        long cpu = 0;
        long bytes = 0;
        long steps = 0;
        for (int round = 0; round < rounds; round++) {
            ServerDocument doc = new ServerDocument("x".repeat(START), 0, 100_000);
            int base = doc.version();
            int length = doc.length();
            for (int i = 0; i < backlog; i++) {
                TextOperation op = randomOp(r, shape, length);
                doc.submit(doc.version(), op);
                length = op.targetLength();
            }
            // The session's ops, each on the text its previous one left, at version base.
            TextOperation[] mine = new TextOperation[k];
            int clientLength = START;
            for (int j = 0; j < k; j++) {
                mine[j] = randomOp(r, shape, clientLength);
                clientLength = mine[j].targetLength();
            }
            long[] own = new long[backlog + k + 1]; // by version - base
            InFlight held = InFlight.none(base);
            long c0 = threads.getCurrentThreadCpuTime();
            long b0 = threads.getThreadAllocatedBytes(thread);
            for (int j = 0; j < k; j++) {
                steps += doc.version() - base;
                Placed p = doc.submit(base, j + 1, mine[j], held, v -> own[v - base], Long.MAX_VALUE, 32);
                own[p.applied().version() - base] = j + 1;
                held = p.inFlight();
                sink += p.applied().version();
            }
            cpu += threads.getCurrentThreadCpuTime() - c0;
            bytes += threads.getThreadAllocatedBytes(thread) - b0;
        }
        if (print) {
            System.out.printf(
                    "%-6s k=%d B=%d: %.1f ns/step, %.1f bytes/step (%d steps)%n",
                    shape, k, backlog, (double) cpu / steps, (double) bytes / steps, steps);
        }
    }

    private static TextOperation randomOp(Random r, String shape, int length) {
        TextOperation op = edit(r, length);
        if (shape.equals("buffer")) {
            for (int i = 1; i < 8; i++) {
                op = op.compose(edit(r, op.targetLength()));
            }
        }
        return op;
    }

    /** One character typed at a random place, or (one time in four) one deleted. */
    private static TextOperation edit(Random r, int length) {
        if (length > 0 && r.nextInt(4) == 0) {
            int at = r.nextInt(length);
            return TextOperation.builder()
                    .retain(at)
                    .delete(1)
                    .retain(length - at - 1)
                    .build();
        }
        int at = r.nextInt(length + 1);
        return TextOperation.builder()
                .retain(at)
                .insert("a")
                .retain(length - at)
                .build();
    }
}
