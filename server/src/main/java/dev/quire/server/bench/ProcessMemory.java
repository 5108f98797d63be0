package dev.quire.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The resident memory of a process, from {@code /proc/PID/status} (Linux); empty elsewhere. */
final class ProcessMemory {
    private ProcessMemory() {}

    /** {@code VmRSS} in bytes, if the platform tells. */
    static Optional<Long> rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(parseKb(line.substring("VmRSS:".length())) * 1024);
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code "   12345 kB"} → 12345. */
    static long parseKb(String value) {
        String v = value.trim();
        if (!v.endsWith("kB")) {
            throw new IllegalArgumentException("expected a size in kB, found \"" + value + "\"");
        }
        return Long.parseLong(v.substring(0, v.length() - 2).trim());
    }
}
