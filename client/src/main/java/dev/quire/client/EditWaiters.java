package dev.quire.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The futures of local edits, by the {@code seq} of the op that carries them: an edit sent at
 * once gets the seq of its own op, an edit buffered behind one in flight the seq the buffer will
 * be sent with (ot-core's {@code Client.nextSeq()} in both cases). An ack of seq {@code s}
 * completes every future up to {@code s} with the version it produced. Internal; event thread.
 */
final class EditWaiters {
    private final TreeMap<Integer, List<CompletableFuture<Integer>>> bySeq = new TreeMap<>();

    CompletableFuture<Integer> add(int seq) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        bySeq.computeIfAbsent(seq, s -> new ArrayList<>()).add(f);
        return f;
    }

    void acked(int seq, int version) {
        Map<Integer, List<CompletableFuture<Integer>>> done = bySeq.headMap(seq, true);
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        done.values().forEach(futures::addAll);
        done.clear();
        futures.forEach(f -> f.complete(version));
    }

    void failAll(RuntimeException e) {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        bySeq.values().forEach(futures::addAll);
        bySeq.clear();
        futures.forEach(f -> f.completeExceptionally(e));
    }
}
