package dev.quire.server.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load of the measured window, counted from what the editors recorded: only ops SENT inside
 * the window count — their acks (submit→ack) and each other editor's receipt of them
 * (submit→remote receipt, matched by document and version), in total and second by second. An
 * editor's {@link Receipts} are per frame and include its own ops; those are not receipts.
 */
final class Tally {
    private Tally() {}

    /** The figures of ops sent from {@code from} to {@code to} ({@link System#nanoTime}). */
    static BenchResult.Window count(List<BenchEditor> editors, long from, long to) {
        Map<String, Sends> sendsByDoc = new HashMap<>();
        Latencies ack = new Latencies();
        Latencies remote = new Latencies();
        Timeline timeline = new Timeline(from, to);
        long acked = 0;
        long edits = 0;
        long drops = 0;
        for (int k = 0; k < editors.size(); k++) {
            BenchEditor e = editors.get(k);
            synchronized (e) {
                edits += e.localEdits();
                drops += e.windowDrops();
                Sends sends = sendsByDoc.computeIfAbsent(e.docId, d -> new Sends());
                for (int i = 0; i < e.ackVersion.size(); i++) {
                    long s = e.ackSent.get(i);
                    if (s >= from && s < to) {
                        acked++;
                        long nanos = e.ackAt.get(i) - s;
                        ack.add(nanos);
                        timeline.ack(s, nanos);
                        sends.put((int) e.ackVersion.get(i), s, k);
                    }
                }
            }
        }
        for (int k = 0; k < editors.size(); k++) {
            BenchEditor e = editors.get(k);
            synchronized (e) {
                Sends sends = sendsByDoc.get(e.docId);
                Receipts receipts = e.receipts;
                for (int i = 0; i < receipts.size(); i++) {
                    int first = receipts.first(i);
                    long at = receipts.at(i);
                    for (int v = first, end = first + receipts.count(i); v < end; v++) {
                        if (sends.sentBy(v) >= 0 && sends.sentBy(v) != k) {
                            long s = sends.sentAt(v);
                            remote.add(at - s);
                            timeline.remote(s, at - s);
                        }
                    }
                }
            }
        }
        return new BenchResult.Window((to - from) / 1e9, acked, edits, ack, remote, timeline, drops);
    }

    /** One document's ops sent in the window, by the version they produced: when, and by which editor. */
    private static final class Sends {
        private long[] sentAt = new long[0];
        /** The editor's index, -1 for a version not sent in the window. */
        private int[] sentBy = new int[0];

        void put(int version, long at, int editor) {
            if (version >= sentBy.length) {
                int n = Math.max(version + 1, sentBy.length * 2);
                sentAt = Arrays.copyOf(sentAt, n);
                int old = sentBy.length;
                sentBy = Arrays.copyOf(sentBy, n);
                Arrays.fill(sentBy, old, n, -1);
            }
            sentAt[version] = at;
            sentBy[version] = editor;
        }

        /** The editor that sent {@code version} in the window, or -1. */
        int sentBy(int version) {
            return version >= 0 && version < sentBy.length ? sentBy[version] : -1;
        }

        long sentAt(int version) {
            return sentAt[version];
        }
    }
}
