package dev.quire.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time per thread of a process, from Linux's {@code /proc/PID/task/TID/stat}, grouped by thread
 * name with trailing digits dropped ({@code XNIO-1 I/O-2} → {@code XNIO-1 I/O-}). Shows where the
 * server's CPU goes during the window — its I/O threads, the store writer, H2's own threads, and
 * the JIT compiler, which on a fresh server keeps a large share for the first ~30-40 s. Empty on
 * other systems. Ticks are assumed to be 1/100 s (USER_HZ on every common Linux build).
 */
final class ProcessThreads {
    private static final double TICKS_PER_SECOND = 100;

    private ProcessThreads() {}

    /** Thread id → (name, user + system ticks); empty if {@code /proc} cannot be read. */
    static Map<String, Sample> sample(long pid) {
        Map<String, Sample> out = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> dirs = Files.list(tasks)) {
            dirs.forEach(
                    dir -> read(dir).ifPresent(s -> out.put(dir.getFileName().toString(), s)));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    private static java.util.Optional<Sample> read(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            // The name is in parentheses and may contain spaces; the fields after it are plain.
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] fields = stat.substring(close + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return java.util.Optional.of(new Sample(group(stat.substring(open + 1, close)), ticks));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** A thread's name without trailing digits, so pools read as one line. */
    static String group(String name) {
        return name.replaceAll("[0-9]+$", "");
    }

    /** Cores used per thread group between two samples, largest first, the top {@code limit}. */
    static Map<String, Double> cores(Map<String, Sample> before, Map<String, Sample> after, long wallNanos, int limit) {
        Map<String, Long> ticks = new HashMap<>();
        after.forEach((tid, s) -> {
            Sample b = before.get(tid);
            ticks.merge(s.group(), s.ticks() - (b == null ? 0 : b.ticks()), Long::sum);
        });
        Map<String, Double> out = new LinkedHashMap<>();
        ticks.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .forEach(e -> out.put(e.getKey(), e.getValue() / TICKS_PER_SECOND / (wallNanos / 1e9)));
        return out;
    }

    /** One thread's group name and CPU ticks. */
    record Sample(String group, long ticks) {}
}
