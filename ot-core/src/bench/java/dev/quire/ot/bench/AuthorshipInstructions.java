package dev.quire.ot.bench;

import dev.quire.ot.Authorship;
import dev.quire.ot.TextOperation;
import dev.quire.ot.server.ServerDocument;
import dev.quire.ot.testing.Traces.Patch;
import dev.quire.ot.testing.Traces.Trace;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The arms of {@link AuthorshipBenchmark} for an instruction count under {@code valgrind
 * --tool=callgrind}, which counts instructions whatever the load of the machine (the script
 * {@code ot-core/src/bench/authorship-callgrind.sh} drives it; docs/performance.md, "Authorship").
 *
 * <ul>
 *   <li>{@code dump FILE}: writes automerge-paper's patches to FILE in a plain binary form, so that
 *       the run under valgrind does not spend minutes parsing JSON;
 *   <li>{@code ARM FILE WARMUP ROUNDS DIR}, ARM one of {@code without}, {@code with}, {@code apply}:
 *       replays FILE WARMUP times, then creates {@code DIR/start} and waits until the driver has
 *       removed it (it switches counting on), replays ROUNDS times, and does the same with
 *       {@code DIR/stop}.
 * </ul>
 *
 * <p>Authors and times as in {@link AuthorshipBenchmark}, by counting.
 */
public final class AuthorshipInstructions {
    private static final String[] PEOPLE = {"Ada", "Bo", "Cy"};
    private static long sink;

    private AuthorshipInstructions() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args[0].equals("dump")) {
            dump(Path.of(args[1]));
            return;
        }
        String arm = args[0];
        TextOperation[] ops;
        int end;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(args[1])))) {
            ops = new TextOperation[in.readInt()];
            end = in.readInt();
            int length = 0;
            for (int i = 0; i < ops.length; i++) {
                int pos = in.readInt();
                int deleted = in.readInt();
                String inserted = in.readUTF();
                ops[i] = TextOperation.builder()
                        .retain(pos)
                        .delete(deleted)
                        .insert(inserted)
                        .retain(length - pos - deleted)
                        .build();
                length += inserted.length() - deleted;
            }
        }
        Path dir = Path.of(args[4]);
        for (int r = Integer.parseInt(args[2]); r > 0; r--) {
            run(arm, ops, end);
        }
        System.gc();
        handshake(dir.resolve("start"));
        for (int r = Integer.parseInt(args[3]); r > 0; r--) {
            run(arm, ops, end);
        }
        handshake(dir.resolve("stop"));
        System.out.println(arm + " done " + sink);
    }

    private static void dump(Path file) throws IOException {
        Trace trace = BenchTraces.load("automerge-paper");
        List<Patch> patches = trace.patches();
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(new FileOutputStream(file.toFile())))) {
            out.writeInt(patches.size());
            out.writeInt(trace.endContent().length());
            for (Patch p : patches) {
                out.writeInt(p.position());
                out.writeInt(p.delete());
                out.writeUTF(p.insert());
            }
        }
    }

    private static void handshake(Path file) throws IOException, InterruptedException {
        Files.createFile(file);
        while (Files.exists(file)) {
            Thread.sleep(20);
        }
    }

    private static void run(String arm, TextOperation[] ops, int end) {
        int length;
        switch (arm) {
            case "without" -> {
                ServerDocument doc = new ServerDocument("", 0);
                for (TextOperation op : ops) {
                    doc.submit(doc.version(), op);
                }
                length = doc.length();
            }
            case "with" -> {
                ServerDocument doc = new ServerDocument("", 0);
                Authorship authorship = Authorship.empty();
                int person = 0;
                int turn = 0;
                int minute = 0;
                int inMinute = 0;
                for (TextOperation op : ops) {
                    doc.submit(doc.version(), op);
                    authorship.apply(op, PEOPLE[person], minute);
                    if (++inMinute == 60) {
                        inMinute = 0;
                        minute++;
                    }
                    if (++turn == 5000) {
                        turn = 0;
                        person = person == 2 ? 0 : person + 1;
                    }
                }
                length = doc.length();
                sink += authorship.spanCount();
            }
            case "apply" -> {
                Authorship authorship = Authorship.empty();
                int person = 0;
                int turn = 0;
                int minute = 0;
                int inMinute = 0;
                for (TextOperation op : ops) {
                    authorship.apply(op, PEOPLE[person], minute);
                    if (++inMinute == 60) {
                        inMinute = 0;
                        minute++;
                    }
                    if (++turn == 5000) {
                        turn = 0;
                        person = person == 2 ? 0 : person + 1;
                    }
                }
                length = authorship.length();
                sink += authorship.spanCount();
            }
            default -> throw new IllegalArgumentException("arm: without, with or apply, not " + arm);
        }
        if (length != end) {
            throw new IllegalStateException("length " + length + " != " + end);
        }
    }
}
