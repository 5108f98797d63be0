package dev.quire.server.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connections that were sent a frame the server must fail them for (RFC 6455, or Quire's
 * protocol): left to the server to end, each is noted once it ended, by its close code, or as
 * "open after 5 s" (then aborted). The 5 s is a report's horizon, not an assertion.
 *
 * <p>Not thread-safe: the fuzzer's thread owns it.
 */
final class FuzzClosings {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record Closing(FuzzSocket socket, String poison, long deadline) {}

    private final List<Closing> closing = new ArrayList<>();
    private final Map<String, AtomicLong> outcomes;

    /** Counts into {@code outcomes}: "what was sent -> how it ended". */
    FuzzClosings(Map<String, AtomicLong> outcomes) {
        this.outcomes = outcomes;
    }

    void add(FuzzSocket socket, String poison) {
        closing.add(new Closing(socket, poison, System.nanoTime() + WAIT_NANOS));
    }

    /** Notes the connections that ended or ran out of time; {@code all}: waits for every one. */
    void reap(boolean all) {
        while (!closing.isEmpty()) {
            long now = System.nanoTime();
            closing.removeIf(c -> {
                Integer code = c.socket().closeCode.getNow(null);
                if (code == null && now < c.deadline()) {
                    return false;
                }
                c.socket().abort();
                String outcome = code == null ? "open after 5 s" : code == -1 ? "no close frame" : code.toString();
                outcomes.computeIfAbsent(c.poison() + " -> " + outcome, k -> new AtomicLong())
                        .incrementAndGet();
                return true;
            });
            if (!all) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
