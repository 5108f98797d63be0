package dev.quire.server.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load of the measured window, counted from what the editors recorded: only ops SENT inside
 * the window count — their acks (submit→ack) and each other editor's receipt of them
 * (submit→remote receipt, matched by document and version), in total and second by second.
 */
final class Tally {
    private Tally() {}

    /** The figures of ops sent from {@code from} to {@code to} ({@link System#nanoTime}). */
    static BenchResult.Window count(List<BenchEditor> editors, long from, long to) {
        // (doc, version) -> send time of the op that produced it, for ops sent inside the window.
        Map<String, Map<Integer, Long>> sentByVersion = new HashMap<>();
        Latencies ack = new Latencies();
        Latencies remote = new Latencies();
        Timeline timeline = new Timeline(from, to);
        long acked = 0;
        long edits = 0;
        long drops = 0;
        for (BenchEditor e : editors) {
            synchronized (e) {
                edits += e.localEdits();
                drops += e.windowDrops();
                Map<Integer, Long> sent = sentByVersion.computeIfAbsent(e.docId, d -> new HashMap<>());
                for (int i = 0; i < e.ackVersion.size(); i++) {
                    long s = e.ackSent.get(i);
                    if (s >= from && s < to) {
                        acked++;
                        long nanos = e.ackAt.get(i) - s;
                        ack.add(nanos);
                        timeline.ack(s, nanos);
                        sent.put((int) e.ackVersion.get(i), s);
                    }
                }
            }
        }
        for (BenchEditor e : editors) {
            synchronized (e) {
                Map<Integer, Long> sent = sentByVersion.get(e.docId);
                for (int i = 0; i < e.receiptVersion.size(); i++) {
                    Long s = sent.get((int) e.receiptVersion.get(i));
                    if (s != null) {
                        long nanos = e.receiptAt.get(i) - s;
                        remote.add(nanos);
                        timeline.remote(s, nanos);
                    }
                }
            }
        }
        return new BenchResult.Window((to - from) / 1e9, acked, edits, ack, remote, timeline, drops);
    }
}
